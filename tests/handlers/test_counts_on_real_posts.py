"""Count kinds first seen on the third real set's read half (docs/reading-rules.md,
"Count mistakes on real posts, by kind"), each in new wording."""

from __future__ import annotations

import pytest

from handlers.reading.counts import read_counts


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a head count opening the post or a clause, then where they were
        ("64 at the Wath Big Local open evening, good mix of ages", 64),
        ("Kimberworth Park tenants AGM went well. 41 at the meeting and 3 new members", 41),
        ("about 90 at the Dinnington remembrance service this morning", 90),
    ],
)
def test_a_head_count_opening_a_clause_with_where_they_were_is_people(
    text: str, people: int
) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "3 at the back of the hall still need chairs fixing",  # not a clause's opening count
        "potholes on Rother View Rd, 3 at the junction",  # things already named
    ],
)
def test_a_number_at_a_place_after_things_or_mid_clause_is_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "volunteers", "people"),
    [
        ("Greasbrough fun day - 9 signed up as stewards volunteers, 60 families came", 9, 60),
        ("after the litter talk 12 signed up to volunteer with the friends group", 12, None),
    ],
)
def test_people_who_signed_up_to_volunteer_are_volunteers(
    text: str, volunteers: int, people: int | None
) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (volunteers, people)


@pytest.mark.parametrize(
    "text",
    [
        "Swinton juniors have pledged 40 bags for the spring clean",
        "6 residents who might help with the planters next year",
        "stall at the gala, 11 people who may join the friends group",
    ],
)
def test_pledges_and_maybes_are_not_counts(text: str) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers, counts.quantities.get("bags")) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "money"),
    [
        # what the reported event cost is money spent on it, whatever its size
        ("Harvest supper at Wales parish hall, 70 came, food cost £310", 310),
        ("the Aston fireworks cost £845.50 in the end, all from the precept", 845.5),
    ],
)
def test_what_the_reported_event_cost_is_money_spent(text: str, money: float) -> None:
    assert read_counts(text).quantities.get("money_gbp") == money


@pytest.mark.parametrize(
    "text",
    [
        # a price per ticket, place or session is still a price
        "Rawmarsh pantomime: a family ticket costs £25",
        "the swim session costs £18 per child",
        "place on the coach trip cost £30 each",
    ],
)
def test_what_a_ticket_or_a_place_costs_is_a_price(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


@pytest.mark.parametrize(
    "text",
    [
        # a whole programme's budget for the borough, a revised estimate, a condition
        "Levelling up sport money: £3.4m to Rotherham for 12 pitches across the borough",
        "the Waverley link road estimate has risen from £8.1m to £9.7m (land costs)",
        "Network Rail will not start unless the council finds £1.2m.",
    ],
)
def test_borough_wide_budgets_revised_estimates_and_conditions_are_not_money(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


def test_millions_given_to_a_named_project_still_count() -> None:
    counts = read_counts("£1.2m to the Clifton Park splash pad restoration, work starts May")
    assert counts.quantities.get("money_gbp") == 1_200_000


@pytest.mark.parametrize(
    "text",
    [
        "Wales PC: 3 new councillors co-opted, precept set",
        "Dalton TARA AGM - 2 residents elected to the committee",
        "Brinsworth friends group: 4 members appointed as trustees",
    ],
)
def test_people_co_opted_elected_or_appointed_are_not_people_reached(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # an earlier year's figure, given to compare, is not what was done now
        ("breakfast club packed this term, it was only 14 kids in 2021", None),
        ("Kiveton warm hub busy again, up from 30 visitors in 2022", None),
        # ... but a year's own figure, reported, is
        ("Maltby advice hub helped 310 people in 2025", 310),
    ],
)
def test_an_earlier_years_figure_for_comparison_is_not_counted(
    text: str, people: int | None
) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a figure for a year, then a later one: the later is what the post reports
        ("Thurcroft lunch club fed 80 pensioners in 2023, 112 last year", 112),
        ("Herringthorpe youth club had 40 kids in 2019, 65 in 2024", 65),
    ],
)
def test_of_two_years_figures_the_later_is_counted(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        # what donated goods were worth is not money raised or given
        "Brinsworth pantry took in 180kg of food worth about £320 from the harvest collection",
        "toy appeal: 3 van loads of presents, worth nearly £2,000",
        # a budget or a pot held is not money spent or given
        "£150k capital budget for parks this year",
        "Wath has a £20k pot for small ward projects",
    ],
)
def test_goods_worth_and_budgets_held_are_not_money(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


@pytest.mark.parametrize(
    "text",
    [
        "Rawmarsh steering group now has 11 members",
        "the Eastwood partnership board: 11 members, 2 from the mosque",
    ],
)
def test_members_of_a_steering_group_or_board_are_volunteers(text: str) -> None:
    counts = read_counts(text)
    assert (counts.volunteers, counts.people_reached) == (11, None)


def test_members_of_a_club_are_still_people_reached() -> None:
    assert read_counts("Swinton lunch club: 26 members came today").people_reached == 26


@pytest.mark.parametrize(
    "text",
    [
        "petition on the Brinsworth road signed by 380 residents",
        "the Ravenfield bus petition is up to 260 names",
        "4 people who said they would like to volunteer at the pantry",
    ],
)
def test_petition_signatures_and_offers_to_help_are_not_counts(text: str) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers) == (None, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("quiz night at the Wath hall, 12 teams of 4", 48),
        ("Kilnhurst 5-a-side: 9 teams of 5 played on the rec", 45),
    ],
)
def test_teams_of_a_size_count_their_players(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


# Kinds read on the odd halves of the four labelled sets (reading3 round), in new wording.
@pytest.mark.parametrize(
    "text",
    [
        "how much does each ward get for CLF this year, £2,000?",
        "how many used the Wath warm space last winter? 350 people I think",
        "whats the precept for Wickersley now? £48k apparently",
    ],
)
def test_figures_in_a_question_or_the_askers_guess_are_not_counts(text: str) -> None:
    found = read_counts(text)
    assert (found.people_reached, found.volunteers, found.quantities) == (None, None, {})


def test_a_report_ending_in_a_question_keeps_its_counts() -> None:
    assert read_counts("Litter pick at Wath, 12 vols, anyone free next week?").volunteers == 12


@pytest.mark.parametrize(
    "text",
    [
        "the scout group is trying to raise £3,000 for a new roof",  # aimed for
        "the pantry needs about £1,500 to keep going till spring",  # still needed
        "new fencing quoted at £8,500 so looking at other options",  # a quote
        "group told to fundraise rather than a £1,500 grant from the parish",  # not taken
        "about £450k across the borough for warm spaces this winter",  # headline budget
    ],
)
def test_money_sought_quoted_not_taken_or_borough_wide_is_not_money(text: str) -> None:
    assert "money_gbp" not in read_counts(text).quantities


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("£3m Dalton skate park scheme approved at Cabinet last night", 3_000_000),
        ("the £8m leisure centre refurb completed on time", 8_000_000),
        ("a further £2m set aside for next winter's payments", 2_000_000),
        ("the allotment society received 1.2k from the Lottery for a polytunnel", 1_200),
    ],
)
def test_a_schemes_millions_once_decided_or_done_and_thousands_without_a_pound_sign_count(
    text: str, money: float
) -> None:
    assert read_counts(text).quantities.get("money_gbp") == money


def test_a_schemes_millions_merely_named_still_do_not_count() -> None:
    assert "money_gbp" not in read_counts("the £5m regeneration plans for Maltby").quantities


@pytest.mark.parametrize(
    "text",
    [
        "around 2,000 children on free school meals can claim a place",  # may, not did
        "the brass band once had 60 members",  # so once, not now
        "the club used to get 80 a week before covid",
        "Jean wants 12 residents to join the friends group",  # wanted
        "four family fun days over the summer at Rawmarsh",  # a person's noun naming things
        "the estate dates from 1870 so residents care about its heritage",  # a new clause
    ],
)
def test_people_who_may_once_did_or_are_wanted_are_not_people_reached(text: str) -> None:
    assert read_counts(text).people_reached is None


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("over 40 come every Friday to the Wath warm space", 40),  # the present habit
        ("over 25 registered for the jobs fair already", 25),  # "over N", then a verb
        ("pantry at Eastwood, 22 fams", 22),  # shorthand for families
    ],
)
def test_counts_told_in_the_present_or_after_over_or_in_shorthand(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


def test_people_on_a_governing_body_named_before_are_volunteers() -> None:
    found = read_counts("Brinsworth partnership board meets monthly - 7 tenants sit on it")
    assert (found.volunteers, found.people_reached) == (7, None)


@pytest.mark.parametrize(
    ("text", "volunteers"),
    [
        ("5 of the Maltby brownies each did a sponsored silence and raised over £400", 5),
        ("4 mums collected £300 for the hospice outside Tesco", 4),
    ],
)
def test_people_who_raised_a_sum_did_the_work_and_are_volunteers(
    text: str, volunteers: int
) -> None:
    found = read_counts(text)
    assert (found.volunteers, found.people_reached) == (volunteers, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("40 dancers and the raffle raised £120 for the hall", 40),  # the raffle raised it
        ("7 tenants raised damp and parking at the surgery", 7),  # an issue raised, no sum
    ],
)
def test_people_beside_a_sum_raised_by_something_else_are_still_people(
    text: str, people: int
) -> None:
    found = read_counts(text)
    assert (found.people_reached, found.volunteers) == (people, None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("12 family members at the Brinsworth memorial bench unveiling", 12),  # a compound
        ("30 kids came to the Maltby pool and can now get free lessons", 30),  # they came
        ("who knew 200 people would turn up to the carols at Wath?", 200),  # rhetorical
    ],
)
def test_guards_on_this_rounds_count_rules(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people
