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
