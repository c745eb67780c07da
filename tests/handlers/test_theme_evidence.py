"""Which theme a post is about, as an officer would judge it (issue 15): what was done leads,
a piece of work named for a theme's context is that theme's work, a post naming only a
place is about the place, and a service's name or a word inside another word's sense is
no theme of its own. Wording of our own, not taken from any labelled set."""

from __future__ import annotations

from datetime import date

from handlers.chat.context import Context
from handlers.domain import Theme
from handlers.reading.understand import ThemeWords

TODAY = date(2025, 11, 20)

THEMES = (
    Theme("sport", "Sport", "aim", context=("rec",)),
    Theme("youth", "Young people", "aim", audience=("young people",)),
    Theme("groups", "Groups", "aim", context=("grant",)),
    Theme("env", "Environment", "aim", words=("planting",)),
)


def ranked(text: str) -> list[str]:
    words = ThemeWords(THEMES)
    return [theme for theme, _ in words.rank(words.find(text))]


def test_a_piece_of_work_named_for_a_themes_context_is_that_themes_work() -> None:
    # "the rec works" are work on the rec: they lead over who it is for.
    assert ranked("rec works start Monday, aimed at young people")[0] == "sport"
    assert ranked("the rec refurbishment for young people")[0] == "sport"
    # ... but a grant bid is about what the grant is for, not about grants.
    assert ranked("grant bid in for the planting")[0] == "env"
    # a context word alone, with no piece of work after it, stays context
    assert ranked("young people down the rec")[0] == "youth"


def read(ctx: Context, text: str) -> tuple[str, ...]:
    return ctx.understanding.read(text, today=TODAY).themes


async def test_a_post_naming_only_a_place_is_about_that_place(ctx: Context) -> None:
    # The library is the post's only subject, even though it is also where it is.
    themes = read(ctx, "heads up, Wath library shut for a fortnight from 3 March")
    assert themes[:1] == ("culture_leisure_green_spaces",)
    # ... and so is a park the gazetteer knows, though its name says nothing of parks
    assert read(ctx, "Scholes Coppice gates locked again this morning")[:1] == (
        "culture_leisure_green_spaces",
    )
    # When something was done there, the place's own name still adds nothing.
    assert read(ctx, "litter pick round Wath library, 6 bags")[:1] == ("environment",)


async def test_a_lunch_club_is_company_or_for_older_people_as_the_post_says(
    ctx: Context,
) -> None:
    # A lunch club serves both: the rest of the post says which it was about.
    themes = read(ctx, "luncheon club back at the chapel, roast and a natter, 22 sat down")
    assert themes[:2] == ("loneliness_isolation", "older_people")
    themes = read(ctx, "lunch club for pensioners at the chapel, 22 sat down")
    assert themes[:2] == ("older_people", "loneliness_isolation")


async def test_the_housing_service_named_alone_is_not_what_was_done(ctx: Context) -> None:
    themes = read(ctx, "housing came out to the garages - graffiti on 4 of the doors")
    assert themes[:1] == ("environment",)
    # what housing does is still housing
    assert read(ctx, "rent arrears surgery at the TARA room")[:1] == ("housing",)


async def test_council_words_for_real_activity(ctx: Context) -> None:
    # Rotherham's name for its holiday activities and food programme is not health
    assert read(ctx, "Healthy Holidays sessions at the leisure centre all next week")[:1] == (
        "children_young_people",
    )
    # a screening is a health check only when it says what is screened
    assert "health_wellbeing" not in read(ctx, "film screening at the village hall on Friday")
    # alarms fitted are not fitness
    themes = read(ctx, "fire service fitted smoke alarms at two bungalows on the estate")
    assert themes[:1] == ("community_safety",) and "health_wellbeing" not in themes
    assert read(ctx, "xmas market on the green, 40 stalls")[:1] == ("community_groups",)
    # roads resurfaced are highways work
    assert read(ctx, "resurfacing on Beech Grove finished Friday")[:1] == ("transport_road_safety",)
    assert read(ctx, "the brook has burst its banks behind the shops")[:1] == ("environment",)
    assert read(ctx, "185 homes approved at committee last night")[:1] == ("planning",)


async def test_money_for_a_thing_beside_a_hall_is_not_money_for_the_hall(ctx: Context) -> None:
    # The money buys the defibrillator; the hall only says where it goes.
    themes = read(ctx, "ward budget paying £900 for a defibrillator outside the village hall")
    assert themes[:1] == ("health_wellbeing",)
    # money to the group itself is still about funding a group
    assert read(ctx, "ward budget paying £900 to the village hall committee")[:1] == (
        "community_groups",
    )


def test_officers_shorthand_and_everyday_senses_read_as_meant(ctx: Context) -> None:
    # "coffee am" is a coffee morning: what was done leads over what was talked about
    themes = read(ctx, "warm welcome coffee am at the methodist church, chat about the potholes")
    assert themes[:1] == ("loneliness_isolation",)
    # "planning" taking an object is the everyday verb, not the planning theme
    assert "planning" not in read(ctx, "the friends group are planning a bulb plant on the green")
    # a service's staff trained is not jobs or skills
    assert "employment_economy" not in read(ctx, "community centre shut weds for staff training")


def test_a_uniform_exchange_and_setting_fires_name_their_themes(ctx: Context) -> None:
    assert read(ctx, "school uniform exchange at the hub, 30 families")[:1] == ("cost_of_living",)
    assert "community_safety" in read(ctx, "wheelie bins set alight behind the shops again")


async def test_a_word_naming_a_street_is_no_theme(ctx: Context) -> None:
    # "school rd", "church ln": the word before a street's own word names the street, so a
    # post saying nothing else is about nothing, not about schools or churches
    assert read(ctx, "heads up school rd shut tues") == ()
    assert read(ctx, "walkabout down church ln w the cllr") == ()
    # the word alone still counts
    assert read(ctx, "walkabout round the school w the cllr") != ()


async def test_everyday_words_the_stemmer_would_fold_keep_their_sense(ctx: Context) -> None:
    # "busy" is not business; forms "dropped off" are not a school drop-off
    assert "employment_economy" not in read(ctx, "warm space at the chapel, really busy today")
    assert "transport_road_safety" not in read(ctx, "dropped off grant forms at the tara")


async def test_the_people_counted_say_who_it_was_for_when_nothing_else_does(
    ctx: Context,
) -> None:
    # nothing but the people counted says what the post is about
    assert read(ctx, "saturday session at the hut, 14 teenagers")[:1] == ("children_young_people",)
    # when something else is said, the people counted still do not lead
    assert read(ctx, "litter pick at the hut, 14 teenagers")[:1] == ("environment",)


async def test_n_for_and_reads_as_and(ctx: Context) -> None:
    # officers type "n" for "and": "tea n a chat" is the plan's "tea and a chat"
    assert read(ctx, "tea n a chat at the chapel, 8 pensioners, new baby photos passed round")[
        :1
    ] == ("loneliness_isolation",)


async def test_money_skills_sessions_are_cost_of_living(ctx: Context) -> None:
    # the plan's words for the everyday names of money advice sessions
    assert read(ctx, "money management course at the hub, 6 came")[:1] == ("cost_of_living",)
