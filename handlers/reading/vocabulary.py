"""The reading rules' general English word lists, loaded once from vocabulary.yaml
(package data), so that changing a list changes no code. Council words (places, wards,
theme vocabulary) live in the plan YAML instead."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class IntentWords:
    question_starts: tuple[str, ...]
    auxiliaries: frozenset[str]
    past_auxiliaries: frozenset[str]
    present_auxiliaries: frozenset[str]
    predicate_words: frozenset[str]
    search_starts: tuple[str, ...]
    either_starts: frozenset[str]
    subjects: frozenset[str]
    report_starts: frozenset[str]
    acknowledgements: frozenset[str]
    other_starts: tuple[str, ...]
    openers: tuple[str, ...]
    asking_starts: tuple[str, ...]
    asked_of_others: frozenset[str]
    information_verbs: frozenset[str]
    askees: frozenset[str]
    request_starts: tuple[str, ...]
    wish_words: tuple[str, ...]
    job_verbs: frozenset[str]
    request_fillers: frozenset[str]
    whether_words: frozenset[str]
    exclamation_starts: tuple[str, ...]
    rhetorical_starts: tuple[str, ...]
    clause_starts: frozenset[str]
    asks_after: frozenset[str]
    invitations: tuple[str, ...]
    notice_verbs: tuple[str, ...]
    notice_blockers: frozenset[str]
    told_verbs: frozenset[str]
    question_asides: tuple[str, ...]
    asked_of_us: tuple[str, ...]
    chasers: tuple[str, ...]
    answers: tuple[str, ...]
    relayed_asks: tuple[str, ...]
    inverted_subjects: frozenset[str]
    contracted_questions: frozenset[str]
    question_auxiliaries: frozenset[str]
    relative_words: frozenset[str]
    noun_question_words: frozenset[str]
    statement_starts: tuple[str, ...]
    question_askers: tuple[str, ...]
    takers_heads: frozenset[str]
    takers_words: tuple[str, ...]
    taker_fillers: tuple[str, ...]
    taker_finds: tuple[str, ...]
    if_subjects: frozenset[str]
    described: frozenset[str]
    record_verbs: tuple[str, ...]
    report_adverbs: frozenset[str]
    requirements: frozenset[str]
    week_of: frozenset[str]
    welcome_not: frozenset[str]
    thanks_openers: tuple[str, ...]
    thanks_asides: frozenset[str]
    record_scopes: tuple[str, ...]
    promise_modals: frozenset[str]
    determiners: frozenset[str]
    alternative_asks: tuple[str, ...]
    hedges: tuple[str, ...]
    notice_openers: tuple[str, ...]
    coming_words: tuple[str, ...]
    schedule_changes: frozenset[str]
    irregular_past: frozenset[str]
    not_past: frozenset[str]
    state_before: frozenset[str]
    bare_verbs: frozenset[str]
    pass_on_requests: tuple[str, ...]
    reader_requests: tuple[str, ...]
    thanked: tuple[str, ...]
    dated_from: tuple[str, ...]
    help_asks: tuple[str, ...]
    passive_ahead: frozenset[str]
    help_nouns: tuple[str, ...]
    help_fillers: frozenset[str]
    please_words: frozenset[str]
    offered: frozenset[str]
    record_nouns: tuple[str, ...]
    record_requests: tuple[str, ...]
    record_openers: tuple[str, ...]
    record_lead_ins: frozenset[str]
    record_owners: frozenset[str]
    periods: tuple[str, ...]
    reader_calls: tuple[str, ...]
    writers: frozenset[str]
    reply_openers: tuple[str, ...]
    intensifiers: frozenset[str]
    arrivals: tuple[str, ...]
    addressees: frozenset[str]
    thanks_words: frozenset[str]
    follow_up_modals: frozenset[str]
    follow_up_verbs: frozenset[str]
    timetable_words: tuple[str, ...]
    day_periods: frozenset[str]
    day_joins: frozenset[str]
    free_words: tuple[str, ...]
    price_units: tuple[str, ...]
    contact_calls: tuple[str, ...]
    open_rounds: tuple[str, ...]
    ahead_words: tuple[str, ...]
    start_verbs: tuple[str, ...]
    start_whens: tuple[str, ...]
    moves: frozenset[str]
    move_targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class ThemeRuleWords:
    place_nouns: frozenset[str]
    format_words: tuple[str, ...]
    role_starts: frozenset[str]
    not_a_role_after: frozenset[str]
    sent_to: frozenset[str]
    phrase_stops: frozenset[str]
    not_theme_words: tuple[str, ...]
    project_nouns: frozenset[str]


@dataclass(frozen=True, slots=True)
class CountWords:
    """Regular-expression fragments, each one alternative."""

    people_units: tuple[str, ...]
    people_verbs: tuple[str, ...]
    present_verbs: tuple[str, ...]
    served_verbs: tuple[str, ...]
    host_verbs: tuple[str, ...]
    head_count_before: tuple[str, ...]
    money_given_after: tuple[str, ...]
    trained_verbs: tuple[str, ...]
    staff_nouns: tuple[str, ...]
    organisations: tuple[str, ...]
    volunteer_units: tuple[str, ...]
    things: tuple[str, ...]
    work_done_by: tuple[str, ...]
    thanks_to: tuple[str, ...]
    aims: tuple[str, ...]
    future_before: tuple[str, ...]
    capacity_before: tuple[str, ...]
    population_words: tuple[str, ...]
    money_held_before: tuple[str, ...]
    money_held_after: tuple[str, ...]
    maybe_after: tuple[str, ...]
    borough_names: tuple[str, ...]
    governing_bodies: tuple[str, ...]
    petition_words: tuple[str, ...]
    across_before: tuple[str, ...]
    wanted_before: tuple[str, ...]
    money_not_spent_before: tuple[str, ...]
    past_before: tuple[str, ...]
    eligible_after: tuple[str, ...]
    on_a_body_after: tuple[str, ...]
    scheme_done_after: tuple[str, ...]
    money_verbs_before: tuple[str, ...]
    plural_without_s: tuple[str, ...]
    fundraising_verbs: tuple[str, ...]
    matters_raised: tuple[str, ...]
    enforced_before: tuple[str, ...]
    done_to_people: tuple[str, ...]
    next_subjects: tuple[str, ...]
    staff_bodies: tuple[str, ...]
    gathered_at: tuple[str, ...]
    totals: tuple[str, ...]
    dumped_words: tuple[str, ...]
    cleared_words: tuple[str, ...]
    meals_before: tuple[str, ...]
    helper_jobs: tuple[str, ...]
    work_participles: tuple[str, ...]
    bag_kinds: tuple[str, ...]
    litter_words: tuple[str, ...]
    costs_after: tuple[str, ...]
    money_acts: tuple[str, ...]
    rough_before: tuple[str, ...]
    groups_of: tuple[str, ...]
    eating_places: tuple[str, ...]
    work_parties: tuple[str, ...]
    training_before: tuple[str, ...]
    number_words: dict[str, int]


@dataclass(frozen=True, slots=True)
class PlaceWords:
    address_forms: dict[str, str]
    common_streets: frozenset[str]
    road_words: frozenset[str]
    roads_named_after: frozenset[str]
    compass: frozenset[str]
    facility_nouns: tuple[str, ...]
    joining_words: frozenset[str]
    plain_place_nouns: tuple[str, ...]
    council_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    intent: IntentWords
    themes: ThemeRuleWords
    street_nouns: frozenset[str]
    function_words: frozenset[str]
    shorthand: dict[tuple[str, ...], tuple[str, ...]]
    stem_exceptions: dict[str, str]
    priority_plain_words: tuple[str, ...]
    question_filler: frozenset[str]
    counts: CountWords
    places: PlaceWords


def _words(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    found = raw[key]
    # YAML reads a bare on/no/yes as a boolean: a word list must be quoted where it has them.
    bad = [w for w in found if not isinstance(w, str)]
    if bad:
        raise ValueError(f"vocabulary.yaml: {key} has {bad!r}; quote the word")
    return tuple(w.lower() for w in found)


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(
        files("handlers.reading").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    )
    intent, themes, counts, places = raw["intent"], raw["themes"], raw["counts"], raw["places"]
    return Vocabulary(
        intent=IntentWords(
            question_starts=_words(intent, "question_starts"),
            auxiliaries=frozenset(_words(intent, "auxiliaries")),
            past_auxiliaries=frozenset(_words(intent, "past_auxiliaries")),
            present_auxiliaries=frozenset(_words(intent, "present_auxiliaries")),
            predicate_words=frozenset(_words(intent, "predicate_words")),
            search_starts=_words(intent, "search_starts"),
            either_starts=frozenset(_words(intent, "either_starts")),
            subjects=frozenset(_words(intent, "subjects")),
            report_starts=frozenset(_words(intent, "report_starts")),
            acknowledgements=frozenset(_words(intent, "acknowledgements")),
            other_starts=_words(intent, "other_starts"),
            openers=_words(intent, "openers"),
            asking_starts=_words(intent, "asking_starts"),
            asked_of_others=frozenset(_words(intent, "asked_of_others")),
            information_verbs=frozenset(_words(intent, "information_verbs")),
            askees=frozenset(_words(intent, "askees")),
            request_starts=_words(intent, "request_starts"),
            wish_words=_words(intent, "wish_words"),
            job_verbs=frozenset(_words(intent, "job_verbs")),
            request_fillers=frozenset(_words(intent, "request_fillers")),
            whether_words=frozenset(_words(intent, "whether_words")),
            exclamation_starts=_words(intent, "exclamation_starts"),
            rhetorical_starts=_words(intent, "rhetorical_starts"),
            clause_starts=frozenset(_words(intent, "clause_starts")),
            asks_after=frozenset(_words(intent, "asks_after")),
            invitations=_words(intent, "invitations"),
            notice_verbs=_words(intent, "notice_verbs"),
            notice_blockers=frozenset(_words(intent, "notice_blockers")),
            told_verbs=frozenset(_words(intent, "told_verbs")),
            question_asides=_words(intent, "question_asides"),
            asked_of_us=_words(intent, "asked_of_us"),
            chasers=_words(intent, "chasers"),
            answers=_words(intent, "answers"),
            relayed_asks=_words(intent, "relayed_asks"),
            inverted_subjects=frozenset(_words(intent, "inverted_subjects")),
            contracted_questions=frozenset(_words(intent, "contracted_questions")),
            question_auxiliaries=frozenset(_words(intent, "question_auxiliaries")),
            relative_words=frozenset(_words(intent, "relative_words")),
            noun_question_words=frozenset(_words(intent, "noun_question_words")),
            statement_starts=_words(intent, "statement_starts"),
            question_askers=_words(intent, "question_askers"),
            takers_heads=frozenset(_words(intent, "takers_heads")),
            takers_words=_words(intent, "takers_words"),
            taker_fillers=_words(intent, "taker_fillers"),
            taker_finds=_words(intent, "taker_finds"),
            if_subjects=frozenset(_words(intent, "if_subjects")),
            described=frozenset(_words(intent, "described")),
            record_verbs=_words(intent, "record_verbs"),
            report_adverbs=frozenset(_words(intent, "report_adverbs")),
            requirements=frozenset(_words(intent, "requirements")),
            week_of=frozenset(_words(intent, "week_of")),
            welcome_not=frozenset(_words(intent, "welcome_not")),
            thanks_openers=_words(intent, "thanks_openers"),
            thanks_asides=frozenset(_words(intent, "thanks_asides")),
            record_scopes=_words(intent, "record_scopes"),
            promise_modals=frozenset(_words(intent, "promise_modals")),
            determiners=frozenset(_words(intent, "determiners")),
            alternative_asks=_words(intent, "alternative_asks"),
            hedges=_words(intent, "hedges"),
            notice_openers=_words(intent, "notice_openers"),
            coming_words=_words(intent, "coming_words"),
            schedule_changes=frozenset(_words(intent, "schedule_changes")),
            irregular_past=frozenset(_words(intent, "irregular_past")),
            not_past=frozenset(_words(intent, "not_past")),
            state_before=frozenset(_words(intent, "state_before")),
            bare_verbs=frozenset(_words(intent, "bare_verbs")),
            pass_on_requests=_words(intent, "pass_on_requests"),
            reader_requests=_words(intent, "reader_requests"),
            thanked=_words(intent, "thanked"),
            dated_from=_words(intent, "dated_from"),
            help_asks=_words(intent, "help_asks"),
            passive_ahead=frozenset(_words(intent, "passive_ahead")),
            help_nouns=_words(intent, "help_nouns"),
            help_fillers=frozenset(_words(intent, "help_fillers")),
            please_words=frozenset(_words(intent, "please_words")),
            offered=frozenset(_words(intent, "offered")),
            record_nouns=_words(intent, "record_nouns"),
            record_requests=_words(intent, "record_requests"),
            record_openers=_words(intent, "record_openers"),
            record_lead_ins=frozenset(_words(intent, "record_lead_ins")),
            record_owners=frozenset(_words(intent, "record_owners")),
            periods=_words(intent, "periods"),
            reader_calls=_words(intent, "reader_calls"),
            writers=frozenset(_words(intent, "writers")),
            reply_openers=_words(intent, "reply_openers"),
            intensifiers=frozenset(_words(intent, "intensifiers")),
            arrivals=_words(intent, "arrivals"),
            addressees=frozenset(_words(intent, "addressees")),
            thanks_words=frozenset(_words(intent, "thanks_words")),
            follow_up_modals=frozenset(_words(intent, "follow_up_modals")),
            follow_up_verbs=frozenset(_words(intent, "follow_up_verbs")),
            timetable_words=_words(intent, "timetable_words"),
            day_periods=frozenset(_words(intent, "day_periods")),
            day_joins=frozenset(_words(intent, "day_joins")),
            free_words=_words(intent, "free_words"),
            price_units=_words(intent, "price_units"),
            contact_calls=_words(intent, "contact_calls"),
            open_rounds=_words(intent, "open_rounds"),
            ahead_words=_words(intent, "ahead_words"),
            start_verbs=_words(intent, "start_verbs"),
            start_whens=_words(intent, "start_whens"),
            moves=frozenset(_words(intent, "moves")),
            move_targets=frozenset(_words(intent, "move_targets")),
        ),
        themes=ThemeRuleWords(
            place_nouns=frozenset(_words(themes, "place_nouns")),
            format_words=_words(themes, "format_words"),
            role_starts=frozenset(_words(themes, "role_starts")),
            not_a_role_after=frozenset(_words(themes, "not_a_role_after")),
            sent_to=frozenset(_words(themes, "sent_to")),
            phrase_stops=frozenset(_words(themes, "phrase_stops")),
            not_theme_words=_words(themes, "not_theme_words"),
            project_nouns=frozenset(_words(themes, "project_nouns")),
        ),
        street_nouns=frozenset(_words(raw, "street_nouns")),
        function_words=frozenset(_words(raw, "function_words")),
        shorthand={
            tuple(str(k).split()): tuple(str(v).split()) for k, v in raw["shorthand"].items()
        },
        stem_exceptions={str(k): str(v) for k, v in raw["stem_exceptions"].items()},
        priority_plain_words=_words(raw, "priority_plain_words"),
        question_filler=frozenset(_words(raw, "question_filler")),
        counts=CountWords(
            **{k: _words(counts, k) for k in _FRAGMENT_LISTS},
            number_words={str(k): int(v) for k, v in counts["number_words"].items()},
        ),
        places=PlaceWords(
            address_forms={str(k): str(v) for k, v in places["address_forms"].items()},
            common_streets=frozenset(_words(places, "common_streets")),
            road_words=frozenset(_words(places, "road_words")),
            roads_named_after=frozenset(_words(places, "roads_named_after")),
            compass=frozenset(_words(places, "compass")),
            facility_nouns=_words(places, "facility_nouns"),
            joining_words=frozenset(_words(places, "joining_words")),
            plain_place_nouns=_words(places, "plain_place_nouns"),
            council_of=_words(places, "council_of"),
        ),
    )


_FRAGMENT_LISTS = (
    "people_units",
    "people_verbs",
    "present_verbs",
    "served_verbs",
    "host_verbs",
    "head_count_before",
    "money_given_after",
    "trained_verbs",
    "staff_nouns",
    "organisations",
    "volunteer_units",
    "things",
    "work_done_by",
    "thanks_to",
    "aims",
    "future_before",
    "capacity_before",
    "population_words",
    "money_held_before",
    "money_held_after",
    "maybe_after",
    "borough_names",
    "governing_bodies",
    "petition_words",
    "across_before",
    "wanted_before",
    "money_not_spent_before",
    "past_before",
    "eligible_after",
    "on_a_body_after",
    "scheme_done_after",
    "money_verbs_before",
    "plural_without_s",
    "fundraising_verbs",
    "matters_raised",
    "enforced_before",
    "done_to_people",
    "next_subjects",
    "staff_bodies",
    "gathered_at",
    "totals",
    "dumped_words",
    "cleared_words",
    "meals_before",
    "helper_jobs",
    "work_participles",
    "bag_kinds",
    "litter_words",
    "costs_after",
    "money_acts",
    "rough_before",
    "groups_of",
    "eating_places",
    "work_parties",
    "training_before",
)
