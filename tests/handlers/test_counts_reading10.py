"""Count mechanisms of the reading10 round (docs/reading-rules.md): kinds of count mistake
found on the fifth and sixth officers' sets and the odd halves of the third and fourth.
Each example is new wording, not a post of any labelled set; each failed before the round."""

from __future__ import annotations

import pytest

from handlers.reading.counts import read_counts


@pytest.mark.parametrize(
    "text",
    [
        "car boot on the rec sun, pitches still going £12 a pitch",
        "craft fair next month, tables £8 per table, £15 per stall",
        "allotment society - plots now £30 a plot.",
    ],
)
def test_a_sum_per_one_thing_is_a_price(text: str) -> None:
    assert read_counts(text).quantities.get("money_gbp") is None


@pytest.mark.parametrize(
    "text",
    [
        "helped the allotment group with their grant form, comfortably under £800",
        "both bids came in below £1,000 so they go to the small grants panel",
        "the boiler quote came back at £3,100, they'll apply for funding",
        "estimate for the fence came in at £1,200",
        "the bowls club are after £2k for a new mower",
        "tenants assoc have £6k put by for the christmas do",
    ],
)
def test_a_ceiling_a_quote_a_want_or_savings_is_not_money(text: str) -> None:
    assert read_counts(text).quantities.get("money_gbp") is None


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("raffle at the gala raised just under £400", 400),
        ("small grant for the pantry, £750 approved", 750),
        ("another £2m set aside to keep the scheme going", 2_000_000),
    ],
)
def test_money_given_or_raised_still_counts(text: str, money: int) -> None:
    """A guard beside the ceiling, per-unit and savings rules (these counted before, too)."""
    assert read_counts(text).quantities.get("money_gbp") == money


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("damp visits on the flats: spoke to 19 tenants and raised 7 repair jobs", 19),
        ("surgery at the library, 12 residents raised 4 concerns about parking", 12),
    ],
)
def test_matters_raised_are_not_money_and_make_no_fundraisers(text: str, people: int) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (people, None)
    assert counts.quantities.get("money_gbp") is None


@pytest.mark.parametrize(
    ("text", "people", "volunteers"),
    [
        ("open garden weekend, 180 through the gate, stewards were great (9 of them)", 180, 9),
        ("quiz night packed out - 70 in, and the vols, 6 of them, ran the bar", 70, 6),
    ],
)
def test_of_them_points_back_at_volunteers_named_last(
    text: str, people: int, volunteers: int
) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (people, volunteers)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("met the parents who want a crossing. 14 of them came to the school gate", 14),
        ("invited the allotment holders, 11 of them turned up", 11),
    ],
)
def test_of_them_with_a_verb_of_being_there_counts_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("skate park jam sat, 35 riders and a DJ", 35),
        ("credit union stall - signed up 9 new savers", 9),
    ],
)
def test_people_named_by_what_they_do(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "speed watch on the main rd, 14 over in an hour",
        "SID out on church lane, 9 over in an hr, worst 41",
        "bins left out by no. 12ish, reported",
    ],
)
def test_not_a_head_count(text: str) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "quads seized, warnings issued to another 4 riders",
        "fines given to 3 riders on the bridleway",
    ],
)
def test_riders_warned_are_not_reached(text: str) -> None:
    """A guard beside the new people noun "riders" (these read no one before it, too)."""
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("food hygiene course at the centre, 8 passed", 8),
        ("hearing checks at the library - 19 checked", 19),
        ("bowel screening stand at the market, 23 screened", 23),
    ],
)
def test_done_to_each_on_a_course_or_check_counts_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text", ["smoke alarms: 12 checked", "fire hydrants on the estate 30 tested"]
)
def test_things_checked_are_not_people(text: str) -> None:
    """A guard beside the rule above (these read no one before it, too)."""
    assert read_counts(text).people_reached is None
