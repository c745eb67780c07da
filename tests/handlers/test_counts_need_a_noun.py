"""Counts without invention: a number needs its noun or verb (issue 15)."""

from __future__ import annotations

import pytest

from handlers.reading.counts import read_counts


@pytest.mark.parametrize(
    "text",
    [
        "23 volunteers. Next one booked for next month.",
        "speedwatch, 2 sessions this wk, next one booked for next month",
        "memory cafe again, 2nd one this month",
        "is the defibrillator registered so 999 can send people to it",
        "potholes reported by the bus stop, 5 of them",
    ],
)
def test_one_pronouns_emergency_numbers_and_things_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Had 25 at the Rawmarsh East warm space today", 25),
        ("Had a dozen at the memory cafe, 2nd one this month", 12),
        ("Have set up a new walking group in Dinnington, 8 joined", 8),
        ("Went to the walking football, 15-20 each wk now", 15),
        ("VE day do at the precinct, 300ish thru", 300),
        ("consultation day - approx 60 thru re the new build", 60),
        ("Over 50 kids fed in what they like about the area", 50),
        ("door knock for the survey, 19 filled it in", 19),
        ("road safety stall on market day, 50ish chats", 50),
    ],
)
def test_a_number_with_its_verb_or_noun_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        ("hedge laying w/ the conservation vols, 8 turned up despite the rain", 8),
        ("parkrun vols briefing, approx 35", 35),
        ("23 volunteers. Next one booked for next month.", 23),
    ],
)
def test_a_head_count_in_a_sentence_about_volunteers_counts_them(
    text: str, volunteers: int
) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, None)


def test_volunteers_among_others_leave_the_count_with_people() -> None:
    counts = read_counts("Thank-you afternoon for the volunteers, 41 came incl partner staff")
    assert (counts.people_reached, counts.volunteers) == (41, None)


def test_money_lost_is_not_money_raised() -> None:
    assert "money_gbp" not in read_counts("allotments have had over £5k of thefts").quantities


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # only people are seen, helped or advised, whatever the noun before the verb
        ("advice surgery at Swinton library, 14 appointments seen", 14),
        ("benefits clinic, 7 enquiries dealt with on the day", 7),
        # "a hundred" is a number; "in all" closes a head count
        ("Had over a hundred at the Aston carol service", 100),
        ("Thrybergh pick: families from 4 streets, 22 in all", 22),
        # a head count named before its number, or after a host's verb
        ("the Brampton residents' meeting was attended by 37, a record", 37),
        ("a turnout of 52 for the Wickersley carol service", 52),
        ("the new Dalton pantry saw 19 on its opening morning", 19),
        ("the Canklow bike ride had 14 take part", 14),
    ],
)
def test_people_counted_by_what_was_done_for_them(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text", ["walkabout on Gray Ave, 6 fly tips seen", "the Gray Ave walkabout saw 6 fly tips"]
)
def test_things_seen_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_millions_given_are_money_and_a_schemes_size_is_not() -> None:
    given = read_counts("£1.2m secured for the Dinnington market square")
    assert given.quantities.get("money_gbp") == 1_200_000
    assert "money_gbp" not in read_counts("the £4m Maltby masterplan went to cabinet").quantities


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a head count with the time it took, a daily rate, or the outing it was on
        ("Kimberworth gala, 800 through across the afternoon, no trouble", 800),
        ("Wath food fair - est 1,200 over the two days", 1200),
        ("Dalton warm room steady, c.40 a day since the cold snap", 40),
        ("22 on the heritage walk round Wentworth village", 22),
    ],
)
def test_head_counts_with_their_time_or_outing(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_volunteers_and_bags_jotted_as_officers_do() -> None:
    counts = read_counts("lp kilnhurst 7v 15b, mostly cans")
    assert (counts.volunteers, counts.quantities.get("bags")) == (7, 15)
    for text in ("new 240v socket in the Wath hall kitchen", "the 12b bus is back on Ellis St"):
        counts = read_counts(text)
        assert (counts.volunteers, counts.quantities) == (None, {}), text


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # answers to a survey come from people
        ("Aston park survey closed: 212 responses from 90 streets", 212),
        ("the Wath bus survey got 64 replies in a fortnight", 64),
    ],
)
def test_survey_answers_count_the_people_who_gave_them(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        # what a plan aims for has not happened yet
        "new sports strategy aims to get 500 young people active by 2030",
        "Dalton pantry drive: target of 300 households signed up by spring",
        # how many live in a place is not who an update reached
        "Hellaby ward profile: 9,800 residents, older than the borough as a whole",
        "Thrybergh has a population of 7,400 people and one GP surgery",
    ],
)
def test_targets_and_populations_are_not_people_reached(text: str) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (None, None)


def test_a_target_in_one_sentence_leaves_the_next_sentences_count() -> None:
    assert read_counts("We aim to double it next year. 30 came this time.").people_reached == 30


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        # those who did the work are volunteers, not people reached
        ("new mural at Swinton station painted by 12 pupils from the academy", 12),
        ("planters on Bawtry Rd built by 8 young people from the youth club", 8),
    ],
)
def test_people_who_did_the_work_are_volunteers(text: str, volunteers: int) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, None)


@pytest.mark.parametrize(
    "text",
    [
        # a parish precept held at a level, a loan: not money the ward raised or was given
        "Wickersley parish precept frozen at £52,300 for another year",
        "Dalton PC borrowed £90,000 for the pavilion roof",
        "the Thrybergh club took out a £30k loan for new changing rooms",
    ],
)
def test_a_precept_or_a_loan_is_not_money_raised(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_millions_given_from_a_fund_named_by_its_initials_are_money() -> None:
    counts = read_counts("£2m UKSPF going into Maltby high street shopfronts")
    assert counts.quantities.get("money_gbp") == 2_000_000


@pytest.mark.parametrize(
    "text",
    [
        # still to come, not done
        "the revamped Maltby library will welcome 150 children a week",
        "Dinnington fun day on Sat, expecting 400 families",
        "new scheme set to help 80 households with energy bills",
        # people naming the things counted: the things were counted, not the people
        "bike marking at the Wath gala, 23 kids bikes marked",
    ],
)
def test_counts_still_to_come_or_of_things_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_a_count_told_before_what_will_happen_next_still_counts() -> None:
    assert (
        read_counts("Wath pantry: 30 families came and will be back next week").people_reached == 30
    )


@pytest.mark.parametrize(
    "text",
    [
        # room for people is not people there
        "new Saturday sessions at the Kilnhurst hut for up to 16 young people",
        "free places for 25 children on the Maltby summer scheme, book at the school",
        "places still available for 10 more families on the Dalton trip",
        "the refurbished Brampton hall holds 90 people",
    ],
)
def test_room_for_people_is_not_people_reached(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_a_team_of_up_to_a_dozen_is_still_counted() -> None:
    assert read_counts("pantry runs on a team of up to a dozen volunteers").volunteers == 12


def test_what_a_scheme_cost_is_money_spent_and_what_a_ticket_costs_a_price() -> None:
    spent = read_counts("new Bramley skate park, cost £72,000 from the ward and S106")
    assert spent.quantities.get("money_gbp") == 72_000
    for text in ("Maltby panto tickets cost £14", "room hire at the Wath hub £12 an hour"):
        assert "money_gbp" not in read_counts(text).quantities, text


@pytest.mark.parametrize(
    ("text", "volunteers", "people"),
    [
        # thanked for what they did: volunteers, whatever they are called
        ("huge thanks to the 6 brownies who picked litter round the pond", 6, None),
        ("ta to the 4 lads from the Rotary who put the gazebos up", 4, None),
        # thanked for coming: people reached
        ("thanks to the 40 residents who came to the Dalton meeting", None, 40),
    ],
)
def test_people_thanked_for_what_they_did_are_volunteers(
    text: str, volunteers: int | None, people: int | None
) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, people)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # only people are helped, supported or served: the number after the verb counts them
        ("Rawmarsh advice surgery helped 38 with council tax forms", 38),
        ("the Maltby warm room supported 55 over the cold snap", 55),
        ("Thurcroft lunch club served 70 on the last day of term", 70),
        # ... unless a noun names what was helped
        ("the ward fund supported 9 projects this year", None),
    ],
)
def test_people_named_by_what_was_done_for_them_before_the_number(
    text: str, people: int | None
) -> None:
    assert read_counts(text).people_reached == people


def test_crowds_footfall_and_strong_teams_are_counted() -> None:
    assert read_counts("a 75-strong crowd at the Kimberworth remembrance").people_reached == 75
    assert read_counts("footfall of 2,400 at the Rawmarsh food fair").people_reached == 2400
    counts = read_counts("a 9-strong team of volunteers cleared the Dalton beck")
    assert (counts.volunteers, counts.people_reached) == (9, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a bare head count, then "and" opening a second subject: the count closed its clause
        ("knit n natter at the library, 14 in and a few new faces", 14),
        ("bingo at the community room, forty odd there and the cllr came too", 40),
        # a bare number that took part in what those reached do
        ("stall at the gala for the park plans, 62 did the questionnaire", 62),
        ("first aid at the scout hut, 9 completed the emergency course", 9),
    ],
)
def test_a_bare_count_closing_its_clause_or_taking_part_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "fly tips counted, 3 in and around the garages",
        "walked 8 there and back with the pcso",
        "heritage open day, 2 did the tour for the visitors",
    ],
)
def test_and_going_on_or_a_tour_given_is_not_a_count(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a rough figure closing its clause is a head count jotted after the activity
        ("chair yoga at the welfare, 25ish", 25),
        ("heritage walk round the village, thirty odd", 30),
        ("carers cafe at the hub, a dozen or so, good chats", 12),
        # a total closing its clause
        ("warm space open all wk, 85 in total", 85),
        ("family fun day, 140 overall", 140),
    ],
)
def test_a_rough_figure_or_a_total_closing_its_clause_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "youth club weds 6-8, new games console",  # a clock's hours
        "youth club 14-18 at the hub, new pool table",  # ages, or hours
        "tyres dumped behind the garages, 20 odd",  # things named before it
        "aiming for 50ish at the gala",  # not done
    ],
)
def test_hours_things_and_aims_are_not_a_rough_head_count(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_n_of_you_thanked_are_volunteers() -> None:
    found = read_counts("speedwatch on Doncaster Rd, 14 of you out in the rain, ta")
    assert (found.volunteers, found.people_reached) == (14, None)
