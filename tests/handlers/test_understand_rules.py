"""The general rules behind reading a post: how themes are ordered, what is a date, which
names are too weak to settle a ward. Built on small made-up plans, so each rule is tested
on its own, apart from the bundled vocabulary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handlers.chat.context import Context
from handlers.domain import Fund, ReadingWords, Theme, Ward
from handlers.reading.dates import find_date
from handlers.reading.places import Gazetteer
from handlers.reading.understand import ThemeWords
from handlers.reading.words import stem, stems

TODAY = date(2025, 11, 20)  # a Thursday

THEMES = (
    Theme("youth", "Young people", "aim", words=("youth club",), audience=("young people",)),
    Theme("older", "Older people", "aim", words=("tea dance",), audience=("older folk",)),
    Theme(
        "lonely",
        "Loneliness",
        "aim",
        words=("coffee morning", "isolated"),
        context=("cuppa",),
    ),
    Theme("sport", "Sport", "aim", context=("football", "church hall")),
    Theme("groups", "Groups", "aim", context=("church hall",)),
)


def ranked(text: str) -> list[str]:
    words = ThemeWords(THEMES)
    return [theme for theme, _ in words.rank(words.find(text))]


def test_what_was_done_outranks_who_it_was_for() -> None:
    assert ranked("coffee morning for isolated older folk") == ["lonely", "older"]
    assert ranked("older folk came to the coffee morning") == ["lonely", "older"]


def test_who_it_was_for_outranks_a_pastime_and_a_venue_comes_last() -> None:
    # Pastimes and venues are context: they never add a theme beside who it was for.
    assert ranked("football for young people") == ["youth"]
    assert ranked("church hall cuppa for older folk") == ["older"]
    assert ranked("football at the church hall") == ["sport"]  # context alone: the likeliest


ROLES = (
    Theme("env", "Environment", "aim", words=("litter pick", "planting")),
    Theme("youth", "Young people", "aim", words=("youth club",), audience=("young people",)),
    Theme("lonely", "Loneliness", "aim", words=("coffee morning", "knit and natter")),
    Theme("col", "Cost of living", "aim", words=("food bank",)),
    Theme("groups", "Groups", "aim", words=("funding for a group",), context=("meeting",)),
    Theme("planning", "Planning", "aim", context=("consultation",)),
)


def ranked_roles(text: str) -> list[str]:
    words = ThemeWords(ROLES)
    return [theme for theme, _ in words.rank(words.find(text))]


def test_who_ran_it_or_who_it_was_for_is_not_what_was_done() -> None:
    assert ranked_roles("litter pick run by the youth club")[0] == "env"
    assert ranked_roles("planting w/ the youth club")[0] == "env"
    assert ranked_roles("coffee morning raising money for the food bank")[0] == "lonely"
    assert ranked_roles("youth club tonight")[0] == "youth"


def test_a_meeting_or_other_format_never_outranks_what_it_was_about() -> None:
    assert ranked_roles("meeting re the consultation") == ["planning"]
    assert ranked_roles("meeting tonight") == ["groups"]


def test_money_given_to_a_group_is_about_funding_a_group() -> None:
    assert ranked_roles("£400 to the knit and natter group") == ["groups", "lonely"]
    assert ranked_roles("ward budget: £500 approved for the youth club")[0] == "groups"
    # Money raised for a cause, or spent on a thing, is not funding a group.
    assert ranked_roles("coffee morning raised £140 for the club")[0] == "lonely"
    assert ranked_roles("£1,500 for new planting")[0] == "env"
    # Money for a group's things is still money for the group, and a group that got money
    # was funded, whichever way round the post says it.
    assert ranked_roles("£300 agreed for new urns for the knit and natter group")[0] == "groups"
    assert ranked_roles("the knit and natter group in Brampton got £250")[0] == "groups"
    assert ranked_roles("youth club has been awarded a grant")[0] == "groups"
    assert ranked_roles("the youth club won the quiz")[0] == "youth"
    assert ranked_roles("300 quid to the Sunday youth club from the parish")[0] == "groups"
    assert ranked_roles("£200 to the community centre for the knit and natter")[0] == "groups"
    # What the money buys comes second, however much is said about it.
    assert (
        ranked_roles("£900 for the litter pick group: planting, planting and more planting")[0]
        == "groups"
    )
    # Money a group raised itself, or raised for a fund, is not the group being funded.
    assert ranked_roles("knit and natter raffle raised £90 for the group")[0] == "lonely"
    assert ranked_roles("knit and natter, £90 for the hall fund")[0] == "lonely"


def test_among_equals_more_evidence_then_the_first_mentioned_leads() -> None:
    assert ranked("tea dance then a coffee morning and a cuppa") == ["lonely", "older"]
    assert ranked("tea dance then a coffee morning") == ["older", "lonely"]


def test_the_explanation_names_the_most_specific_words() -> None:
    words = ThemeWords(THEMES)
    assert words.rank(words.find("a cuppa, then the coffee morning"))[0] == (
        "lonely",
        "coffee morning",
    )


async def test_the_plan_keeps_its_word_tiers_through_the_database(ctx: Context) -> None:
    older = ctx.plan.theme("older_people")
    assert older is not None
    assert "older people" in older.audience and "older people" not in older.words
    assert "luncheon club" in older.words
    reading = ctx.understanding.read(
        "Coffee morning at the church hall for isolated older folk - 15 came", today=TODAY
    )
    assert reading.themes[:2] == ("loneliness_isolation", "older_people")
    assert reading.theme_reason == "from 'Coffee morning'"


@pytest.mark.parametrize(
    ("text", "not_theme"),
    [
        ("Parking on the verges outside the school again", "culture_leisure_green_spaces"),
        ("Litter pick round Gorsebank Park, 6 bags", "culture_leisure_green_spaces"),
    ],
)
async def test_names_and_look_alike_stems_are_not_themes(
    ctx: Context, text: str, not_theme: str
) -> None:
    reading = ctx.understanding.read(text, today=TODAY)
    assert not_theme not in reading.themes, (text, reading.themes)


def test_the_stemmer_does_not_fold_words_of_other_meanings() -> None:
    assert stem("parking") == stem("parked") != stem("park") == stem("parks")
    assert stem("planning") != stem("plan")
    assert stem("parenting") != stem("parents")
    assert stem("guided") != stem("guides")
    assert stems("PCSOs") == stems("police community support officers")
    assert stem("policing") != stem("police")
    assert stems("lettings") != stems("let's")


@pytest.mark.parametrize(
    "text",
    [
        "warm space every wed 1pm-3pm",
        "coffee morning each Tuesday",
        "chair exercise 1st Tues of the month",
        "Thursdays 10am at the hall",
        "weekly on Mondays, all welcome",
        "lights switch-on next Friday",
        "lights switch-on this Saturday",
        f"switch-on on {(TODAY + timedelta(days=20)).strftime('%d %B')}",
        "gala booked for 2026-06-06",
        "gala booked for 06/06/2026",
    ],
)
def test_timetables_and_dates_still_to_come_set_no_occurred_date(text: str) -> None:
    assert find_date(text, today=TODAY) is None, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every wed, 16 came today", TODAY),
        ("litter pick last Tuesday", date(2025, 11, 18)),
        ("w/c 14 Oct", date(2025, 10, 14)),
        ("the 12 August gala", date(2025, 8, 12)),
        ("typed in November about 5 June", date(2025, 6, 5)),
    ],
)
def test_dates_that_happened_are_still_read(text: str, expected: date) -> None:
    found = find_date(text, today=TODAY)
    assert found is not None and found[0] == expected, text


def test_a_date_far_ahead_without_a_year_is_last_years() -> None:
    found = find_date("the 12 December lights switch-on", today=date(2026, 1, 15))
    assert found is not None and found[0] == date(2025, 12, 12)


def _gazetteer() -> Gazetteer:
    return Gazetteer(
        (
            Ward(1, "wales", "Wales", places=("Kiveton Park",)),
            Ward(2, "hoober", "Hoober", places=("Worksop Road", "Wentworth")),
        ),
        words=ReadingWords(towns_roads_are_named_for=("Worksop",)),  # from the plan
    )


def test_a_compass_word_before_a_ward_name_makes_it_somewhere_else() -> None:
    assert _gazetteer().ward_of("coach trip to North Wales for the over 60s").ward is None
    assert _gazetteer().ward_of("litter pick in Wales village").ward is not None


def test_a_road_named_after_a_town_is_only_a_hint() -> None:
    guess = _gazetteer().ward_of("speeding on Worksop Rd again")
    assert guess.ward is None and "many places" in guess.reason
    settled = _gazetteer().ward_of("speeding on Worksop Rd by Wentworth")
    assert settled.ward is not None and settled.ward.slug == "hoober"


def test_a_funds_short_form_from_the_plan_names_money_given_to_a_group() -> None:
    # Another council's fund: its short form alone says money went to the group.
    text = "KCC to the knit and natter group for a new urn"
    chest = (Fund("Kendal Community Chest", ("KCC",)),)
    funded = ThemeWords(ROLES, chest)
    assert funded.rank(funded.find(text))[0][0] == "groups"
    assert ranked_roles(text)[0] == "lonely"  # no such fund in the plan: what the group does
