"""What a message tells as done, and what it only promises or plans: the verbs, their
subjects and the words around them that make a post a report."""

from __future__ import annotations

import re

from handlers.reading.dates import DAYS, MONTHS
from handlers.reading.intent.words import (
    CLAUSE_BREAK,
    DAY_OF_MONTH,
    HEADING_COLON,
    KEPT_CONTRACTIONS,
    WORD,
    ends_asking,
    found_at,
    starts,
    words_as_spelled,
    words_of,
)
from handlers.reading.vocabulary import vocabulary

_TOLD = frozenset({"was", "were", "had", "did", "went", "got", "made", "took", "came"})


def promises(sentences: list[str]) -> bool:
    """ "will bring the gazebo for the gala", "will chase it up": a modal, its subject left
    out, then a verb (not a pronoun, a determiner or a name, as a question puts next)."""
    words = vocabulary().intent
    first = sentences[0]
    found = words_as_spelled(first)
    if len(found) < 2 or ends_asking(first) or found[0] not in words.promise_modals:
        return False
    after = re.search(r"\b\w+\W+(\w+)", first)
    named = after is not None and after.group(1)[:1].isupper()
    if named or found[1] in words.determiners or found[1] in words.subjects:
        return False
    return len(found) < 3 or found[2] != "be"  # "will library be open sat" asks


def states(sentences: list[str], text: str) -> bool:
    """Whether the message opens as a statement that only looks like a question: an
    exclamation ("What a turnout"), a clause ("How residents turned ...", "When the rain
    stopped, ..."), a subject left out ("Was great to see ...", "Should be busy"), a heading
    ("What's on in Wath: ...") or a rhetorical question ("Did you know ...?", "Who knew
    ...?"), whose own "?" asks nothing."""
    words = vocabulary().intent
    first = sentences[0]
    found = words_of(first)
    if starts(found, words.rhetorical_starts) or starts(found, words.statement_starts):
        return True
    if starts(found, words.exclamation_starts):
        return not ends_asking(first)  # "what a mess, who's clearing it?" asks
    if ends_asking(first):
        return False
    if (
        "?" not in text
        and HEADING_COLON.match(first)
        and WORD.search(first.split(":", 1)[1])
        # "Reminder: surgery tomorrow" is a reminder ("Reminder for the newsletter: ..." heads
        # a piece for the record)
        and " ".join(words_of(first.split(":", 1)[0])) not in words.other_starts
    ):
        return True  # a question never ends in a colon: "Where to find a warm welcome: ..."
    raw = words_as_spelled(first)
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
        or any(w.endswith(KEPT_CONTRACTIONS) for w in words)
    )


def names_a_thing_done(found: list[str]) -> bool:
    """ "list of dates went out to the groups", "show of hands at the tara, 20 for it": a
    search word as a noun ("list of"), in a message telling something done, reports."""
    return len(found) > 2 and found[1] == "of" and tells_something_done(found)


def the_writer_did(clause: list[str]) -> bool:
    """A clause telling work the writer did: a past tense opening it, its subject left out
    ("leafleted the street"), or the writer as its subject ("we've told the school")."""
    words = vocabulary().intent
    return tells_something_done(clause) and (
        tells_something_done(clause[:1]) or bool(set(clause) & words.writers)
    )


def did_a_noun_do(text: str) -> bool:
    """ "did the thurcroft gala get its CLF money", "did the council ever fix it": "did",
    a noun phrase, then a bare verb in the first clause is a question's word order, as
    "did anyone ..." is; "did the door knock on Sledgate Lane" reports."""
    words = vocabulary().intent
    first = words_of(CLAUSE_BREAK.split(text, maxsplit=1)[0])
    if len(first) < 3 or first[0] != "did" or first[1] not in words.determiners:
        return False
    return any(w in words.bare_verbs for w in first[2:7])


def names_who_after_have(found: list[str]) -> bool:
    """ "has greasbrough park ...", "have housing ...": "has" or "have", then who, as a
    question puts it; "have set up a group", "has been cut", "have just cleared the alley"
    put the past form or an adverb first, as a report with its subject left out does."""
    words = vocabulary().intent
    if len(found) < 3 or found[0] not in ("has", "have") or found[1].isdigit():
        return False
    if found[1] in words.report_adverbs or found[1] in ("been", "got", "had"):
        return False
    return not tells_something_done(found[1:2])


def has_a_noun_done(found: list[str]) -> bool:
    """ "has greasbrough park kept its green flag", "have the council fixed it": "has" or
    "have", a noun phrase, then a past form is a question's word order."""
    return names_who_after_have(found) and any(tells_something_done([w]) for w in found[2:5])


def tells_something_done(found: list[str]) -> bool:
    """A past tense tells something done ("cleared", "went", "spoke"), unless it is a
    change of plan ("moved to tue", "cancelled"), which tells of what is coming."""
    words = vocabulary().intent
    found = list(found)
    # "everything logged" names the record, it tells nothing
    for i, size in found_at(found, words.record_nouns):
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
            and not dated_from(found[i + 1 : i + 6])  # "gates locked at 4pm from 1st nov"
            and not _conditioned(found, i)
            # "no appointment needed": what is not asked of the readers
            and not (w in words.requirements and i >= 2 and found[i - 2] == "no")
            # "refer anyone isolated", "those affected": who, not what was done
            and not (i > 0 and found[i - 1] in words.described)
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


def dated_from(found: list[str]) -> bool:
    """ "from april ...", "... from 1st march": "from" then a month or a day of the month
    dates a change ahead; "from 9.30" is hours, "from the school" a place."""
    words = vocabulary().intent
    for i, size in found_at(found, words.dated_from):
        after = [w for w in found[i + size : i + size + 2] if w != "the"][:1]
        if after and (after[0] in MONTHS or DAY_OF_MONTH.fullmatch(after[0])):
            return True
    return False
