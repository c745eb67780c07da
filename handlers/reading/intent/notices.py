"""Notices of what is coming: an event advertised with its hours, days, price or closing
date, a change of plan with the day it falls on, and what is placed ahead."""

from __future__ import annotations

import re

from handlers.reading.dates import DAY_MONTH, DAYS, MONTH_NAMES, MONTHS, names_a_timetable
from handlers.reading.intent.questions import opens_a_question
from handlers.reading.intent.tense import dated_from, tells_something_done, the_writer_did
from handlers.reading.intent.words import (
    CLAUSE_BREAK,
    DAY_OF_MONTH,
    found_at,
    has,
    starts,
    words_as_spelled,
    words_of,
)
from handlers.reading.vocabulary import vocabulary

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


def advertises(text: str, found: list[str]) -> bool:
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
    opens = has(found, vocabulary().intent.open_rounds)
    calls = _calls_to_take_part(found) or welcomes(text)
    return sum(kinds) + calls + opens + _closes_by_a_date(text) >= 2


def welcomes(text: str) -> bool:
    """ "dogs welcome", "families very welcome": a short clause ending in "welcome", with no
    verb, invites the readers ("gave them a warm welcome" tells what was done)."""
    words = vocabulary().intent
    for clause in CLAUSE_BREAK.split(text):
        found = words_of(clause)
        if 1 < len(found) <= 4 and found[-1] == "welcome" and found[-2] not in words.welcome_not:
            return not tells_something_done(found)
    return False


def _closes_by_a_date(text: str) -> bool:
    """ "ring Sarah before 8 March", "deadline is the 20th": a closing date for the
    readers."""
    return bool(_CLOSES_ON.search(text)) or any(
        re.search(rf"\b(?:{_CLOSERS})\s+(?:\w+\s+)?$", text[: m.start()], re.I)
        for m in DAY_MONTH.finditer(text)
    )


def placed_ahead(text: str) -> bool:
    """ "the show is back in Clifton Park this weekend", "new planters going in next week":
    a time still ahead in the first clause puts what the post is about in the future; in
    a later clause it is a report's follow-up ("speeding by the school, sid going up next
    wk"). The caller has checked that nothing is counted or told as done."""
    words = vocabulary().intent
    first = words_of(CLAUSE_BREAK.split(text, maxsplit=1)[0])
    if first[:1] == ["next"] and first[1:2] != ["to"]:
        return True  # "next community cafe is 21 Nov 9-12"
    # "from april the referrals go through the new form" (not "can i see everything for
    # the park from october", which asks for the record)
    dated = dated_from(first) and not opens_a_question(first)
    return (
        has(first, words.ahead_words) or _starts_with_when(first) or dated or _scheduled_for(first)
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
        if after and (_names_when(after) or DAY_OF_MONTH.fullmatch(after[0])):
            return True
    return False


def _starts_with_when(found: list[str]) -> bool:
    """ "reopens on 28 Feb", "starting end of sept": a start told in the present, then when."""
    starts = found_at(found, vocabulary().intent.start_verbs)
    return any(_names_when(found[i + size : i + size + 3]) for i, size in starts)


def _names_when(after: list[str]) -> bool:
    """ "29 July", "on 28 Feb", "mon", "end of sept", "next week": when a start comes."""
    words = vocabulary().intent
    if starts(after, words.start_whens) or starts(after, words.ahead_words):
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
    return names_a_timetable(text) or after_a_day or joined or has(found, words.timetable_words)


def _priced(text: str, found: list[str]) -> bool:
    """A price to the reader: "free", "£3 with a cuppa", "£1.50 inc tea", "£2 one"."""
    words = vocabulary().intent
    sums = (" ".join(words_of(m.group(1))) for m in _PRICE.finditer(text))
    return has(found, words.free_words) or any(starts(s.split(), words.price_units) for s in sums)


def _calls_to_take_part(found: list[str]) -> bool:
    """How to take part or get in touch: "ring Sarah", "no need to book", "just drop in"."""
    words = vocabulary().intent
    return has(found, words.contact_calls) or has(found, words.reader_calls)


def tells_what_comes(text: str, found: list[str]) -> bool:
    """A notice: "fyi library shut thurs for staff training", "heads up roadworks this wk"
    (a notice opener, then a day ahead or a change of plan; "last thurs" is behind us), or
    anything closing with a request to pass it on ("CLF apps close end of month, pls pass
    it on"). The caller has checked that nothing is counted or told as done. A change
    dated by the calendar ("libraries will be closed 24 Dec to 2 Jan") is a notice too:
    since the sets were labelled to one convention, that exception cost more than it kept."""
    words = vocabulary().intent
    whole = words_of(text)
    if (
        (starts(whole, words.notice_openers) and _coming(whole))
        or _calls_off(whole)
        or changed_to_a_day(whole)
    ):
        return True  # "fyi library shut thurs", "the Maltby surgery on fri is cancelled"
    clauses = [c for c in CLAUSE_BREAK.split(text) if words_of(c)]
    if len(clauses) < 2:
        return False
    last = words_of(clauses[-1])
    asked = False
    for request in sorted(words.request_starts, key=len, reverse=True):
        if starts(last, (request,)):
            last, asked = last[len(request.split()) :], True
            break
    # "..., pls tell your tenants": after a request word, anything asked of the readers
    return starts(last, words.pass_on_requests) or (asked and starts(last, words.reader_requests))


def heads_a_notice_of_what_comes(text: str) -> bool:
    """ "fyi the lane is shut from mon for resurfacing, diversion signed": a notice opener,
    then a first clause telling of what is coming with nothing done in it; the later
    clauses' participles ("signed", "posted") describe the notice, not work done. A first
    clause calling a day off or moving it ("warm space tues cancelled - heating's packed
    in") heads a notice without an opener: what follows is the reason."""
    words = vocabulary().intent
    whole = words_of(text)
    clauses = [words_as_spelled(c) for c in CLAUSE_BREAK.split(text) if words_of(c)]
    first = clauses[0]
    if len(clauses) < 2 or tells_something_done(first):
        return False
    if not (starts(whole, words.notice_openers) and _coming(first)) and not (
        changed_to_a_day([w.replace("'", "") for w in first])
    ):
        return False
    # a later clause told by the writer ("leafleted the street", "we've told the school")
    # reports work done
    return not any(the_writer_did(c) for c in clauses[1:])


def _coming(whole: list[str]) -> bool:
    """A day ahead, a start or a change of plan ("last thurs" is behind us)."""
    words = vocabulary().intent
    return any(
        starts(whole[i:], words.coming_words) and (i == 0 or whole[i - 1] != "last")
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


def changed_to_a_day(whole: list[str]) -> bool:
    """ "the walk is moved to the 18th", "parkrun cancelled sat due to ice", "the library
    closed sat 9th for training": a change of plan told with the day it moves to or falls on
    (a weekday or a day of the month next to it) is a notice, with or without an
    auxiliary; "moved them on", "closed the gate" name no day. The day may come first
    ("warm space tues cancelled"), and an hour may be what it moves to ("moved to 11")."""
    words = vocabulary().intent
    for i, w in enumerate(whole):
        if w not in words.schedule_changes:
            continue
        if i and whole[i - 1] in _DAY_WORDS:
            return True
        after = [x for x in whole[i + 1 : i + 4] if x not in words.move_targets | {"the", "on"}]
        if after and (after[0] in _DAY_WORDS or DAY_OF_MONTH.fullmatch(after[0])):
            return True
        moved_to = w in words.moves and whole[i + 1 : i + 2] == ["to"]
        if moved_to and after and re.fullmatch(r"(?:[01]?\d|2[0-3])(?:am|pm)?", after[0]):
            return True
    return False
