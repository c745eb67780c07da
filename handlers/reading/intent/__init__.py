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

from enum import StrEnum

from handlers.reading.counts import read_counts
from handlers.reading.intent.headings import (
    addressed_to_the_readers,
    after_a_heading,
    is_opener,
    without_opener,
)
from handlers.reading.intent.notices import (
    _DAY_WORDS,
    _HOURS,
    advertises,
    heads_a_notice_of_what_comes,
    placed_ahead,
    tells_what_comes,
    welcomes,
)
from handlers.reading.intent.questions import (
    answers,
    asking_others,
    asks_for_the_record,
    asks_the_reader_too,
    asks_then_an_aside,
    asks_what_is_logged,
    closes_asking_for_more,
    heads_a_notice,
    last_asking,
    last_clause_asks,
    notice,
    offers_the_other_answer,
    opens_a_question,
    relays_a_question,
)
from handlers.reading.intent.requests import (
    asks_for_a_job,
    asks_for_a_taker,
    asks_the_readers,
    calls_for_help,
    closes_with_an_invitation,
    hands_on_a_job,
    invites,
    opens_as_other,
    passes_on_a_request,
    passes_on_a_wish,
    replies,
    thanks,
    thanks_then_tells,
    without_calls,
)
from handlers.reading.intent.tense import (
    did_a_noun_do,
    has_a_noun_done,
    names_a_thing_done,
    promises,
    states,
    tells_something_done,
)
from handlers.reading.intent.words import ends_asking, has, sentences_of, starts, words_of
from handlers.reading.understand import Reading
from handlers.reading.vocabulary import vocabulary

__all__ = [
    "_DAY_WORDS",
    "_HOURS",
    "Intent",
    "_counted",
    "_tells_something_done",
    "_words",
    "is_opener",
    "read_intent",
    "reads_as_update",
]

# What scripts outside the package still reach for by the names the rules had when they
# were one module.
_words = words_of
_tells_something_done = tells_something_done


class Intent(StrEnum):
    UPDATE = "update"
    QUESTION = "question"
    EITHER = "either"  # could be read both ways: the officer chooses
    OTHER = "other"


def reads_as_update(reading: Reading, text: str) -> bool:
    """Something was done: a count, a theme, a date or a place, in more than a few words."""
    said = reading.people_reached or reading.volunteers or reading.quantities
    where = reading.ward or reading.candidates or reading.places
    return len(text.split()) >= 3 and bool(said or reading.themes or reading.date_reason or where)


def _counted(reading: Reading) -> bool:
    return bool(reading.people_reached or reading.volunteers or reading.quantities)


def read_intent(text: str, reading: Reading) -> Intent:
    words = vocabulary().intent
    rest = after_a_heading(without_opener(text))
    found = words_of(rest)
    if not found:
        return Intent.OTHER
    sentences = sentences_of(rest)
    counted = _counted(reading)
    if not counted and "?" not in text:
        if thanks(rest) and not thanks_then_tells(rest):
            return Intent.OTHER  # "the friends group thank everyone who came out"
        if not tells_something_done(found):
            if asks_for_the_record(words_of(text), reading):
                return Intent.QUESTION  # "rawmarsh updates since the summer pls"
            if (tells_what_comes(text, found) or asks_the_readers(found)) and not (
                opens_a_question(found)
            ):
                return Intent.OTHER  # "fyi library shut thurs", "apps close friday, pls share"
            if advertises(text, found) or placed_ahead(rest):
                return Intent.OTHER  # "tea dance every fri 2-4.30, £1.50 inc tea"
        if replies(rest):
            return Intent.OTHER  # "just seen this - I'll ask the caretaker"
        if addressed_to_the_readers(text) and not tells_something_done(without_calls(rest)):
            return Intent.OTHER  # "Wath partners - surgery room is B12 from now on"
        if heads_a_notice_of_what_comes(text):
            return Intent.OTHER  # "fyi the lane is shut from mon, diversion signed"
        if (has(found, words.reader_calls) or calls_for_help(found) or welcomes(rest)) and not (
            tells_something_done(without_calls(rest))
        ):
            return Intent.OTHER  # "quiz night fri - all welcome": a notice, an invitation
        if passes_on_a_wish(text):
            return Intent.OTHER  # "fyi the tenants asked for a grit bin again"
        if asks_for_a_job(found):
            return Intent.OTHER  # "can housing look at the lights by the centre"
    if len(sentences) > 1 and ends_asking(sentences[0]) and answers(sentences[1]):
        # "Is the library move on track? Yes - opening 2 June": answered, so it tells
        return Intent.UPDATE if counted or reads_as_update(reading, rest) else Intent.OTHER
    # A question to the reader closing a report ("... on Tuesdays. Why not pop in?") does
    # not make it a question.
    if not counted and not reading.date_reason and ends_asking(text) and hands_on_a_job(rest):
        return Intent.OTHER  # "bench broken at the rec, can someone take a look?": a request
    if ends_asking(text) and closes_asking_for_more(rest, counted=counted):
        return Intent.UPDATE  # "..., 20 came. Shall we run another in spring?"
    asks = (
        ends_asking(text)
        or asks_then_an_aside(sentences)
        or last_clause_asks(rest)
        or relays_a_question(found)
    ) and not closes_with_an_invitation(rest)
    # "Anyone passing Clifton Park will have seen the 40 new trees", "How Rawmarsh raised
    # £2k": a question's or a search's first word and a count reported could be either; so
    # could "Do you know your neighbours? 30 came to the street party": the count is told
    # after the question.
    reported = counted and ("?" not in text or _counted_after_question(text))
    if not counted and asks_for_a_taker(found) and not tells_something_done(found):
        return Intent.OTHER  # "anyone able to cover the stall sat?": a request
    if states(sentences, rest):
        # Its first sentence states; a later sentence may still ask.
        if any(ends_asking(s) and not invites(s) for s in sentences[1:]):
            return Intent.EITHER
        return Intent.UPDATE if counted or reads_as_update(reading, rest) else Intent.OTHER
    if promises(sentences):
        # "will bring the gazebo for the gala": nothing done yet
        return Intent.UPDATE if counted else Intent.OTHER
    if starts(found, words.search_starts):
        if not asks and (notice(found) or names_a_thing_done(found)):
            return Intent.UPDATE if reads_as_update(reading, rest) else Intent.OTHER
        return Intent.EITHER if reported else Intent.QUESTION
    if starts(found, words.asking_starts):
        # "is it true 200 signed ...": what is asked about is not a report, unless a
        # later sentence tells a count.
        return Intent.EITHER if _counted_later(sentences) else Intent.QUESTION
    if asking_others(found):
        return Intent.EITHER if reported else Intent.QUESTION
    if starts(found, words.asked_of_us) and (
        ends_asking(sentences[0]) or offers_the_other_answer(found)
    ):
        # "can we get a grit bin on ...?" asks whether; without the "?" it is a request
        return Intent.EITHER if reported else Intent.QUESTION
    if opens_as_other(found) and not counted and not thanks_then_tells(rest):
        return Intent.OTHER  # "thanks all, 41 came" is a report: counted
    if starts(found, words.question_starts):
        return Intent.EITHER if reported or heads_a_notice(sentences) else Intent.QUESTION
    if found[0] in words.either_starts and not counted and asks_what_is_logged(found):
        return Intent.QUESTION  # "has anyone logged asb near the school this month"
    if found[0] in words.either_starts:
        asked_of = (
            (len(found) > 1 and found[1] in words.subjects)
            or did_a_noun_do(rest)
            or has_a_noun_done(found)
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
    if asks and asks_then_an_aside(sentences):
        # The aside's day or figure is the asker's guess ("think it's shut weds"): only a
        # count told in the question itself could make it a report.
        question = sentences[: last_asking(sentences) + 1]
        return Intent.EITHER if _counted_in(question) else Intent.QUESTION
    if asks:
        # Not opened as a question: a report with a "?" at the end could be either, and so
        # could a statement with a question put to the reader ("... What do you think?").
        said = counted or reading.date_reason or asks_the_reader_too(sentences)
        return Intent.EITHER if said else Intent.QUESTION
    if (
        not counted
        and not reading.date_reason
        and (passes_on_a_request(rest) or hands_on_a_job(rest))
    ):
        return Intent.OTHER
    # Told as done ("rat baiting done at the terrace, will revisit"), it is an update even
    # when it names no theme or place wardbot knows: the ward is then asked, not the post lost.
    said_done = len(found) >= 3 and tells_something_done(found)
    return Intent.UPDATE if said_done or reads_as_update(reading, rest) else Intent.OTHER


def _counted_later(sentences: list[str]) -> bool:
    return _counted_in(sentences[1:])


def _counted_in(sentences: list[str]) -> bool:
    found = read_counts(" ".join(sentences))
    return bool(found.people_reached or found.volunteers or found.quantities)


def _counted_after_question(text: str) -> bool:
    after = text[text.rfind("?") + 1 :]
    found = read_counts(after)
    return bool(found.people_reached or found.volunteers or found.quantities)
