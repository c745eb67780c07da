"""What a message is for: an update to log, a question to answer, both, or neither.

An update must never be lost to a search, so a message is searched only when it is clearly
a question: it ends with "?" or starts with a question word or a search word ("show",
"find", "any", "list"), and reports nothing done. A message opening as reports do ("Did a
litter pick ...", "Have set up ...", "Went to ...", "Had 25 at ...") is an update. When it
could be either ("did anyone see the fly tip on Ferham Rd", or a report ending in "?"), the
officer chooses. A statement that only opens like a question (an exclamation, a headline
clause, a subject left out, a heading, a rhetorical question) is read as a statement.
Requests, thanks and greetings are neither. The words are data
(vocabulary.yaml); this module holds only the order the rules are tried in.

Decided before anything is stored or searched, so the same rule serves the chat and the
accuracy bench (bench.understanding scores it on the labelled sets).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from handlers.reading.counts import read_counts
from handlers.reading.dates import (
    DAY_MONTH,
    DAYS,
    MONTH_NAMES,
    MONTHS,
    names_a_timetable,
)
from handlers.reading.understand import Reading
from handlers.reading.vocabulary import vocabulary

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A short heading before a colon or dash: "Ward update:", "quick one -".
# Where a sentence ends: its mark and a space, or a new line.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
# A heading of up to ten words ending in a colon.
_HEADING_COLON = re.compile(r"^\s*(?:[^\s:?]+\s+){0,9}[^\s:?]+\s*:")
_READER = frozenset({"you", "your", "u", "ur", "youre", "yourself"})
_TOLD = frozenset({"was", "were", "had", "did", "went", "got", "made", "took", "came"})
_KEPT_CONTRACTIONS = ("'re", "'ve", "'ll", "'d", "'m")
_CLAUSE_BREAK = re.compile(r"[,;.!]\s|\s[-–]\s|\n")
_HEADING = re.compile(r"^\s*(?:[^\s:?]+\s+){0,3}?[^\s:?]+\s*(?::|\s[-–]\s)")
# Hours and dates a notice gives: a clock range ("10-12.30", "2-4pm"), a start or close
# ("from 9.30", "at 6pm", "till 4"), a time of day ("10am"), or a span of days ("2-5 May",
# "21-24 Aug"). Not ages ("5-11 yr olds"), scores past 24 or sums ("£2-3").
_HOUR = r"(?:[01]?\d|2[0-4])(?:[.:][0-5]\d)?"
_HOURS = re.compile(
    rf"(?<![\d£.,/-])\b{_HOUR}\s*(?:am|pm)?\s*[-–]\s*{_HOUR}\s*(?:am|pm)?\b"
    rf"(?!\s*(?:yrs?|years?|yo|y/o|year|%|{MONTH_NAMES})\b)(?![.,]?\d)"
    rf"|\b(?:from|at|till|til|until)\s+{_HOUR}(?:\s*(?:am|pm)\b|(?![\w.,:]?\d)(?!\s*[a-z]))"
    rf"|\b{_HOUR}\s*(?:am|pm)\b"
    rf"|\b(?:{'|'.join(DAYS)})s?\s+{_HOUR}[.:][0-5]\d\b"  # "3rd Monday 6.30", "tues 6.30"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_NAMES})\b",
    re.I,
)
# An event's date as a notice gives it, its weekday before the day ("Tue 27 Mar", "sat 19
# July", "thurs 7th"): one kind of notice detail apart from hours.
_DAY_AND_DATE = re.compile(
    rf"\b(?:{'|'.join(DAYS)}|weds)\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![-–.:]\d)(?!\s*(?:am|pm)\b)",
    re.I,
)
# Before a closing date: "ring Sarah before 8 March", "closing 31st jan".
_CLOSERS = "before|by|closing|closes|deadline|ends|ending"
_CLOSES_ON = re.compile(
    rf"\b(?:{_CLOSERS})\s+(?:is\s+|on\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b", re.I
)
_PRICE = re.compile(r"£\s?\d+(?:\.\d\d)?\s+(\w+(?:\s+\w+)?)", re.I)
# Weekdays as words, "weds" too (dates.py reads it as "wed" and a plural).
_DAY_WORDS = frozenset({*DAYS, "weds"})


class Intent(StrEnum):
    UPDATE = "update"
    QUESTION = "question"
    EITHER = "either"  # could be read both ways: the officer chooses
    OTHER = "other"


def _words(text: str) -> list[str]:
    return [w.replace("'", "") for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def _starts(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(words[: len(p.split())] == p.split() for p in phrases)


def _without_opener(text: str) -> str:
    """The message after an opener that says nothing of its intent ("fyi", "quick one -")."""
    words = vocabulary().intent
    heading = _HEADING.match(text)
    if heading and _starts(_words(heading.group(0)), words.openers):
        return text[heading.end() :]
    found = _words(text)
    for opener in sorted(words.openers, key=len, reverse=True):
        size = len(opener.split())
        if found[:size] == opener.split() and len(found) > size:
            match = re.match(rf"\W*(?:\w+\W+){{{size}}}", text)
            return text[match.end() :] if match else text
    return text


def is_opener(text: str) -> bool:
    """Words that head a post without naming anything: "Update to Cabinet", "fyi"."""
    return " ".join(_words(text)) in vocabulary().intent.openers


def reads_as_update(reading: Reading, text: str) -> bool:
    """Something was done: a count, a theme, a date or a place, in more than a few words."""
    said = reading.people_reached or reading.volunteers or reading.quantities
    where = reading.ward or reading.candidates or reading.places
    return len(text.split()) >= 3 and bool(said or reading.themes or reading.date_reason or where)


def _sentences(text: str) -> list[str]:
    """The message's sentences, each with its closing mark ("?" says it asks)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append(text[start : end.end()])
        start = end.end()
    found.append(text[start:])
    return [s.strip() for s in found if _words(s)]


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?")


def _invites(sentence: str) -> bool:
    """A question put to the reader after a report: "Why not pop in?", "Fancy joining?",
    a suggestion ("worth setting up a group?") or a call for takers ("any groups up for
    it?", "anyone keen to help?")."""
    words = vocabulary().intent
    found = _words(sentence)
    return _starts(found, words.invitations) or _calls_for_takers(found)


def _calls_for_takers(found: list[str]) -> bool:
    words = vocabulary().intent
    if not found or found[0] not in words.takers_heads:
        return False
    return any(_starts(found[i:], words.takers_words) for i in range(1, min(len(found), 5)))


def _promises(sentences: list[str]) -> bool:
    """ "will bring the gazebo for the gala", "will chase it up": a modal, its subject left
    out, then a verb (not a pronoun, a determiner or a name, as a question puts next)."""
    words = vocabulary().intent
    first = sentences[0]
    found = _spelled(first)
    if len(found) < 2 or _asks(first) or found[0] not in words.promise_modals:
        return False
    after = re.search(r"\b\w+\W+(\w+)", first)
    named = after is not None and after.group(1)[:1].isupper()
    if named or found[1] in words.determiners or found[1] in words.subjects:
        return False
    return len(found) < 3 or found[2] != "be"  # "will library be open sat" asks


def _states(sentences: list[str], text: str) -> bool:
    """Whether the message opens as a statement that only looks like a question: an
    exclamation ("What a turnout"), a clause ("How residents turned ...", "When the rain
    stopped, ..."), a subject left out ("Was great to see ...", "Should be busy"), a heading
    ("What's on in Wath: ...") or a rhetorical question ("Did you know ...?", "Who knew
    ...?"), whose own "?" asks nothing."""
    words = vocabulary().intent
    first = sentences[0]
    found = _words(first)
    if _starts(found, words.rhetorical_starts) or _starts(found, words.statement_starts):
        return True
    if _starts(found, words.exclamation_starts):
        return not _asks(first)  # "what a mess, who's clearing it?" asks
    if _asks(first):
        return False
    if (
        "?" not in text
        and _HEADING_COLON.match(first)
        and _WORD.search(first.split(":", 1)[1])
        # "Reminder: surgery tomorrow" is a reminder ("Reminder for the newsletter: ..." heads
        # a piece for the record)
        and " ".join(_words(first.split(":", 1)[0])) not in words.other_starts
    ):
        return True  # a question never ends in a colon: "Where to find a warm welcome: ..."
    raw = _spelled(first)
    return len(raw) > 1 and (
        (
            raw[0] in words.clause_starts
            and raw[1] not in words.asks_after
            and _tells(first, raw[1:])
        )
        or (raw[0] in words.auxiliaries and raw[1] in words.predicate_words)
        or (raw[0] in words.past_auxiliaries and raw[1].isdigit())  # "were 30 at the forum"
    )


def _tells(sentence: str, words: list[str]) -> bool:
    """A clause says what happened: a past tense ("turned", "was", "we're") or a main
    clause after it ("When the rain stopped, 40 joined"). Terse questions have neither:
    "when the next TARA mtg", "why the delay on the lights"."""
    return (
        "," in sentence
        or any(len(w) > 3 and w.endswith("ed") for w in words)
        or any(w in _TOLD for w in words)
        or any(w.endswith(_KEPT_CONTRACTIONS) for w in words)
    )


def _spelled(text: str) -> list[str]:
    """Words as written but for the apostrophe of "n't" or "'s": "we're" after "why" is not
    the "were" of a question, while "hasn't" is "hasnt"."""
    found = _WORD.findall(text.lower().replace("\u2019", "'"))
    return [w if w.endswith(_KEPT_CONTRACTIONS) else w.replace("'", "") for w in found]


def _closes_with_an_invitation(text: str) -> bool:
    """ "... open on Tuesdays. Why not pop in?", "pantry reopened - can you help?": the
    last clause invites the reader after something was said."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if _words(c)]
    return len(clauses) > 1 and _invites(clauses[-1])


def _heads_a_notice(sentences: list[str]) -> bool:
    """ "Are you a carer? The carers' cafe runs every Weds": a question put to the reader,
    then a statement that does not ask, could be a notice as well as a question."""
    later = [w for s in sentences[1:] for w in _words(s)]
    return (
        _asks(sentences[0])
        and _to_the_reader(sentences[0])
        and len(later) >= 4
        and not any(_asks(s) for s in sentences[1:])
    )


def _asks_the_reader_too(sentences: list[str]) -> bool:
    """ "The scheme goes to consultation next month. What do you think should go on the
    green?": a statement, then a question put to the reader."""
    return any(len(_words(s)) >= 4 and not _asks(s) for s in sentences) and any(
        _asks(s) and _to_the_reader(s) for s in sentences
    )


def _to_the_reader(sentence: str) -> bool:
    return bool(_READER & set(_words(sentence)))


def _notice(found: list[str]) -> bool:
    """ "Any group in Wath can now apply", "Anyone passing the park will have seen ...": a
    search word that heads a statement to everyone, not a search."""
    words = vocabulary().intent
    if found[0] not in ("any", "anyone", "anybody", "any1", "anything"):
        return False
    for i in range(1, min(len(found), 8)):
        if found[i] in words.relative_words and i == 1:
            # "Anyone who came to the gala will know ...": past the relative clause's own
            # verb, a notice verb still states; "anyone who can help" has none.
            return any(_starts(found[j:], words.notice_verbs) for j in range(3, len(found)))
        if found[i] in words.notice_blockers:
            return False
        if _starts(found[i:], words.notice_verbs) or found[i] in words.told_verbs:
            return True  # "any leftover tins went to the pantry"
    return False


def _names_a_thing_done(found: list[str]) -> bool:
    """ "list of dates went out to the groups", "show of hands at the tara, 20 for it": a
    search word as a noun ("list of"), in a message telling something done, reports."""
    return len(found) > 2 and found[1] == "of" and _tells_something_done(found)


def _asking_others(found: list[str]) -> bool:
    """ "can anyone tell me ...", "could somebody recommend ...": asking to know."""
    words = vocabulary().intent
    return (
        len(found) > 2
        and found[0] in words.asked_of_others
        and found[1] in words.askees
        and found[2] in words.information_verbs
    )


def _asks_for_a_taker(found: list[str]) -> bool:
    """ "anyone able to cover the stall at the gala?", "can we get someone to do the
    judging?": someone sought to do a job is a request, "?" or not; "anyone able to tell me
    ..." asks to know."""
    words = vocabulary().intent
    if _calls_for_takers(found):
        return True  # "anyone fancy a joint stall at the gala?"
    at = next((len(f.split()) for f in words.taker_finds if _starts(found, (f,))), 0)
    if at >= len(found) or found[at] not in words.askees or found[at] in _READER:
        return False
    rest = found[at + 1 :]
    ready = next((f for f in words.taker_fillers if _starts(rest, (f,))), None)
    if ready is None and not at:
        return False  # "anyone to ..." needs "can we get" before it
    rest = rest[len(ready.split()) :] if ready else rest
    return len(rest) > 1 and rest[0] == "to" and rest[1] not in words.information_verbs


def _counted(reading: Reading) -> bool:
    return bool(reading.people_reached or reading.volunteers or reading.quantities)


def read_intent(text: str, reading: Reading) -> Intent:
    words = vocabulary().intent
    rest = _after_a_heading(_without_opener(text))
    found = _words(rest)
    if not found:
        return Intent.OTHER
    sentences = _sentences(rest)
    counted = _counted(reading)
    if not counted and "?" not in text:
        if _thanks(rest) and not _thanks_then_tells(rest):
            return Intent.OTHER  # "the friends group thank everyone who came out"
        if not _tells_something_done(found):
            if _asks_for_the_record(_words(text), reading):
                return Intent.QUESTION  # "rawmarsh updates since the summer pls"
            if (_tells_what_comes(text, found) or _asks_the_readers(found)) and not (
                _opens_a_question(found)
            ):
                return Intent.OTHER  # "fyi library shut thurs", "apps close friday, pls share"
            if _advertises(text, found) or _placed_ahead(rest):
                return Intent.OTHER  # "tea dance every fri 2-4.30, £1.50 inc tea"
        if _replies(rest):
            return Intent.OTHER  # "just seen this - I'll ask the caretaker"
        if _addressed_to_the_readers(text) and not _tells_something_done(_without_calls(rest)):
            return Intent.OTHER  # "Wath partners - surgery room is B12 from now on"
        if _heads_a_notice_of_what_comes(text):
            return Intent.OTHER  # "fyi the lane is shut from mon, diversion signed"
        if (_has(found, words.reader_calls) or _calls_for_help(found) or _welcomes(rest)) and not (
            _tells_something_done(_without_calls(rest))
        ):
            return Intent.OTHER  # "quiz night fri - all welcome": a notice, an invitation
        if _passes_on_a_wish(text):
            return Intent.OTHER  # "fyi the tenants asked for a grit bin again"
        if _asks_for_a_job(found):
            return Intent.OTHER  # "can housing look at the lights by the centre"
    if len(sentences) > 1 and _asks(sentences[0]) and _answers(sentences[1]):
        # "Is the library move on track? Yes - opening 2 June": answered, so it tells
        return Intent.UPDATE if counted or reads_as_update(reading, rest) else Intent.OTHER
    # A question to the reader closing a report ("... on Tuesdays. Why not pop in?") does
    # not make it a question.
    if not counted and not reading.date_reason and _asks(text) and _hands_on_a_job(rest):
        return Intent.OTHER  # "bench broken at the rec, can someone take a look?": a request
    if _asks(text) and _closes_asking_for_more(rest, counted=counted):
        return Intent.UPDATE  # "..., 20 came. Shall we run another in spring?"
    asks = (
        _asks(text)
        or _asks_then_an_aside(sentences)
        or _last_clause_asks(rest)
        or _relays_a_question(found)
    ) and not _closes_with_an_invitation(rest)
    # "Anyone passing Clifton Park will have seen the 40 new trees", "How Rawmarsh raised
    # £2k": a question's or a search's first word and a count reported could be either; so
    # could "Do you know your neighbours? 30 came to the street party": the count is told
    # after the question.
    reported = counted and ("?" not in text or _counted_after_question(text))
    if not counted and _asks_for_a_taker(found) and not _tells_something_done(found):
        return Intent.OTHER  # "anyone able to cover the stall sat?": a request
    if _states(sentences, rest):
        # Its first sentence states; a later sentence may still ask.
        if any(_asks(s) and not _invites(s) for s in sentences[1:]):
            return Intent.EITHER
        return Intent.UPDATE if counted or reads_as_update(reading, rest) else Intent.OTHER
    if _promises(sentences):
        # "will bring the gazebo for the gala": nothing done yet
        return Intent.UPDATE if counted else Intent.OTHER
    if _starts(found, words.search_starts):
        if not asks and (_notice(found) or _names_a_thing_done(found)):
            return Intent.UPDATE if reads_as_update(reading, rest) else Intent.OTHER
        return Intent.EITHER if reported else Intent.QUESTION
    if _starts(found, words.asking_starts):
        # "is it true 200 signed ...": what is asked about is not a report, unless a
        # later sentence tells a count.
        return Intent.EITHER if _counted_later(sentences) else Intent.QUESTION
    if _asking_others(found):
        return Intent.EITHER if reported else Intent.QUESTION
    if _starts(found, words.asked_of_us) and (
        _asks(sentences[0]) or _offers_the_other_answer(found)
    ):
        # "can we get a grit bin on ...?" asks whether; without the "?" it is a request
        return Intent.EITHER if reported else Intent.QUESTION
    if _opens_as_other(found) and not counted and not _thanks_then_tells(rest):
        return Intent.OTHER  # "thanks all, 41 came" is a report: counted
    if _starts(found, words.question_starts):
        return Intent.EITHER if reported or _heads_a_notice(sentences) else Intent.QUESTION
    if found[0] in words.either_starts:
        asked_of = (
            (len(found) > 1 and found[1] in words.subjects)
            or _did_a_noun_do(rest)
            or _has_a_noun_done(found)
        )
        if asks:
            return Intent.EITHER if counted and not asked_of else Intent.QUESTION
        return Intent.EITHER if asked_of else Intent.UPDATE
    if found[0] in words.report_starts:
        if asks:
            return Intent.EITHER
        # "done, thanks", "all sorted now": a reply naming nothing done ("done the walkabout"
        # names it)
        bare = all(w in words.acknowledgements for w in found[1:])
        return Intent.OTHER if bare and not counted else Intent.UPDATE
    if asks and _asks_then_an_aside(sentences):
        # The aside's day or figure is the asker's guess ("think it's shut weds"): only a
        # count told in the question itself could make it a report.
        question = sentences[: _last_asking(sentences) + 1]
        return Intent.EITHER if _counted_in(question) else Intent.QUESTION
    if asks:
        # Not opened as a question: a report with a "?" at the end could be either, and so
        # could a statement with a question put to the reader ("... What do you think?").
        said = counted or reading.date_reason or _asks_the_reader_too(sentences)
        return Intent.EITHER if said else Intent.QUESTION
    if (
        not counted
        and not reading.date_reason
        and (_passes_on_a_request(rest) or _hands_on_a_job(rest))
    ):
        return Intent.OTHER
    # Told as done ("rat baiting done at the terrace, will revisit"), it is an update even
    # when it names no theme or place wardbot knows: the ward is then asked, not the post lost.
    said_done = len(found) >= 3 and _tells_something_done(found)
    return Intent.UPDATE if said_done or reads_as_update(reading, rest) else Intent.OTHER


def _advertises(text: str, found: list[str]) -> bool:
    """A notice telling readers when and how to come: an event advertised, a group's
    timetable, a service's hours ("Chatterbox runs Tuesdays 10-12 at the chapel, £3 with a
    cuppa", "cub club Tues 30 Sept 11-12.30, free, no need to book"). It names at least
    two of a timetable, hours, a weekday and date, a price, how to take part and a round
    open or closing; a report names one
    at most ("weekly now", "out 10-11 this morning"), having no use for them together.
    The caller has checked that nothing is counted or told as done."""
    kinds = (
        _timetable(text, found),
        bool(_HOURS.search(text)),
        bool(_DAY_AND_DATE.search(text)),
        _priced(text, found),
        _starts_with_when(found),
    )
    # a round open and its closing date are two details ("grants round now open, closing
    # 31st jan")
    opens = _has(found, vocabulary().intent.open_rounds)
    calls = _calls_to_take_part(found) or _welcomes(text)
    return sum(kinds) + calls + opens + _closes_by_a_date(text) >= 2


def _welcomes(text: str) -> bool:
    """ "dogs welcome", "families very welcome": a short clause ending in "welcome", with no
    verb, invites the readers ("gave them a warm welcome" tells what was done)."""
    words = vocabulary().intent
    for clause in _CLAUSE_BREAK.split(text):
        found = _words(clause)
        if 1 < len(found) <= 4 and found[-1] == "welcome" and found[-2] not in words.welcome_not:
            return not _tells_something_done(found)
    return False


def _closes_by_a_date(text: str) -> bool:
    """ "ring Sarah before 8 March", "deadline is the 20th": a closing date for the
    readers."""
    return bool(_CLOSES_ON.search(text)) or any(
        re.search(rf"\b(?:{_CLOSERS})\s+(?:\w+\s+)?$", text[: m.start()], re.I)
        for m in DAY_MONTH.finditer(text)
    )


def _placed_ahead(text: str) -> bool:
    """ "the show is back in Clifton Park this weekend", "new planters going in next week":
    a time still ahead in the first clause puts what the post is about in the future; in
    a later clause it is a report's follow-up ("speeding by the school, sid going up next
    wk"). The caller has checked that nothing is counted or told as done."""
    words = vocabulary().intent
    first = _words(_CLAUSE_BREAK.split(text, maxsplit=1)[0])
    if first[:1] == ["next"] and first[1:2] != ["to"]:
        return True  # "next community cafe is 21 Nov 9-12"
    # "from april the referrals go through the new form" (not "can i see everything for
    # the park from october", which asks for the record)
    dated = _dated_from(first) and not _opens_a_question(first)
    return (
        _has(first, words.ahead_words) or _starts_with_when(first) or dated or _scheduled_for(first)
    )


def _scheduled_for(found: list[str]) -> bool:
    """ "installation pencilled for w/c 15th", "survey booked in for tues": a plan made for
    a day ahead tells what is coming; "booked and paid for" names no day."""
    words = vocabulary().intent
    for i, w in enumerate(found):
        if w not in words.schedule_changes or "for" not in found[i + 1 : i + 3]:
            continue
        at = found.index("for", i + 1) + 1
        after = [x for x in found[at : at + 5] if x not in words.week_of][:3]
        if after and (_names_when(after) or _DAY_OF_MONTH.fullmatch(after[0])):
            return True
    return False


def _starts_with_when(found: list[str]) -> bool:
    """ "reopens on 28 Feb", "starting end of sept": a start told in the present, then when."""
    starts = _found_at(found, vocabulary().intent.start_verbs)
    return any(_names_when(found[i + size : i + size + 3]) for i, size in starts)


def _names_when(after: list[str]) -> bool:
    """ "29 July", "on 28 Feb", "mon", "end of sept", "next week": when a start comes."""
    words = vocabulary().intent
    if _starts(after, words.start_whens) or _starts(after, words.ahead_words):
        return True
    return any(w in MONTHS or w in _DAY_WORDS for w in after[:2])


def _timetable(text: str, found: list[str]) -> bool:
    """ "Tuesdays", "every Thursday", "3rd Monday", "fortnightly", "Wednesday mornings", the
    days it runs ("open Weds and Fri", "Mon-Fri")."""
    words = vocabulary().intent
    after_a_day = any(
        w in words.day_periods and found[i - 1] in _DAY_WORDS for i, w in enumerate(found) if i
    )
    joined = any(  # "open Weds and Fri", "Mon-Fri"
        a in _DAY_WORDS and (b in _DAY_WORDS or (b in words.day_joins and c in _DAY_WORDS))
        for a, b, c in zip(found, found[1:], [*found[2:], ""], strict=False)
    )
    return names_a_timetable(text) or after_a_day or joined or _has(found, words.timetable_words)


def _priced(text: str, found: list[str]) -> bool:
    """A price to the reader: "free", "£3 with a cuppa", "£1.50 inc tea", "£2 one"."""
    words = vocabulary().intent
    sums = (" ".join(_words(m.group(1))) for m in _PRICE.finditer(text))
    return _has(found, words.free_words) or any(_starts(s.split(), words.price_units) for s in sums)


def _calls_to_take_part(found: list[str]) -> bool:
    """How to take part or get in touch: "ring Sarah", "no need to book", "just drop in"."""
    words = vocabulary().intent
    return _has(found, words.contact_calls) or _has(found, words.reader_calls)


def _replies(text: str) -> bool:
    """ "just seen this - I'll ask the caretaker", "re your email, the hall is free weds": a
    reply to a message, telling nothing done after its opener ("seen this, we cleared it
    yesterday", "re your q - the posts are in, kids were on them by noon" report)."""
    clauses = [_spelled(c) for c in _CLAUSE_BREAK.split(text) if _words(c)]
    opened = bool(clauses) and _starts(
        [w.replace("'", "") for w in clauses[0]], vocabulary().intent.reply_openers
    )
    return opened and not any(_tells_something_done(c) for c in clauses[1:])


def _opens_as_other(found: list[str]) -> bool:
    """Thanks, greetings, requests and the like, after any intensifier: "a huge well done
    to ...", "massive congrats to ..." open as "well done", "congrats" do."""
    words = vocabulary().intent
    # "a" only before an intensifier: "a sorry sight at the rec" reports
    lead = 1 if len(found) > 2 and found[0] == "a" and found[1] in words.intensifiers else 0
    while lead < min(len(found) - 1, 3) and found[lead] in words.intensifiers:
        lead += 1
    return _starts(found[lead:], words.other_starts)


def _without_calls(text: str) -> list[str]:
    """The words as written ("we're" is not "were"), with the reader calls blanked out: the
    call's own words ("3 places left", "asked me to share") tell nothing done, nor does a
    thing's arrival that the call hands on ("the new bins have arrived, shout if you want
    one")."""
    words = vocabulary().intent
    plain, spelled = _words(text), _spelled(text)
    for i, size in _found_at(plain, words.reader_calls + words.arrivals):
        spelled[i : i + size] = [""] * size
    # "gloves provided" closing its clause describes the offer
    ends = {len(_words(text[: m.start()])) - 1 for m in _CLAUSE_BREAK.finditer(text)}
    for i, w in enumerate(plain):
        if w in words.offered and (i == len(plain) - 1 or i in ends):
            spelled[i] = ""
    return spelled


def _calls_for_help(found: list[str]) -> bool:
    """ "need 4 more vols for the hamper packing", "looking for snow wardens again": a call
    for people, a number or "more" between."""
    words = vocabulary().intent
    for i, size in _found_at(found, words.help_asks):
        after = [
            w
            for w in found[i + size : i + size + 5]
            if not w.isdigit() and w not in words.help_fillers
        ]
        if _starts(after, words.help_nouns):
            return True
    return False


def _thanks(text: str) -> bool:
    """ "The friends group thank everyone who came out", "massive thank you to all who
    helped": thanks in the first clause, with nothing told as done before them, make a
    thank-you; its past verbs ("who came") tell of the thanked, not of work done. "Cleared
    the alley, thanks to the wardens" reports first; "skip day thanks to the parish" is not
    the verb."""
    words = vocabulary().intent
    first = _words(_CLAUSE_BREAK.split(text, maxsplit=1)[0])
    at = next((i for i, w in enumerate(first) if w in words.thanks_words), None)
    if at is None or (
        first[at] == "thanks" and at > 0 and not _starts(first[at + 1 :], words.thanked)
    ):
        return False  # "skip day thanks to the parish"; "the group thanks everyone" thanks
    return not _tells_something_done(first[:at])


def _thanks_then_tells(text: str) -> bool:
    """ "ta to the church for the hamper donations - 40 hampers packed and delivered":
    thanks first, then a clause of its own telling something done, reports; one speaking to
    the readers ("hope you had a good one") or about the thanked ("who came") does not."""
    words = vocabulary().intent
    clauses = [_words(c) for c in _CLAUSE_BREAK.split(text) if _words(c)]
    if len(clauses) < 2 or not _starts(clauses[0], words.thanks_openers):
        return False
    return any(
        len(c) >= 3
        and _tells_something_done(c)
        and not set(c) & (_READER | words.promise_modals)  # "notes will be shared"
        and c[0] not in words.thanks_asides
        for c in clauses[1:]
    )


def _closes_asking_for_more(text: str, *, counted: bool) -> bool:
    """ "Walked the route with Y3, 29 pupils - can someone report the faded lines?",
    "Skip day went well. Shall we book another?": a report (counted or told as done)
    closing with a question that asks for more work, not for the record, is logged."""
    words = vocabulary().intent
    clauses = [c for c in _CLAUSE_BREAK.split(text) if _words(c)]
    if len(clauses) < 2:
        return False
    last = _words(clauses[-1])
    if len(last) < 3 or last[0] not in words.follow_up_modals:
        return False
    subject = last[1] in words.subjects or last[1] in words.askees
    named = last[1] in words.determiners  # "could the (parks) wardens do the same"
    places = (2,) if subject else (3, 4) if named else ()
    verbs = [i for i in places if i < len(last) and last[i] in words.follow_up_verbs][:1]
    if not verbs:
        return False
    if set(last[verbs[0] + 1 : verbs[0] + 2]) & words.whether_words:
        return False  # "can someone check if it's open" asks to know
    # "bench smashed again, can someone take a look?" hands on a problem: only work the
    # writer tells as done, or a count, makes it a report
    return counted or any(_the_writer_did(_spelled(c)) for c in clauses[:-1])


def _the_writer_did(clause: list[str]) -> bool:
    """A clause telling work the writer did: a past tense opening it, its subject left out
    ("leafleted the street"), or the writer as its subject ("we've told the school")."""
    words = vocabulary().intent
    return _tells_something_done(clause) and (
        _tells_something_done(clause[:1]) or bool(set(clause) & words.writers)
    )


def _did_a_noun_do(text: str) -> bool:
    """ "did the thurcroft gala get its CLF money", "did the council ever fix it": "did",
    a noun phrase, then a bare verb in the first clause is a question's word order, as
    "did anyone ..." is; "did the door knock on Sledgate Lane" reports."""
    words = vocabulary().intent
    first = _words(_CLAUSE_BREAK.split(text, maxsplit=1)[0])
    if len(first) < 3 or first[0] != "did" or first[1] not in words.determiners:
        return False
    return any(w in words.bare_verbs for w in first[2:7])


def _has_a_noun_done(found: list[str]) -> bool:
    """ "has greasbrough park kept its green flag", "have the council fixed it": "has" or
    "have", a noun phrase, then a past form is a question's word order; "have set up a
    group", "has been cut" put the past form first, as a report with its subject left
    out does."""
    if len(found) < 3 or found[0] not in ("has", "have") or found[1].isdigit():
        return False
    if _tells_something_done(found[1:2]) or found[1] in ("been", "got", "had"):
        return False
    return any(_tells_something_done([w]) for w in found[2:5])


def _has(found: list[str], phrases: tuple[str, ...]) -> bool:
    return bool(_found_at(found, phrases))


@cache
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases, split, under their first word: looked up once per word of a post, not
    tried at every word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        split = tuple(phrase.split())
        index.setdefault(split[0], []).append(split)
    return {word: tuple(found) for word, found in index.items()}


def _found_at(found: list[str], phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where any of the phrases stands in the words: (start, length) pairs."""
    index = _by_first_word(phrases)
    return [
        (i, len(phrase))
        for i, word in enumerate(found)
        for phrase in index.get(word, ())
        if tuple(found[i : i + len(phrase)]) == phrase
    ]


def _tells_something_done(found: list[str]) -> bool:
    """A past tense tells something done ("cleared", "went", "spoke"), unless it is a
    change of plan ("moved to tue", "cancelled"), which tells of what is coming."""
    words = vocabulary().intent
    found = list(found)
    # "everything logged" names the record, it tells nothing
    for i, size in _found_at(found, words.record_nouns):
        found[i : i + size] = [""] * size
    return any(
        (
            w in words.irregular_past
            and not _changes_plan(found, i)
            and (i == 0 or found[i - 1] not in words.passive_ahead)  # "the floor being done"
            and not _conditioned(found, i)
        )
        or (
            len(w) > 3
            and w.endswith("ed")
            and (w not in words.schedule_changes or _moved_nowhere_ahead(found, i))
            and w not in words.not_past  # "speed", "shed"
            and (i == 0 or found[i - 1] not in words.state_before)  # "gates are locked"
            and not _dated_from(found[i + 1 : i + 6])  # "gates locked at 4pm from 1st nov"
            and not _conditioned(found, i)
            # "no appointment needed": what is not asked of the readers
            and not (w in words.requirements and i >= 2 and found[i - 2] == "no")
        )
        for i, w in enumerate(found)
    )


def _conditioned(found: list[str], at: int) -> bool:
    """ "deadline is fri if anyone's got an item", "if anyone has seen it": a past form in a
    condition put to the readers tells nothing done."""
    subjects = vocabulary().intent.if_subjects
    return any(
        at - back >= 0 and found[at - back] == "if" and found[at - back + 1] in subjects
        for back in (2, 3)
    )


def _moved_nowhere_ahead(found: list[str], at: int) -> bool:
    """ "40 PCs moved across town", "pcso moved them on": a move that names no new place or
    time ("moved to tue", "moved back a week") tells something done."""
    words = vocabulary().intent
    after = found[at + 1 : at + 2]
    return found[at] in words.moves and not (set(after) & (words.move_targets | set(DAYS)))


def _changes_plan(found: list[str], at: int) -> bool:
    """ "was moved to weds", "has been cancelled": the auxiliary of a change of plan tells
    nothing done."""
    after = [w for w in found[at + 1 : at + 3] if w != "been"][:1]
    return bool(after) and after[0] in vocabulary().intent.schedule_changes


def _tells_what_comes(text: str, found: list[str]) -> bool:
    """A notice: "fyi library shut thurs for staff training", "heads up roadworks this wk"
    (a notice opener, then a day ahead or a change of plan; "last thurs" is behind us), or
    anything closing with a request to pass it on ("CLF apps close end of month, pls pass
    it on"). The caller has checked that nothing is counted or told as done. A change
    dated by the calendar ("libraries will be closed 24 Dec to 2 Jan") is a notice too:
    since the sets were labelled to one convention, that exception cost more than it kept."""
    words = vocabulary().intent
    whole = _words(text)
    if (
        (_starts(whole, words.notice_openers) and _coming(whole))
        or _calls_off(whole)
        or _changed_to_a_day(whole)
    ):
        return True  # "fyi library shut thurs", "the Maltby surgery on fri is cancelled"
    clauses = [c for c in _CLAUSE_BREAK.split(text) if _words(c)]
    if len(clauses) < 2:
        return False
    last = _words(clauses[-1])
    asked = False
    for request in sorted(words.request_starts, key=len, reverse=True):
        if _starts(last, (request,)):
            last, asked = last[len(request.split()) :], True
            break
    # "..., pls tell your tenants": after a request word, anything asked of the readers
    return _starts(last, words.pass_on_requests) or (asked and _starts(last, words.reader_requests))


def _asks_the_readers(found: list[str]) -> bool:
    """ "for bookings please ring the coordinator", "pls send me your dates": a request word
    then something asked of the readers, anywhere in the post."""
    words = vocabulary().intent
    return any(
        w in words.please_words and _starts(found[i + 1 :], words.reader_requests)
        for i, w in enumerate(found)
    )


def _addressed_to_the_readers(text: str) -> bool:
    """ "Maltby colleagues - ...", "All partners: ...": a post headed by whom it speaks to is
    a message to them (a notice, a request), not a log entry, unless it tells something
    done or counted."""
    heading = _HEADING.match(text)
    if heading is None:
        return False
    found = _words(heading.group(0))
    return bool(found) and found[-1] in vocabulary().intent.addressees


def _heads_a_notice_of_what_comes(text: str) -> bool:
    """ "fyi the lane is shut from mon for resurfacing, diversion signed": a notice opener,
    then a first clause telling of what is coming with nothing done in it; the later
    clauses' participles ("signed", "posted") describe the notice, not work done."""
    words = vocabulary().intent
    whole = _words(text)
    if not _starts(whole, words.notice_openers):
        return False
    clauses = [_spelled(c) for c in _CLAUSE_BREAK.split(text) if _words(c)]
    first = clauses[0]
    if len(clauses) < 2 or not _coming(first) or _tells_something_done(first):
        return False
    # a later clause told by the writer ("leafleted the street", "we've told the school")
    # reports work done
    return not any(_the_writer_did(c) for c in clauses[1:])


def _coming(whole: list[str]) -> bool:
    """A day ahead, a start or a change of plan ("last thurs" is behind us)."""
    words = vocabulary().intent
    return any(
        _starts(whole[i:], words.coming_words) and (i == 0 or whole[i - 1] != "last")
        for i in range(len(whole))
    )


def _calls_off(whole: list[str]) -> bool:
    """ "the surgery on fri is cancelled", "walkabout has been moved to tues": a present or
    future change of plan ("is", "has been", "will be" before it) for a day ahead is a
    notice without an opener ("was moved", "moved on" tell what happened); "been" and "be"
    stand for "has been" and "will be"."""
    words = vocabulary().intent
    called_off = any(
        w in words.schedule_changes and i > 0 and whole[i - 1] in words.present_auxiliaries
        for i, w in enumerate(whole)
    )
    return called_off and bool(_coming(whole))


_DAY_OF_MONTH = re.compile(r"\d{1,2}(?:st|nd|rd|th)")


def _changed_to_a_day(whole: list[str]) -> bool:
    """ "the walk is moved to the 18th", "parkrun cancelled sat due to ice", "the library
    closed sat 9th for training": a change of plan told with the day it moves to or falls on
    (a weekday or a day of the month next to it) is a notice, with or without an
    auxiliary; "moved them on", "closed the gate" name no day."""
    words = vocabulary().intent
    for i, w in enumerate(whole):
        if w not in words.schedule_changes:
            continue
        after = [x for x in whole[i + 1 : i + 4] if x not in words.move_targets | {"the", "on"}]
        if after and (after[0] in _DAY_WORDS or _DAY_OF_MONTH.fullmatch(after[0])):
            return True
    return False


def _dated_from(found: list[str]) -> bool:
    """ "from april ...", "... from 1st march": "from" then a month or a day of the month
    dates a change ahead; "from 9.30" is hours, "from the school" a place."""
    words = vocabulary().intent
    for i, size in _found_at(found, words.dated_from):
        after = [w for w in found[i + size : i + size + 2] if w != "the"][:1]
        if after and (after[0] in MONTHS or _DAY_OF_MONTH.fullmatch(after[0])):
            return True
    return False


def _opens_a_question(found: list[str]) -> bool:
    words = vocabulary().intent
    return (
        _starts(found, words.question_starts)
        or _starts(found, words.search_starts)
        or _starts(found, words.asking_starts)
        or _starts(found, words.asked_of_us)
        or _asking_others(found)
    )


def _asks_for_the_record(found: list[str], reading: Reading) -> bool:
    """ "rawmarsh updates since the summer pls", "everything logged for wath this year
    please": the record named and asked for, for a place or a period. "pls send your
    updates by fri" asks colleagues to write them (a possessive before the noun)."""
    words = vocabulary().intent
    if not _has(found, words.record_requests):
        return False
    named = [
        i
        for i in range(len(found))
        if _starts(found[i:], words.record_nouns)
        and (i == 0 or found[i - 1] not in words.record_owners)
    ]
    lead = 0
    while lead < len(found) and found[lead] in words.record_lead_ins:
        lead += 1
    opens = _starts(found[lead:], words.record_openers)
    where = reading.ward or reading.candidates or reading.places
    scoped = _has(found, words.periods) or _has(found, words.record_scopes)
    return bool(named or opens) and bool(where or scoped)


def _passes_on_a_request(text: str) -> bool:
    """ "resident wants a bench by the stop, could we look at ward funds": someone's wish
    passed on, and a request to colleagues closing the post."""
    words = vocabulary().intent
    clauses = [c for c in _CLAUSE_BREAK.split(text) if _words(c)]
    if len(clauses) < 2 or not _starts(_words(clauses[-1]), words.request_starts):
        return False
    said = " " + " ".join(_words(" ".join(clauses[:-1]))) + " "
    return any(f" {wish} " in said for wish in words.wish_words)


def _passes_on_a_wish(text: str) -> bool:
    """ "fyi the tenants asked for a grit bin again": a notice passing on someone's wish,
    with nothing else told as done, asks for something; the wish is not the officer's
    work."""
    words = vocabulary().intent
    whole = _words(text)
    if not _starts(whole, words.notice_openers):
        return False
    wished = False
    for i in range(len(whole)):
        for wish in words.wish_words:
            if _starts(whole[i:], (wish,)):
                whole[i : i + len(wish.split())] = [""] * len(wish.split())
                wished = True
    return wished and not _tells_something_done(whole)


def _asks_for_a_job(found: list[str]) -> bool:
    """ "can housing look at the lights by the centre", "could the council fix the bench":
    can/could, someone other than us (a service, a noun phrase), then a job to do; without
    a "?" a request. "can we/i ..." and "can they/it ..." are read elsewhere."""
    words = vocabulary().intent
    if len(found) < 3 or found[0] not in words.asked_of_others or found[1] in words.subjects:
        return False
    # "would highways be able to look at ...", "could parks please cut ..."
    after = [w for w in found[2:9] if w not in words.request_fillers][:3]
    return any(w in words.job_verbs for w in after) and found[1] not in words.job_verbs


def _hands_on_a_job(text: str) -> bool:
    """ "bench by the castle has slats missing, could somebody take a look": a problem,
    then a job asked of someone else closing the post, with nothing done, hands it on
    ("..., can we chase highways" is the team's own follow-up, logged)."""
    words = vocabulary().intent
    clauses = [c for c in _CLAUSE_BREAK.split(text) if _words(c)]
    # the job's own words ("get it emptied") tell nothing done
    if len(clauses) < 2 or _tells_something_done(_words(" ".join(clauses[:-1]))):
        return False
    last = _words(clauses[-1])
    if len(last) < 3 or last[0] not in words.asked_of_others or last[1] not in words.askees:
        return False
    jobs = [i for i in (2, 3) if i < len(last) and last[i] in words.job_verbs]
    # "can anyone check if it's open" asks to know, not for a job
    return bool(jobs) and not set(last[jobs[0] + 1 : jobs[0] + 2]) & words.whether_words


_ANSWER_MARK = re.compile(r"^\W*[a-z]+\s*[,.!:;\-–]", re.I)


def _answers(sentence: str) -> bool:
    """ "Yes - opening 2 June", "No, closed since May": an answer, set off by a mark (not
    "no reply from highways yet")."""
    return _starts(_words(sentence), vocabulary().intent.answers) and bool(
        _ANSWER_MARK.match(sentence)
    )


def _after_a_heading(text: str) -> str:
    """ "Rawmarsh East: who owns the land behind the shops": after a heading that asks
    nothing, the message is what follows the colon when that opens a question."""
    heading = _HEADING_COLON.match(text)
    if heading is None:
        return text
    words = vocabulary().intent
    before, after = _words(heading.group(0)), text[heading.end() :]
    found = _words(after)
    asking = words.clause_starts | words.relative_words | words.noun_question_words
    if not found or not before or before[0] in asking | words.contracted_questions:
        return text  # "Where to find a warm welcome: ...", "Who's who: ..." are headings
    opens = (
        _starts(found, words.question_starts)
        or _starts(found, words.search_starts)
        or found[0] in words.contracted_questions
    )
    return after if opens else text


def _relays_a_question(found: list[str]) -> bool:
    """ "resident asking if the bus route is changing": a question passed on."""
    relayed = vocabulary().intent.relayed_asks
    return any(_starts(found[i:], relayed) for i in range(min(len(found), 5)))


def _counted_later(sentences: list[str]) -> bool:
    return _counted_in(sentences[1:])


def _counted_in(sentences: list[str]) -> bool:
    found = read_counts(" ".join(sentences))
    return bool(found.people_reached or found.volunteers or found.quantities)


def _last_asking(sentences: list[str]) -> int:
    return max((i for i, s in enumerate(sentences) if _asks(s)), default=-1)


def _asks_then_an_aside(sentences: list[str]) -> bool:
    """ "library opening hours? think it's shut weds", "fines scrapped? and new PCs": a
    question, then only the asker's guess or a second part of the question."""
    asides = vocabulary().intent.question_asides
    last = _last_asking(sentences)
    return (
        0 <= last < len(sentences) - 1
        and not _invites(sentences[last])
        and all(_starts(_words(s), asides) or _names_the_asker(s) for s in sentences[last + 1 :])
    )


def _names_the_asker(sentence: str) -> bool:
    """ "...? samaritans asking", "...? families were asking": a short aside naming who
    asks passes the question on."""
    found = _words(sentence)
    askers = vocabulary().intent.question_askers
    # "...? they're asking again": the asker anywhere in the aside
    return 0 < len(found) <= 6 and any(_starts(found[i:], askers) for i in range(len(found)))


def _offers_the_other_answer(found: list[str]) -> bool:
    """ "can we refer them straight to SYFR or does it all go through the data share":
    a clause offering the other answer asks whether."""
    alternatives = vocabulary().intent.alternative_asks
    return any(_starts(found[i:], alternatives) for i in range(2, len(found)))


def _last_clause_asks(text: str) -> bool:
    """A report's last clause in a question's word order, without a "?": "youth club
    shutting at Easter - what do we tell the parents", "- which days is it open", "still
    waiting on the lights - any news"."""
    words = vocabulary().intent
    breaks = list(_CLAUSE_BREAK.finditer(text.rstrip()))
    if not breaks:
        return False
    last = text[breaks[-1].end() :]
    found = _words(last)
    if len(found) < 2 or _invites(last):
        return False
    if _starts(found, words.chasers):
        return True
    if len(found) < 3:
        return False
    auxiliaries = words.auxiliaries | words.question_auxiliaries
    if (
        found[0] in auxiliaries
        and found[1] in words.inverted_subjects
        and not _starts(found, words.request_starts)
    ):
        return True  # ", is it open in winter"; ", can we chase highways" is a request
    if breaks[-1].group(0).startswith((",", ";")):
        # after a comma it may be a relative clause (", which residents have wanted") or
        # a report's rhetorical aside (", what a mess, where do we start")
        return False
    if found[0] in words.contracted_questions:
        return True  # "- whats happening with the market"
    if found[0] in words.noun_question_words and found[2] in auxiliaries:
        return True  # "- which days is the office open", "- what time does it start"
    if found[0] in words.relative_words:
        return found[1] in auxiliaries  # "- who is responsible"
    opens = found[0] in words.clause_starts | words.noun_question_words
    # "where do we send people", "what do we tell them"; "how to find us" is a heading
    return opens and found[1] in words.asks_after - {"to"}


def _counted_after_question(text: str) -> bool:
    after = text[text.rfind("?") + 1 :]
    found = read_counts(after)
    return bool(found.people_reached or found.volunteers or found.quantities)
