"""Count mechanisms of the reading8 round (docs/reading-rules.md): how a number binds to
what it counts. Each example is new wording, not a post of any labelled set."""

from __future__ import annotations

import pytest

from handlers.reading.counts import read_counts


@pytest.mark.parametrize(
    "text",
    [
        "roughly 1 in 4 pupils now cycle to school",
        "survey says 2 in 5 households struggle with heating",
        "1 in 10 residents on the estate use the pantry",
    ],
)
def test_a_ratio_is_not_a_count(text: str) -> None:
    counts = read_counts(text)
    assert counts.people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("the friendship club cooked Sunday lunch for 28 - a lovely afternoon", 28),
        ("did a curry night for 40 at the community centre", 40),
        ("tenants group put on a buffet for 35, loads of food left", 35),
    ],
)
def test_a_meal_for_a_number_feeds_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "lunch club raised £90 for 2 new tables",
        "planning app for 40 houses on the field",
        "the cafe does a meal deal for 2",  # for 2 is a price's unit, nothing counted after
    ],
)
def test_for_a_number_without_a_meal_is_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("scarecrow trail at the park - 70 out on the trail by noon", 70),
        ("bowls club open afternoon, 16 back on the green after the winter", 16),
        ("gala day: 200+ down at the rec for the dog show", 200),
        ("heritage day at the windmill - 90 up the tower in the afternoon", 90),
    ],
)
def test_a_head_count_then_where_they_went_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_a_position_is_still_not_a_head_count() -> None:
    assert read_counts("bins: 3 out on the pavement again").people_reached is None


def test_a_head_count_at_each_session() -> None:
    assert read_counts("craft club, 15 at each of the sessions").people_reached == 15


@pytest.mark.parametrize(
    ("text", "people", "volunteers"),
    [
        ("community iftar, 120 guests and 15 aunties cooking all day", 120, 15),
        ("fun run: 60 runners, 8 dads marshalling the course", 60, 8),
        ("parkrun 140 finishers and 22 hi-vis heroes", 140, 22),
    ],
)
def test_people_doing_the_work_beside_those_reached_are_volunteers(
    text: str, people: int, volunteers: int
) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (people, volunteers)


def test_people_reached_doing_an_activity_are_still_people() -> None:
    counts = read_counts("cookery class, 12 kids cooking pizzas")
    assert (counts.people_reached, counts.volunteers) == (12, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("climate roadshow at the market - 22 pledges", 22),
        ("walking netball taster, 14 sign-ups on the day", 14),
    ],
)
def test_acts_each_done_by_one_person_count_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "minibus failed its MOT, £2,400 repair bill, appeal launched",
        "the scout hut roof: £1,800 of repairs needed before winter",
    ],
)
def test_a_repair_bill_is_not_money_raised(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_money_raised_for_repairs_is_still_raised() -> None:
    text = "quiz night raised £450 towards the hall repairs"
    assert read_counts(text).quantities.get("money_gbp") == 450


@pytest.mark.parametrize(
    "text",
    [
        "flood group checked the sandbag store, 250 bags filled and stacked",
        "goody bag packing for the gala: 300 bags done by the brownies",
    ],
)
def test_bags_of_another_kind_are_not_bags_of_litter(text: str) -> None:
    assert "bags" not in read_counts(text).quantities


def test_bags_of_litter_beside_another_kind_still_count() -> None:
    text = "litter pick on the rec, 14 bags of rubbish, goody bags for the kids after"
    assert read_counts(text).quantities.get("bags") == 14


def test_a_ratio_still_marks_who_was_counted() -> None:
    text = "roughly 1 in 4 pupils now cycle to school"
    counts = read_counts(text)
    assert any(text[s:e] == "pupils" for s, e in counts.spans)


def test_pledges_of_money_are_donors_not_people() -> None:
    text = "crowdfunder for the defib at £700 of £1,200 from 19 pledges"
    counts = read_counts(text)
    assert counts.people_reached is None
    assert counts.quantities.get("money_gbp") == 700


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("quiz night, a good 30 at the pub", 30),
        ("coffee morning - the usual 20 at the church", 20),
        ("had well over 50 in for the film night", 50),
        ("warm space saw upwards of 40 this week", 40),
        ("at least 25 at the litter talk", 25),
    ],
)
def test_a_rough_or_usual_head_count_is_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("appeal target £3,000, raised £1,900 so far", 1900),
        ("hoping to reach £1,000, sponsored walk raised £640", 640),
    ],
)
def test_money_raised_towards_a_target_is_the_money_raised(text: str, money: int) -> None:
    assert read_counts(text).quantities.get("money_gbp") == money


@pytest.mark.parametrize(
    "text",
    [
        "bid for £4,000 to the lottery for a new kitchen",
        "the tenants applied for £750 from ward budget",
        "£6k bid submitted to the community fund",
    ],
)
def test_a_sum_asked_of_a_funder_is_not_yet_money(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_a_bid_granted_is_money() -> None:
    text = "ward budget bid approved, £900 for bulbs and planters"
    assert read_counts(text).quantities.get("money_gbp") == 900


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("coach trip to the coast, 48 on board", 48),
        ("minibus to the panto: a dozen aboard and the driver", 12),
        ("bingo and pie night, 7 tables of 6", 42),
        ("canvassing on the estate, 60 doors, 21 spoke to us", 21),
    ],
)
def test_head_counts_by_where_they_rode_sat_or_spoke(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("tea dance: 26 of our regulars plus a few new", 26),
        ("18 of the tenants from the tower block came down", 18),
        ("youth club, 20 new faces", 20),
        ("carol singing, 40 or more people round the tree", 40),
        ("walking football, 25 plus at the leisure centre", 25),
        ("car boot opened at 8, well over 100 through the gate", 100),
    ],
)
def test_a_number_bound_to_its_people_across_of_plus_and_or_more(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_some_of_the_things_are_not_people() -> None:
    assert read_counts("4 of the planters were smashed").people_reached is None


def test_things_serving_a_place_are_not_volunteers() -> None:
    counts = read_counts("2 extra buses serving the village from monday")
    assert counts.volunteers is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("11-1 at the church hall, 22 in", 22),
        ("coffee morning, 18 there from 10 till 12", 18),
    ],
)
def test_opening_hours_beside_a_head_count_are_not_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_a_deal_on_so_many_is_a_price() -> None:
    assert "money_gbp" not in read_counts("plants 20 for £10 at the stall").quantities


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("film club, 30 new and returning members", 30),
        ("street party - 80 young and old residents out", 80),
    ],
)
def test_two_words_said_of_the_people_still_bind_the_number(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_things_and_people_are_not_coordinated() -> None:
    assert read_counts("12 bags and some residents thanked us").people_reached is None


@pytest.mark.parametrize(
    "text",
    [
        "a new noticeboard costs £480, the TARA will try the ward budget",
        "resurfacing the path would cost £3,200",
        "the new bench costs £650 so fundraising starts now",
    ],
)
def test_what_a_thing_costs_is_its_price(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_what_the_activity_cost_was_spent() -> None:
    text = "the bonfire night cost £320 in the end, 200 came"
    assert read_counts(text).quantities.get("money_gbp") == 320


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        ("snow clearing on the bank, 9 residents came to help", 9),
        ("14 helped out at the fun day", 14),
        ("spring clean: a dozen mucked in", 12),
        ("8 neighbours came to help plant the verge", 8),
    ],
)
def test_those_who_came_to_help_are_volunteers(text: str, volunteers: int) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, None)


def test_those_who_came_to_help_shape_a_plan_are_people() -> None:
    counts = read_counts("park consultation, 40 came to help shape the plans")
    assert (counts.people_reached, counts.volunteers) == (40, None)


@pytest.mark.parametrize(
    "text",
    [
        "jab clinics each sat in november 10-12 at the surgery, just walk in",
        "toy swap on march 3-4 at the library",
    ],
)
def test_a_month_then_a_close_range_is_days_or_hours(text: str) -> None:
    assert read_counts(text).people_reached is None


def test_a_month_then_a_range_of_people_still_counts() -> None:
    assert read_counts("nov 3-20 kids came to the half term club").people_reached == 20


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("the church cafe did about 35 covers on friday", 35),
        ("lunch club served 28 covers, new cook starts monday", 28),
        ("seniors' christmas dinner fully paid for, 48 names down so far", 48),
    ],
)
def test_meal_covers_and_names_down_are_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    ["9 drain covers lifted on the estate overnight", "e-petition on the bus cuts, 300 names down"],
)
def test_covers_with_no_meal_and_names_on_a_petition_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        ("Friends of Clifton Park had their winter tidy up, 8 of them, new bulbs in", 8),
        ("the allotment society's work party on the hedge - 6 of them, brilliant", 6),
    ],
)
def test_of_them_after_a_work_party_with_no_one_named_are_volunteers(
    text: str, volunteers: int
) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, None)


def test_of_them_at_a_gathering_is_still_people() -> None:
    counts = read_counts("knit and natter back on, 14 of them, good chats")
    assert (counts.people_reached, counts.volunteers) == (14, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("dementia awareness training delivered to 18 staff at the depot", 18),
        ("we trained 12 officers in naloxone this week", 12),
        ("safeguarding course run for all 20 housing officers", 20),
    ],
)
def test_staff_trained_told_before_them_are_people(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    ["workshop ran with 6 staff helping", "training day at the depot, 4 officers on the stall"],
)
def test_staff_at_a_training_event_not_trained_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        ("home watch scheme restarted at the library, 4 new co-ordinators signed up", 4),
        ("befriending scheme launch: 7 befrienders trained and ready", 7),
    ],
)
def test_unpaid_roles_in_a_scheme_are_volunteers(text: str, volunteers: int) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, None)


def test_members_of_a_body_named_in_their_noun_run_it() -> None:
    counts = read_counts("tenants association now has 7 committee members")
    assert (counts.volunteers, counts.people_reached) == (7, None)


@pytest.mark.parametrize(
    "text",
    [
        "bowls club agm, treasurer re-elected plus 3 new board members",
        "community centre agm: secretary elected and 4 new committee members",
    ],
)
def test_members_voted_onto_a_body_are_not_counted(text: str) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (None, None)
