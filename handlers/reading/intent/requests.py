"""Requests, invitations, thanks and replies: posts that ask someone to do something, hand
a job on, call for takers or help, thank, or answer another post."""

from __future__ import annotations

from handlers.reading.intent.tense import tells_something_done
from handlers.reading.intent.words import (
    CLAUSE_BREAK,
    READER,
    found_at,
    starts,
    words_as_spelled,
    words_of,
)
from handlers.reading.vocabulary import vocabulary


def invites(sentence: str) -> bool:
    """A question put to the reader after a report: "Why not pop in?", "Fancy joining?",
    a suggestion ("worth setting up a group?") or a call for takers ("any groups up for
    it?", "anyone keen to help?")."""
    words = vocabulary().intent
    found = words_of(sentence)
    return starts(found, words.invitations) or _calls_for_takers(found)


def _calls_for_takers(found: list[str]) -> bool:
    words = vocabulary().intent
    if not found or found[0] not in words.takers_heads:
        return False
    return any(starts(found[i:], words.takers_words) for i in range(1, min(len(found), 5)))


def closes_with_an_invitation(text: str) -> bool:
    """ "... open on Tuesdays. Why not pop in?", "pantry reopened - can you help?": the
    last clause invites the reader after something was said."""
    clauses = [c for c in CLAUSE_BREAK.split(text) if words_of(c)]
    return len(clauses) > 1 and invites(clauses[-1])


def asks_for_a_taker(found: list[str]) -> bool:
    """ "anyone able to cover the stall at the gala?", "can we get someone to do the
    judging?": someone sought to do a job is a request, "?" or not; "anyone able to tell me
    ..." asks to know."""
    words = vocabulary().intent
    if _calls_for_takers(found):
        return True  # "anyone fancy a joint stall at the gala?"
    at = next((len(f.split()) for f in words.taker_finds if starts(found, (f,))), 0)
    if at >= len(found) or found[at] not in words.askees or found[at] in READER:
        return False
    rest = found[at + 1 :]
    ready = next((f for f in words.taker_fillers if starts(rest, (f,))), None)
    if ready is None and not at:
        return False  # "anyone to ..." needs "can we get" before it
    rest = rest[len(ready.split()) :] if ready else rest
    return len(rest) > 1 and rest[0] == "to" and rest[1] not in words.information_verbs


def replies(text: str) -> bool:
    """ "just seen this - I'll ask the caretaker", "re your email, the hall is free weds": a
    reply to a message, telling nothing done after its opener ("seen this, we cleared it
    yesterday", "re your q - the posts are in, kids were on them by noon" report)."""
    clauses = [words_as_spelled(c) for c in CLAUSE_BREAK.split(text) if words_of(c)]
    opened = bool(clauses) and starts(
        [w.replace("'", "") for w in clauses[0]], vocabulary().intent.reply_openers
    )
    return opened and not any(tells_something_done(c) for c in clauses[1:])


def opens_as_other(found: list[str]) -> bool:
    """Thanks, greetings, requests and the like, after any intensifier: "a huge well done
    to ...", "massive congrats to ..." open as "well done", "congrats" do."""
    words = vocabulary().intent
    # "a" only before an intensifier: "a sorry sight at the rec" reports
    lead = 1 if len(found) > 2 and found[0] == "a" and found[1] in words.intensifiers else 0
    while lead < min(len(found) - 1, 3) and found[lead] in words.intensifiers:
        lead += 1
    return starts(found[lead:], words.other_starts)


def without_calls(text: str) -> list[str]:
    """The words as written ("we're" is not "were"), with the reader calls blanked out: the
    call's own words ("3 places left", "asked me to share") tell nothing done, nor does a
    thing's arrival that the call hands on ("the new bins have arrived, shout if you want
    one")."""
    words = vocabulary().intent
    plain, spelled = words_of(text), words_as_spelled(text)
    for i, size in found_at(plain, words.reader_calls + words.arrivals):
        spelled[i : i + size] = [""] * size
    # "gloves provided" closing its clause describes the offer
    ends = {len(words_of(text[: m.start()])) - 1 for m in CLAUSE_BREAK.finditer(text)}
    for i, w in enumerate(plain):
        if w in words.offered and (i == len(plain) - 1 or i in ends):
            spelled[i] = ""
    return spelled


def calls_for_help(found: list[str]) -> bool:
    """ "need 4 more vols for the hamper packing", "looking for snow wardens again": a call
    for people, a number or "more" between."""
    words = vocabulary().intent
    for i, size in found_at(found, words.help_asks):
        after = [
            w
            for w in found[i + size : i + size + 5]
            if not w.isdigit() and w not in words.help_fillers
        ]
        if starts(after, words.help_nouns):
            return True
    return False


def thanks(text: str) -> bool:
    """ "The friends group thank everyone who came out", "massive thank you to all who
    helped": thanks in the first clause, with nothing told as done before them, make a
    thank-you; its past verbs ("who came") tell of the thanked, not of work done. "Cleared
    the alley, thanks to the wardens" reports first; "skip day thanks to the parish" is not
    the verb."""
    words = vocabulary().intent
    first = words_of(CLAUSE_BREAK.split(text, maxsplit=1)[0])
    at = next((i for i, w in enumerate(first) if w in words.thanks_words), None)
    if at is None or (
        first[at] == "thanks" and at > 0 and not starts(first[at + 1 :], words.thanked)
    ):
        return False  # "skip day thanks to the parish"; "the group thanks everyone" thanks
    return not tells_something_done(first[:at])


def thanks_then_tells(text: str) -> bool:
    """ "ta to the church for the hamper donations - 40 hampers packed and delivered":
    thanks first, then a clause of its own telling something done, reports; one speaking to
    the readers ("hope you had a good one") or about the thanked ("who came") does not."""
    words = vocabulary().intent
    clauses = [words_of(c) for c in CLAUSE_BREAK.split(text) if words_of(c)]
    if len(clauses) < 2 or not starts(clauses[0], words.thanks_openers):
        return False
    return any(
        len(c) >= 3
        and tells_something_done(c)
        and not set(c) & (READER | words.promise_modals)  # "notes will be shared"
        and c[0] not in words.thanks_asides
        for c in clauses[1:]
    )


def asks_the_readers(found: list[str]) -> bool:
    """ "for bookings please ring the coordinator", "pls send me your dates": a request word
    then something asked of the readers, anywhere in the post."""
    words = vocabulary().intent
    return any(
        w in words.please_words and starts(found[i + 1 :], words.reader_requests)
        for i, w in enumerate(found)
    )


def passes_on_a_request(text: str) -> bool:
    """ "resident wants a bench by the stop, could we look at ward funds": someone's wish
    passed on, and a request to colleagues closing the post."""
    words = vocabulary().intent
    clauses = [c for c in CLAUSE_BREAK.split(text) if words_of(c)]
    if len(clauses) < 2 or not starts(words_of(clauses[-1]), words.request_starts):
        return False
    said = " " + " ".join(words_of(" ".join(clauses[:-1]))) + " "
    return any(f" {wish} " in said for wish in words.wish_words)


def passes_on_a_wish(text: str) -> bool:
    """ "fyi the tenants asked for a grit bin again": a notice passing on someone's wish,
    with nothing else told as done, asks for something; the wish is not the officer's
    work."""
    words = vocabulary().intent
    whole = words_of(text)
    if not starts(whole, words.notice_openers):
        return False
    wished = False
    for i in range(len(whole)):
        for wish in words.wish_words:
            if starts(whole[i:], (wish,)):
                whole[i : i + len(wish.split())] = [""] * len(wish.split())
                wished = True
    return wished and not tells_something_done(whole)


def asks_for_a_job(found: list[str]) -> bool:
    """ "can housing look at the lights by the centre", "could the council fix the bench":
    can/could, someone other than us (a service, a noun phrase), then a job to do; without
    a "?" a request. "can we/i ..." and "can they/it ..." are read elsewhere."""
    words = vocabulary().intent
    if len(found) < 3 or found[0] not in words.asked_of_others or found[1] in words.subjects:
        return False
    # "would highways be able to look at ...", "could parks please cut ..."
    after = [w for w in found[2:9] if w not in words.request_fillers][:3]
    return any(w in words.job_verbs for w in after) and found[1] not in words.job_verbs


def hands_on_a_job(text: str) -> bool:
    """ "bench by the castle has slats missing, could somebody take a look": a problem,
    then a job asked of someone else closing the post, with nothing done, hands it on
    ("..., can we chase highways" is the team's own follow-up, logged)."""
    words = vocabulary().intent
    clauses = [c for c in CLAUSE_BREAK.split(text) if words_of(c)]
    # the job's own words ("get it emptied") tell nothing done
    if len(clauses) < 2 or tells_something_done(words_of(" ".join(clauses[:-1]))):
        return False
    last = words_of(clauses[-1])
    if len(last) < 3 or last[0] not in words.asked_of_others or last[1] not in words.askees:
        return False
    jobs = [i for i in (2, 3) if i < len(last) and last[i] in words.job_verbs]
    # "can anyone check if it's open" asks to know, not for a job
    return bool(jobs) and not set(last[jobs[0] + 1 : jobs[0] + 2]) & words.whether_words
