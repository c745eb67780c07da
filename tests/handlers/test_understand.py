"""Reading free text: ward, themes, numbers, and what the bot does with a post that is no command."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.chat.context import Context
from handlers.reading.counts import read_counts
from storage.updates import count_updates, list_updates
from tests.support.chat import ChatDriver

TODAY = date(2025, 11, 20)


@pytest.mark.parametrize(
    "text",
    [
        "Speedwatch 7.30-8.30am on 14 Oct, 41 vehicles over 35",
        "Drop-in at Springwell Gardens, S65 1NH, 10am-2pm",
        "To join call 01709 822453 or 07700 900123",
        "Fridge dumped outside no. 23, letters to nos 2-40 Alma Road",
        "Fly-tip at 12 Silver Street again",
        "Funding confirmed, install due spring 2025",
        "Year 6 assembly on road safety",
        "Over 60s tea dance, mostly 70+",
        "Lunch is £2 a head, £1.50 on the door",
        "The £9m scheme is out to consultation",
        "85th percentile 37mph, 3x a week",
        "soup £1, tea & cake £2.50",
        "£3.50 membership gets roughly £15 of shopping",
        "£5 for 2 courses + bingo",
        "2 PCSOs attended at 8.15am",
        "14 local employers had stalls",
    ],
)
def test_dates_times_postcodes_and_prices_are_not_counts(text: str) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers, counts.quantities) == (None, None, {})


@pytest.mark.parametrize(
    ("text", "people", "volunteers", "quantities"),
    [
        ("Litter pick on Doncaster Rd, 14 residents and 30 bags", 14, None, {"bags": 30}),
        ("approx 40 people came to the gala, £150 raised", 40, None, {"money_gbp": 150}),
        ("coffee morning, 15 came, 3 new faces", 15, None, {}),
        ("litter pick in Wickersley sat, 9 vols 14 bags", None, 9, {"bags": 14}),
        ("small group (5 of us) but 11 bags in an hour", None, 5, {"bags": 11}),
        ("food parcels to 85 families, £2k from CLF", 85, None, {"money_gbp": 2000}),
        ("every mon 11am, 14 today", 14, None, {}),
        ("30 pupils from Year 2 helped plant bulbs", 30, None, {}),
        ("a dozen volunteers cleared the brook", None, 12, {}),
        ("2 PCSOs, 3 YP referred to youth service", None, None, {}),
        ("luncheon club - 50 over 50s every weds", 50, None, {}),
        ("warm space mon/thurs, 22 last week", 22, None, {}),
        ("hot drinks + wifi, 14 in this wk", 14, None, {}),
        ("approx 90 jobseekers came", 90, None, {}),
        ("48 booked so far, minibus laid on", 48, None, {}),
        ("hot meals weds, 34 served", 34, None, {}),
        ("men's group thurs 7pm, 12 fellas last wk", 12, None, {}),
        ("back to pre-covid numbers, about 20", 20, None, {}),
        ("18 isolated residents called weekly", 18, None, {}),
        ("SİX came to the drop-in", 6, None, {}),  # a capital the regex folds, lower() does not
        # numbers written as words, whole
        ("bowls taster on the green, forty-two came for a go", 42, None, {}),
        ("quiz night at the club, sixty three came", 63, None, {}),
        ("canal tidy, half a dozen of us out, 9 bags", None, 6, {"bags": 9}),
        ("memory cafe, thirty odd people, lovely singalong", 30, None, {}),
        ("seventy or so came to the switch-on", 70, None, {}),
        # a thousands figure is one number, after "over" or "approx" too
        ("bonfire night at the rec, over 2,400 attended", 2400, None, {}),
        ("gala on the park, approx 1,500, sun shone", 1500, None, {}),
        ("count on Main St, approx 3,100 vehicles a day", None, None, {}),
        # people through the door, back at a session, finishing a race
        ("youth club reopened, 40+ thru the doors", 40, None, {}),
        ("tea dance restarted after the flood, 22 back so far", 22, None, {}),
        ("fun run round the lake: 95 finishers", 95, None, {}),
        ("2 back gardens cleared of waste", None, None, {}),
        # volunteers by another name
        ("carnival went well, 30 stewards on the route", None, 30, {}),
        ("fun run, 14 vol marshals", None, 14, {}),
        # a count written as a field
        ("brook clean up. vols: 8, bags: 17, 1 shopping trolley", None, 8, {"bags": 17}),
        ("tenants meeting - attendance: 19", 19, None, {}),
        ("meeting ref: 2024/15, minutes to follow", None, None, {}),
        # fines, averages and per-unit prices are not money raised
        ("fly tipper traced, £400 FPN issued", None, None, {}),
        ("benefit checks, 9 seen, avg £2,100 a year unclaimed", 9, None, {}),
        ("pantry, 31 households, £3 a bag (worth £20 in the shops)", 31, None, {}),
        ("raffle at the fun day raised £380", None, None, {"money_gbp": 380}),
        # among things, not a head count
        ("new locks fitted at 6 of them on the estate", None, None, {}),
        # round six: fields with a dash, people met or spoken to, arriving, playing
        ("alley clean - litter pickers - 9, sacks - 21", None, 9, {"bags": 21}),
        ("bonfire, vol stewards 12", None, 12, {}),
        ("road safety stall at the school gates, chatted with about 40", 40, None, {}),
        ("stall at the market, spoke to 3 local businesses", None, None, {}),
        ("knit & natter - 17 along today, new wool donated", 17, None, {}),
        ("walking netball, 14 playing tonight", 14, None, {}),
        ("3 playing fields litter picked", None, None, {}),
        ("pop-up advice van, 23 stopped to chat", 23, None, {}),
        ("talk at the WI, 31 became dementia friends", 31, None, {}),
        ("PCSOs met 9 allotment holders about shed thefts", 9, None, {}),
        ("2 drivers fined £100 each, 1 FPN (£150)", None, None, {}),
        ("pantry £3.50 a shop, 44 members", 44, None, {}),
        ("seated yoga, £2 incl tea", None, None, {}),
        ("bingo at the welfare, forty odd every fri", 40, None, {}),
        ("vigil by the war memorial, 120+ gathered", 120, None, {}),
        ("licensing drop-in at the hall, 23 landlords", 23, None, {}),
        ("canal bank tidy: 8 regulars out, 15 bags", None, 8, {"bags": 15}),
        ("quiz night made 640 quid for the minibus, 52 in", 52, None, {"money_gbp": 640}),
        ("sponsored walk, 1.2k quid so far", None, None, {"money_gbp": 1200}),
        ("sewing circle, thirty-odd regulars", 30, None, {}),
        ("carol singing round the estate, a couple of dozen joined in", 24, None, {}),
        ("baby sensory at the library, 11 little ones", 11, None, {}),
        ("taster session for the archery club, 17 had a go", 17, None, {}),
        ("yoga taster, first class free then £4", None, None, {}),
        ("cuppa and sarnies £2, 19 came", 19, None, {}),
        ("social supermarket: £5 gets 15 items, 41 members shopped", 41, None, {}),
        ("tour of the old mill, £3 suggested donation, 26 came", 26, None, {}),
        ("chess club, somewhere between 12 and 14 players", 12, None, {}),
        ("holiday club 30-35 kids each day", 30, None, {}),
        ("week 2 - 27 children at the camp", 27, None, {}),
        ("fun run, 1.5k+ through the gate", 1500, None, {}),
        ("tea and toast £2, 22 pensioners", 22, None, {}),
        ("benefits check, £14k of arrears between them, 6 seen", 6, None, {}),
        ("grant of 750 pounds for the allotment society", None, None, {"money_gbp": 750}),
        ("scout hut open day, 60-ish people", 60, None, {}),
        ("a good 25 first-time visitors came", 25, None, {}),
        ("forty ex-forces and families at the breakfast", 40, None, {}),
        ("parade day, approx 400 lined the streets", 400, None, {}),
        ("lunch club, 26 in on Thursday", 26, None, {}),
        ("bingo, 31 in and 4 vols helping", 31, 4, {}),
        ("craft session, 15 in incl 3 new", 15, None, {}),
        ("9 of our volunteers sorted the donations", None, 9, {}),
        ("3 dads have volunteered to run the stall", None, 3, {}),
        ("30 poo bags given out, bag it and bin it signs on 6 posts", None, None, {}),
        ("swimming gala, 45 Yr 5 pupils took part", 45, None, {}),
        ("still need 6-8 marshals for the fun run", None, None, {}),
        ("looking for 4 more helpers on sat", None, None, {}),
        ("approx 120 at the cenotaph for the silence", 120, None, {}),
        ("22 climbed the church tower on the open day", 22, None, {}),
        ("bike repair session, 6 mechanics volunteering", None, 6, {}),
        ("AGM: £3,400 in the bank, 19 members", 19, None, {}),
        ("first aid course for 12 sixth formers", 12, None, {}),
    ],
)
def test_counts_with_their_units(
    text: str, people: int | None, volunteers: int | None, quantities: dict[str, float]
) -> None:
    counts = read_counts(text)
    assert (counts.people_reached, counts.volunteers, counts.quantities) == (
        people,
        volunteers,
        quantities,
    )


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("bingo afternoon at the church hall, 31 there", 31),
        ("parent drop in, 15 there - really positive", 15),
        ("carols round the tree, a dozen there tonight", 12),
        ("knit and natter at the library, 12 in, tea and biscuits", 12),
        ("community breakfast at the miners welfare, 40 sat down to eat", 40),
        ("men's shed open morning - 11 weds, 2 new faces", 11),
        ("chair exercise class, 18 on thurs and 15 on fri", 18),
        ("nature walk round the lakes, 7 of them, sun came out", 7),
        ("first aid course at the depot, 12 staff trained", 12),
        ("CPR session: 8 school staff & governors trained", 8),
        ("3 officers trained 40 residents in CPR", 40),
        ("careers fair, 12 employers, 150 there", 150),
        ("Ridgeway shops coffee morning, 14 there", 14),
        ("litter pick, 20 bags and 4 tyres, 12 there", 12),
    ],
)
def test_a_bare_head_count_closing_a_clause_is_people_reached(text: str, people: int) -> None:
    assert read_counts(text).people_reached == people


@pytest.mark.parametrize(
    "text",
    [
        "third fly-tip on the lane, 3 in a row",
        "patrol ran till 2 in the morning",
        "the route is 10 there and back",
        "5 of them were fly-tips",
        "checked on the 3 there.",
        "tyres dumped again on the lane, 5 of them",
        "fly tips reported on Elm Rd and Ash Grove, 3 there",
        "bulbs planted along the verge, 300 in",
        "local employers came, 5 of them",
        "hub open 9 mon-fri",
        "friendship cafe, next one tues",
        "drop-ins tues 14 weds 21",
        "mock interviews with 14 local businesses",
        "14 local firms came along",
        "careers fair, 12 employers there",
        "4 defibs installed + staff trained",
        "2 PCSOs trained the YP",
    ],
)
def test_counts_of_things_places_and_organisations_are_not_people(text: str) -> None:
    assert read_counts(text).people_reached is None


async def test_a_shared_place_is_a_question_with_the_wards_as_choices(ctx: Context) -> None:
    for text, slugs in [
        ("litter pick in Wickersley sat", {"wickersley-north", "thurcroft-wickersley-south"}),
        ("maltby skip day, 2 skips", {"hellaby-maltby-west", "maltby-east"}),
        ("Rawmarsh community clean up", {"rawmarsh-east", "rawmarsh-west"}),
    ]:
        reading = ctx.understanding.read(text, today=TODAY)
        assert reading.ward is None, text
        assert {w.slug for w in reading.candidates} == slugs, text
        assert "more than one ward" in reading.ward_reason


async def test_a_ward_named_outright_wins_over_the_shared_town(ctx: Context) -> None:
    for text, slug in [
        ("Maltby East: ASB op round the High St shops", "maltby-east"),
        ("Hellaby & Maltby West - coffee morning, 24 today", "hellaby-maltby-west"),
        ("in Keppel ward: patrols over half term", "keppel"),
        ("rotherham east ward: food parcels", "rotherham-east"),
    ]:
        reading = ctx.understanding.read(text, today=TODAY)
        assert reading.ward is not None and reading.ward.slug == slug, (text, reading.ward_reason)
        assert reading.ward_reason.startswith("named as"), reading.ward_reason


async def test_a_specific_place_settles_a_shared_name_and_says_so(ctx: Context) -> None:
    reading = ctx.understanding.read(
        "Kimberworth Rd library consultation, Kimberworth", today=TODAY
    )
    assert reading.ward is not None and reading.ward.slug == "rotherham-west"
    assert reading.ward_reason == "from 'Kimberworth Road' (street)"
    abbreviated = ctx.understanding.read("T&V works at the Quarry Ln shops N Anston", today=TODAY)
    assert abbreviated.ward is not None and abbreviated.ward.slug == "anston-woodsetts"


async def test_a_church_named_with_its_village_is_found_written_either_way(ctx: Context) -> None:
    # The plan writes "All Saints' Church, Aston"; Aston alone is in two wards.
    for text in ("carol service, All Saints church in Aston", "All Saints Church Aston bells"):
        reading = ctx.understanding.read(text, today=TODAY)
        assert reading.ward is not None and reading.ward.slug == "aston-todwick", text
        assert reading.places == ("All Saints' Church, Aston",)


async def test_places_in_different_wards_or_a_common_street_are_questions(ctx: Context) -> None:
    both = ctx.understanding.read("joint op across Treeton and Dinnington", today=TODAY)
    assert both.ward is None
    assert {w.slug for w in both.candidates} == {"rother-vale", "dinnington"}
    street = ctx.understanding.read("bins overflowing on Church Street", today=TODAY)
    assert street.ward is None and "many places" in street.ward_reason
    lower = ctx.understanding.read("new broom and litter grabbers bought", today=TODAY)
    assert lower.ward is None and not lower.candidates  # "broom" is a tool, not Broom


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("litter-picked the rec this morning", "environment"),
        ("fly-tipping cleared from the lane", "environment"),
        ("ASB walkabout w/ PCSOs round the shops", "community_safety"),
        ("YP football session, good turnout", "children_young_people"),
        ("T&V works finished: new benches", "environment"),
        ("speedwatch by the school, 41 vehicles", "transport_road_safety"),
        ("road safety talk at the academy, 90 pupils", "transport_road_safety"),
        ("warm space at the church hall, free soup", "cost_of_living"),
        ("rang 18 isolated residents this week", "loneliness_isolation"),
        ("TARA AGM tonight, 20 tenants", "community_groups"),
        ("planning app for 40 new homes, drop-in at the hall", "planning"),
        ("digital skills class for over 60s", "older_people"),
        ("helped 9 tenants make their UC claims online", "cost_of_living"),
        ("tablet class for over 75s: the NHS app and online banking", "older_people"),
        ("sign up morning for the reading challenge at the library", "children_young_people"),
        ("new resurfacing on the footpaths by the junction", "transport_road_safety"),
        ("walking cricket club back after covid thanks to a recovery grant", "covid_recovery"),
        ("bowls club for retired miners back after covid", "covid_recovery"),
        ("police were at the warm space handing out leaflets", "cost_of_living"),
        (
            "fire crew did safe and well visits on the close, smoke alarms fitted",
            "community_safety",
        ),
        ("Andys Man Club tonight at the rugby club, 14 came", "mental_health"),
        ("Rawmarsh Youth Club quiz night", "children_young_people"),
        ("the Christmas tree in the square went up, lights on sat", "community_groups"),
        ("park and stride launched at the infants, 40 families signed up", "transport_road_safety"),
        ("LP along the canal towpath this morning", "environment"),
        ("toy appeal wrapping night at the hall, 200 presents done", "cost_of_living"),
        ("veterans breakfast club at the legion, good natter", "loneliness_isolation"),
        ("home safety visits on the estate, carbon monoxide alarms fitted", "community_safety"),
        ("online safety evening for parents at the academy", "community_safety"),
        ("coffee and conversation for new arrivals at the library", "community_groups"),
        ("credit union savings club at the juniors", "cost_of_living"),
        ("trading standards test purchases at the corner shops", "community_safety"),
        ("street pastors out on fri night", "community_safety"),
        ("repair cafe at the library, toasters and bikes fixed", "environment"),
        ("winter coat rail at the family hub", "cost_of_living"),
        ("work party on the nature reserve clearing vegetation", "environment"),
    ],
)
async def test_themes_from_word_forms_and_shorthand(ctx: Context, text: str, theme: str) -> None:
    reading = ctx.understanding.read(text, today=TODAY)
    assert reading.themes[:1] == (theme,), (text, reading.themes, reading.theme_reason)


async def test_tags_win_over_the_words(ctx: Context) -> None:
    reading = ctx.understanding.read("litter pick with tenants #housing", today=TODAY)
    assert reading.themes == ("housing",)
    assert reading.theme_reason == "from the #tags"


async def test_an_update_typed_without_log_is_logged_and_explained(
    chat: ChatDriver, ctx: Context
) -> None:
    reply = await chat.say("Litter pick at Herringthorpe Valley Park yesterday, 23 volunteers")
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug="sitwell")
    assert update.volunteers == 23
    assert "Sitwell — from 'Herringthorpe Valley Park'" in update.explanation
    # The litter pick fits "Improve the environment...", not the flooding priority.
    assert update.priority is not None and update.priority.number == 3
    assert reply.card is not None and [b.action for b in reply.card.buttons] == [
        "change",
        "undo",
        "case",
    ]


async def test_a_free_text_heading_is_part_of_the_post_but_log_still_checks_it(
    chat: ChatDriver, ctx: Context
) -> None:
    free = await chat.say("Update: coffee morning at Thorpe Hesley, 15 came")
    assert free.ok, free.text
    [update] = await list_updates(ctx.db, ward_slug="keppel")
    assert update.people_reached == 15
    # With `log`, a heading over a post that names its place is a heading too (issue 15) ...
    headed = await chat.say("log Update: coffee morning at Thorpe Hesley, 16 came")
    assert headed.ok, headed.text
    # ... but one over a post that names no place is checked as a ward's name.
    strict = await chat.say("log Updaet: coffee morning, 15 came")
    assert not strict.ok and "I don't know a ward called 'Updaet'" in strict.text
    assert await count_updates(ctx.db) == 2


async def test_the_priority_sharing_words_with_the_post_is_chosen(
    chat: ChatDriver, ctx: Context
) -> None:
    reply = await chat.say("Eastwood Village action plan walkabout with housing, 6 empty props")
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug="rotherham-east")
    assert update.priority is not None and update.priority.number == 1
    assert "shares 'eastwood', 'village', 'action'" in update.explanation


async def test_a_question_is_answered_not_logged(chat: ChatDriver, ctx: Context) -> None:
    await chat.say("log Sitwell: litter pick at Herringthorpe Valley Park, 12 volunteers")
    shown = await chat.say("what's happening in Sitwell?")
    assert shown.ok and "Sitwell" in shown.text and "Priorities" in shown.text
    found = await chat.say("any litter picks in Sitwell?")
    assert found.ok and "litter pick at Herringthorpe Valley Park" in found.text
    shared = await chat.say("what's on in Wickersley?")
    assert not shared.ok and "Wickersley North" in shared.text
    assert await count_updates(ctx.db) == 1


async def test_chatter_gets_brief_help_and_stores_nothing(chat: ChatDriver, ctx: Context) -> None:
    for text in ("hello there", "thanks!", "frobnicate everything"):
        reply = await chat.say(text)
        assert not reply.ok and "help" in reply.text, text
    assert await count_updates(ctx.db) == 0
