"""Count kinds seen on the second officers' set's odd half (docs/reading-rules.md,
reading5 round), each in new wording."""

from __future__ import annotations

import pytest

from handlers.reading.counts import read_counts


@pytest.mark.parametrize(
    "text",
    [
        "room bookings going up from £15 an hour to £19 in april",
        "hall hire £12 per hour or £20 for the evening",
        # ... and the one before a price, in its unit
        "pavilion hire going from £18 to £22 an hour",
    ],
)
def test_a_sum_joined_to_a_price_is_a_price(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_a_sum_after_a_price_in_another_clause_still_counts() -> None:
    text = "tickets £3 a head, the raffle raised £240 for the hall"
    assert read_counts(text).quantities.get("money_gbp") == 240


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("canal clean up, 9 from the angling club turned up", 9),
        ("open day at the mill, a dozen from the history society came along", 12),
    ],
)
def test_people_from_a_group_who_came_are_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "site visit on Elm Rd, 2 from the council came along",
        "resident mtg, 3 from the police attended",
    ],
)
def test_people_from_a_service_who_came_to_work_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("knit group at the hub, 11 round the table today", 11),
        ("bereavement cafe - about 8 around the tables, tea and a chat", 8),
    ],
)
def test_a_head_count_where_people_gathered_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("chair yoga, 3 new ladies, 19 all told", 19),
        ("junior parkrun - 5 new runners, 42 in total", 42),
    ],
)
def test_a_total_after_a_part_is_the_people_reached(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_a_total_beside_volunteers_does_not_swallow_them() -> None:
    # the total would hold the volunteers too: the people counted stay apart
    found = read_counts("spring clean, 6 vols and 14 residents, 20 all told")
    assert (found.volunteers, found.people_reached) == (6, 14)


def test_people_who_played_are_people() -> None:
    assert (
        read_counts("walking netball at the leisure centre, fourteen played").people_reached == 14
    )


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a range opening a clause, then where they were: the lower figure
        ("between 14 and 16 at the Wath parent forum", 14),
        ("good session, 20-25 at the bereavement cafe", 20),
        # a rough word number opening it
        ("approx forty at the Keppel carers cafe", 40),
        # verbs of being there
        ("31 signed the register at the Dalton drop in", 31),
        ("health walk, 17 set off from the library", 17),
    ],
)
def test_more_ways_of_saying_people_were_there(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_a_pot_run_down_to_a_sum_is_not_money_given() -> None:
    assert "money_gbp" not in read_counts("ward budget now down to £900 for the year").quantities


def test_there_were_a_number_at_an_event_is_people() -> None:
    assert read_counts("there were 25 at the Wath bereavement cafe").people_reached == 25


@pytest.mark.parametrize(
    "text",
    ["speedwatch on Wath Rd had 19 over", "SID week on the Dalton estate, 44 over the limit"],
)
def test_vehicles_over_the_limit_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_money_raised_on_the_door_is_money_raised() -> None:
    # "£5 on the door" is a ticket's price; "raised £140 on the door" is the takings
    assert read_counts("Ceilidh at the Wath hall, raised £140 on the door").quantities == {
        "money_gbp": 140.0
    }
    assert "money_gbp" not in read_counts("Ceilidh at the Wath hall, £5 on the door").quantities


def test_a_span_of_sessions_is_not_an_age_band() -> None:
    assert read_counts("Road safety talks, 90 pupils over 2 sessions").people_reached == 90


def test_readers_are_people_reached() -> None:
    assert read_counts("Reading group now has 22 regular readers").people_reached == 22


def test_a_purchase_still_wished_for_is_not_money_given() -> None:
    text = "Bowls club want to buy a new mower for £900"
    assert "money_gbp" not in read_counts(text).quantities


def test_bags_dumped_are_not_bags_filled() -> None:
    dumped = "Fly tip behind the Wath shops, about 12 bags of garden waste, reported"
    assert "bags" not in read_counts(dumped).quantities
    assert read_counts("Fly tip behind the Wath shops cleared, 12 bags").quantities == {"bags": 12}


def test_bags_handed_out_are_gifts_not_rubbish() -> None:
    text = "Winter packs at the Wath hub: 45 bags (gloves, hat, soup) handed out"
    assert "bags" not in read_counts(text).quantities
