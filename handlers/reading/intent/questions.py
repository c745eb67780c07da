"""What asks: the question's shape (its opening words, its last clause, an aside after the
"?"), questions put to the reader or passed on, and asks for the record."""

from __future__ import annotations

import re

from handlers.reading.intent.requests import invites
from handlers.reading.intent.tense import names_who_after_have, the_writer_did
from handlers.reading.intent.words import (
    CLAUSE_BREAK,
    READER,
    ends_asking,
    has,
    starts,
    words_as_spelled,
    words_of,
)
from handlers.reading.understand import Reading
from handlers.reading.vocabulary import vocabulary


def heads_a_notice(sentences: list[str]) -> bool:
    """ "Are you a carer? The carers' cafe runs every Weds": a question put to the reader,
    then a statement that does not ask, could be a notice as well as a question."""
    later = [w for s in sentences[1:] for w in words_of(s)]
    return (
        ends_asking(sentences[0])
        and _to_the_reader(sentences[0])
        and len(later) >= 4
        and not any(ends_asking(s) for s in sentences[1:])
    )


def asks_the_reader_too(sentences: list[str]) -> bool:
    """ "The scheme goes to consultation next month. What do you think should go on the
    green?": a statement, then a question put to the reader."""
    return any(len(words_of(s)) >= 4 and not ends_asking(s) for s in sentences) and any(
        ends_asking(s) and _to_the_reader(s) for s in sentences
    )


def _to_the_reader(sentence: str) -> bool:
    return bool(READER & set(words_of(sentence)))


def notice(found: list[str]) -> bool:
    """ "Any group in Wath can now apply", "Anyone passing the park will have seen ...": a
    search word that heads a statement to everyone, not a search."""
    words = vocabulary().intent
    if found[0] not in ("any", "anyone", "anybody", "any1", "anything"):
        return False
    for i in range(1, min(len(found), 8)):
        if found[i] in words.relative_words and i == 1:
            # "Anyone who came to the gala will know ...": past the relative clause's own
            # verb, a notice verb still states; "anyone who can help" has none.
            return any(starts(found[j:], words.notice_verbs) for j in range(3, len(found)))
        if found[i] in words.notice_blockers:
            return False
        if starts(found[i:], words.notice_verbs) or found[i] in words.told_verbs:
            return True  # "any leftover tins went to the pantry"
    return False


def asking_others(found: list[str]) -> bool:
    """ "can anyone tell me ...", "could somebody recommend ...": asking to know."""
    words = vocabulary().intent
    return (
        len(found) > 2
        and found[0] in words.asked_of_others
        and found[1] in words.askees
        and found[2] in words.information_verbs
    )


def closes_asking_for_more(text: str, *, counted: bool) -> bool:
    """ "Walked the route with Y3, 29 pupils - can someone report the faded lines?",
    "Skip day went well. Shall we book another?": a report (counted or told as done)
    closing with a question that asks for more work, not for the record, is logged."""
    words = vocabulary().intent
    clauses = [c for c in CLAUSE_BREAK.split(text) if words_of(c)]
    if len(clauses) < 2:
        return False
    last = words_of(clauses[-1])
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
    return counted or any(the_writer_did(words_as_spelled(c)) for c in clauses[:-1])


def opens_a_question(found: list[str]) -> bool:
    words = vocabulary().intent
    return (
        starts(found, words.question_starts)
        or starts(found, words.search_starts)
        or starts(found, words.asking_starts)
        or starts(found, words.asked_of_us)
        or asking_others(found)
    )


def asks_for_the_record(found: list[str], reading: Reading) -> bool:
    """ "rawmarsh updates since the summer pls", "everything logged for wath this year
    please": the record named and asked for, for a place or a period. "pls send your
    updates by fri" asks colleagues to write them (a possessive before the noun)."""
    words = vocabulary().intent
    if not has(found, words.record_requests):
        return False
    named = [
        i
        for i in range(len(found))
        if starts(found[i:], words.record_nouns)
        and not set(found[max(0, i - 2) : i]) & words.record_owners  # "their q3 figures"
    ]
    lead = 0
    while lead < len(found) and found[lead] in words.record_lead_ins:
        lead += 1
    opens = starts(found[lead:], words.record_openers)
    where = reading.ward or reading.candidates or reading.places
    scoped = has(found, words.periods) or has(found, words.record_scopes)
    return bool(named or opens) and bool(where or scoped)


_ANSWER_MARK = re.compile(r"^\W*[a-z]+\s*[,.!:;\-–]", re.I)


def answers(sentence: str) -> bool:
    """ "Yes - opening 2 June", "No, closed since May": an answer, set off by a mark (not
    "no reply from highways yet")."""
    return starts(words_of(sentence), vocabulary().intent.answers) and bool(
        _ANSWER_MARK.match(sentence)
    )


def relays_a_question(found: list[str]) -> bool:
    """ "resident asking if the bus route is changing": a question passed on."""
    relayed = vocabulary().intent.relayed_asks
    return any(starts(found[i:], relayed) for i in range(min(len(found), 5)))


def last_asking(sentences: list[str]) -> int:
    return max((i for i, s in enumerate(sentences) if ends_asking(s)), default=-1)


def asks_then_an_aside(sentences: list[str]) -> bool:
    """ "library opening hours? think it's shut weds", "fines scrapped? and new PCs": a
    question, then only the asker's guess or a second part of the question."""
    asides = vocabulary().intent.question_asides
    last = last_asking(sentences)
    return (
        0 <= last < len(sentences) - 1
        and not invites(sentences[last])
        and all(starts(words_of(s), asides) or _names_the_asker(s) for s in sentences[last + 1 :])
    )


def _names_the_asker(sentence: str) -> bool:
    """ "...? samaritans asking", "...? families were asking": a short aside naming who
    asks passes the question on."""
    found = words_of(sentence)
    askers = vocabulary().intent.question_askers
    # "...? they're asking again": the asker anywhere in the aside
    return 0 < len(found) <= 6 and any(starts(found[i:], askers) for i in range(len(found)))


def offers_the_other_answer(found: list[str]) -> bool:
    """ "can we refer them straight to SYFR or does it all go through the data share":
    a clause offering the other answer asks whether."""
    alternatives = vocabulary().intent.alternative_asks
    return any(starts(found[i:], alternatives) for i in range(2, len(found)))


def last_clause_asks(text: str) -> bool:
    """A report's last clause in a question's word order, without a "?": "youth club
    shutting at Easter - what do we tell the parents", "- which days is it open", "still
    waiting on the lights - any news"."""
    words = vocabulary().intent
    breaks = list(CLAUSE_BREAK.finditer(text.rstrip()))
    if not breaks:
        return False
    last = text[breaks[-1].end() :]
    found = words_of(last)
    if len(found) < 2 or invites(last):
        return False
    if starts(found, words.chasers):
        return True
    if len(found) < 3:
        return False
    auxiliaries = words.auxiliaries | words.question_auxiliaries
    if (
        found[0] in auxiliaries
        and found[1] in words.inverted_subjects
        and not starts(found, words.request_starts)
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


def asks_what_is_logged(found: list[str]) -> bool:
    """ "has anyone logged asb near the school", "have housing logged the damp jobs": "has"
    or "have", who (one word or two), then a verb of the record asks what it holds; "have
    logged 3 visits" and "have just posted the flyers" tell it, their subject left out."""
    words = vocabulary().intent
    return names_who_after_have(found) and any(
        starts(found[i:], words.record_verbs) for i in (2, 3) if i < len(found)
    )
