"""Counts in a post: people reached, volunteers, bags of litter, money raised.

A number only counts when it is tied to what was counted ("23 volunteers", "15 came",
"approx 40 people", "£150 raised"), or is a bare head count closing a clause ("34 there",
"21 in", "9 of them", "14 tues") that does not point back at things, or is written as a
field ("vols: 12"). Numbers may be words ("thirty four", "half a dozen"). Organisations
("14 businesses") are not people reached. Times, dates, years, school years, house numbers,
postcodes, phone numbers, ages and prices are blanked out first, so they are never
mistaken for a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.reading.dates import MONTH_NAMES
from handlers.reading.vocabulary import vocabulary

# The word lists (nouns for people, volunteers, things; verbs; number words) are in
# vocabulary.yaml as regular-expression fragments.
_COUNT_WORDS = vocabulary().counts

_MONTH = MONTH_NAMES
_NUM = r"\d{1,2}(?:[.:]\d{2})?"
_AMPM = r"\s*(?:am|pm|a\.m\.|p\.m\.)"
# Things that look like numbers but are not counts, blanked before any count is read.
# Each either starts with a digit or is a word then a digit ("Oct 14", "no. 23"); they are
# kept apart so the blanking tries only the kind that can start where it stands.
_DIGIT_LED = (
    r"\b0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b",  # phone numbers: 01709 822453, 07700 900123
    r"\b(?:999|111|101)\b(?=\s+(?:can|will|call|calls|number|line|service|to|or)\b)",  # 999 can send
    rf"\b{_NUM}(?:{_AMPM})?\s*(?:-|–|to|till|until)\s*{_NUM}{_AMPM}",  # 10-11am, 1pm to 3pm
    rf"\b{_NUM}{_AMPM}\b",  # 9.30am, 11 am
    r"\b\d{1,2}[:.]\d{2}\b",  # 14:30, 7.45
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b",  # 14 Oct, 3rd of May
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",  # 14/10, 14/10/2025
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2025-10-14
    r"\b(?:19|20)\d{2}\b(?!\s+(?:people|residents|volunteers|bags|visitors|attendees))",
    r"\b\d+[a-z]?\s+(?=[a-z]+\s+(?:road|rd|street|st|lane|ln|avenue|ave|drive|close|crescent|grove|terrace|gardens)\b)",  # 12 Silver St
    r"\b\d+\s*(?:\+|plus)(?=\s*(?:year|yr|yo|$|[,.;)]))",  # 70+, mostly 70+
    r"\b\d+\s*(?:mph|%|per\s*cent|percent|miles?|km|m|ft|metres?|yards?|kg|tonnes?|hours?|hrs?|mins?|minutes?|days?|weeks?|wks?|months?|years?|yrs?)\b(?!\s+\d)",  # not "28 Yr 6 pupils"
    r"\b\d+\s*(?:x|times)\b",  # 3x a week
    # "1 in 3 kids", "2 in 5 households": a share, not a count (not "17 in 20 mins", "40 in 2
    # sessions": a count and how it was split)
    r"\b\d{1,2}\s+in\s+(?:every\s+)?\d{1,3}\b(?!\s*(?:[:.]\d|(?:am|pm|mins?|minutes|hours?|hrs?|"
    r"secs?|days?|weeks?|wks?|months?|years?|yrs?|sessions?|groups?|teams?|rooms?|classes|"
    r"venues?|sites?|goes|batches|shifts?|slots?)\b))",
    # "had 23 over", "31 over the limit": speeding vehicles, not people
    # ... "19 over in an hour", "12 over in 40 mins": so many an hour
    r"\b\d+\s+(?:over|above)(?=\s+(?:the\s+)?(?:speed\s+)?limit\b|\s*(?:$|[,.;!)])|"
    r"\s+in\s+(?:an?\s+(?:hour|hr)|half\s+an|\d+\s*(?:mins?|minutes|hours?|hrs?)\b))",
    r"\b\d+(?:st|nd|rd|th)\b",  # 1st Tues, 85th percentile
)
_WORD_LED = (
    r"\b[a-z]{1,2}\d{1,2}[a-z]?\s*\d[a-z]{2}\b",  # postcodes: S65 1NH
    # Oct 14, and "december 9-12" written close up: days of a month, or hours on them
    rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:[-–](?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?!\s+(?:[a-z]+\s+)?(?:{{people}}|came|attended)\b))?",
    r"\b(?:years?|yrs?)\s+\d{1,2}s?\b",  # Year 6, Yr 8s (school years)
    r"\b(?:no|nos|number|numbers|flat|unit|house)\.?\s*\d+(?:\s*-\s*\d+)?(?:-?ish\b|[a-z]?\b)",  # no. 23, no. 40ish
    r"(?<!\d\s)\b(?:aged|ages|age)\s+\d+(?!,\d)(?:\s*(?:-|to)\s*\d+)?s?\b(?!\s+(?:people|residents|volunteers|came|attended))",
    # "over 65s", "under 5", but not "over 50 kids", nor "over 3 sessions" (a span of time)
    # ("well over 50 in", "had over 50 at": a head count, not an age)
    r"(?<!\d\s)(?<!\bwell\s)(?<!\bjust\s)(?<!\bhad\s)(?<!\bsaw\s)\b(?:under|over)\s+\d+(?!,\d)(?:\s*(?:-|to)\s*\d+)?s?\b(?!\s+(?:[a-z]+\s+)?(?:{people}|came|attended|come|attend|booked|registered|signed|joined|turned|through|thru)\b)(?!\s+(?:sessions?|visits?|nights?|evenings?|mornings?|afternoons?|weekends?|classes|lessons|assemblies|events?)\b)",
    r"\bx\s*\d+\b",  # tyres x 40
    # an hour put right ("moved to 11 not 10", "at 2 not 1"): times, not counts
    r"\b(?:to|at|from)\s+\d{1,2}\s+not\s+\d{1,2}\b",
)
PRICE_BELOW = 10  # pounds
# What the reported activity cost is money spent on it, whatever its size ("the party cost
# £250"; money.py reads "cost" as spent); what a ticket, a place or a session costs is a
# price (_PRICE_BEFORE, _PRICE_AFTER).
_MONEY_LED = (  # read on its own
    r"£\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|bn|million|billion)?\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s*k?\s*(?:quid|pounds)\b"
)
_WORDS = _COUNT_WORDS.number_words
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# "twenty five", "thirty-four" before the single words, so the whole number is read; then
# the rough forms: "25+", "40ish", "twenty or so", "30 odd".
_N = (
    rf"(\d{{1,3}}(?:\.\d)?k\b|\d{{1,5}}(?:,\d{{3}})?|{_TENS}[\s-]{_UNITS}\b|"
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")(?:\s*\+|-?ish|\s+or\s+so|\s+or\s+more|\s+plus\b|[\s-]odd|-strong)?"  # "a 60-strong crowd"
)
# What a number can start with: cheap to rule out at most places before trying each word.
_N_STARTS = "\\d" + "".join(sorted({w[0] for w in _WORDS}))
# A conjunction starts another clause: "maps from 1888 so people can see" counts no one.
_MODIFIERS = (
    r"(?:\s+(?!and\b|of\b|from\b|to\b|in\b|at\b|on\b|for\b|so\b|but\b|or\b|if\b|as\b|"
    r"then\b)[a-z]+(?:-[a-z]+)*){0,2}?"
)

PEOPLE_UNITS = "|".join(_COUNT_WORDS.people_units)
PEOPLE_VERBS = "|".join(_COUNT_WORDS.people_verbs)
# Organisations are not people reached: "14 local businesses", "6 employers came".
_ORGS = "|".join(_COUNT_WORDS.organisations)
# Those who came to work, not to be reached: "2 PCSOs attended".
_STAFF = (
    r"(?:pcsos?|officers?|staff|police|cllrs?|councillors?|workers?|crews?|engines?|"
    rf"volunteers?|vols|helpers?|{_ORGS}|and|of|from)\b"
)
# Staff who were trained or jabbed were reached: "16 staff + sixth formers trained".
_STAFF_NOUNS = "|".join(_COUNT_WORDS.staff_nouns)
TRAINED_VERBS = "|".join(_COUNT_WORDS.trained_verbs)
# Verbs that say people were there even after a noun ("approx 90 jobseekers came").
PRESENT_VERBS = "|".join(_COUNT_WORDS.present_verbs)
VOLUNTEER_UNITS = "|".join(_COUNT_WORDS.volunteer_units)
SERVED_VERBS = "|".join(_COUNT_WORDS.served_verbs)
_FROM_STAFF = "|".join((*_COUNT_WORDS.staff_nouns, *_COUNT_WORDS.staff_bodies))
# ... nor those who joined a body: "2 residents elected", "4 members co-opted".
_NOT_REACHED = (
    r"(?!\s+(?:were\s+)?(?:referred|signposted|arrested|seized|issued|fined|warned|"
    r"co-?opted|elected|re-?elected|appointed|nominated))"
)

# One pass, leftmost match first. A digit-led and a word-led pattern never match at the same
# place, so grouping them (each group in its own order) finds the same matches; the lookaheads
# make most places fail at once: a word-led one needs letters, maybe ".", spaces, a digit.
NOT_A_COUNT = re.compile(
    r"\b(?:(?=\d)(?:" + "|".join(_DIGIT_LED) + r")"
    r"|(?=[a-z]++\.?\s*\d)(?:" + "|".join(_WORD_LED).replace("{people}", PEOPLE_UNITS) + "))"
    rf"|{_MONEY_LED}",
    re.I,
)
_DIGIT = re.compile(r"\d")
NUMBER = re.compile(rf"\b(?=[{_N_STARTS}]){_N}", re.I)
AS_PEOPLE = re.compile(
    rf"{_MODIFIERS}\s+(?P<unit>{PEOPLE_UNITS})\b{_NOT_REACHED}|\s+(?P<verb>{PEOPLE_VERBS})\b"
    rf"|(?:\s+(?!{_STAFF})[a-z]+){{1,2}}?\s+(?P<present>{PRESENT_VERBS})\b"
    # "met the residents, 8 of them came": some of those just named, who were there
    rf"|\s+of\s+(?:them|those)\s+(?:[a-z]+\s+)?(?P<them>{PRESENT_VERBS})\b"
    # "14 from the garden society came out": who they came with, then a verb of being
    # there (not "2 from the council attended", who came to work)
    rf"|\s+from\s+(?:the\s+|our\s+|their\s+)?(?:(?!(?:{_FROM_STAFF})\b)[a-z]+\s+){{1,3}}?"
    rf"(?P<came_from>{PRESENT_VERBS})\b"
    # "9 referrals seen": whatever the noun, only people are seen or helped, unless it
    # names things ("3 fly tips seen")
    rf"|(?:\s+(?!{_STAFF}|(?:{'|'.join(_COUNT_WORDS.things)})\b)[a-z]+){{1,2}}?"
    rf"\s+(?P<served>{SERVED_VERBS})\b"
    # "12 staff and governors trained", but not "3 officers trained 40 residents" (the 40 are)
    rf"|{_MODIFIERS}\s+(?:{_STAFF_NOUNS})\b(?:\s+(?:[a-z]+|[+&])){{0,3}}?"
    rf"\s+(?P<trained>{TRAINED_VERBS})\b"
    r"(?!\s+(?:\d|(?:a|an|the|our|their|some|all|local|over|more)\b))",
    re.I,
)
_WEEKDAY = (
    r"mon(?:day)?s?|tue(?:s|sday)?s?|wed(?:s|nesday)?s?|thu(?:r|rs|rsday)?s?|fri(?:day)?s?|"
    r"sat(?:urday)?s?|sun(?:day)?s?"
)
# Where a clause ends: punctuation, a dash, "&", an emoji, or the end of the post.
_CLAUSE_END = r"(?=\s*(?:$|[,.;:!?)(\n&+]|[-–—]\s|[^\x00-\x7f]))"
# A bare head count: "34 there", "21 in, £2 a head", "9 of them, good chats", "14 tues" and
# "20 on weds" (a session's turnout). "3 in a row", "2 in the morning", "10 there and back"
# and "5 of them were fly-tips" do not close a clause; "mon-fri" is opening hours.
# "over the afternoon", "across the 3 days" (the "3 days" blanked): the time a count took.
_SPAN = r"(?:over|across|during|throughout)\s+(?:the\s+)?(?:[a-z]+(?:\s+[a-z]+)?)?\s*"
_NEXT_SUBJECT = "|".join(_COUNT_WORDS.next_subjects)
# "85 in total", "14 all told": a total, which outweighs a part counted before it.
_TOTALS = "|".join(_COUNT_WORDS.totals)
# "15 round the table": where people gathered, closing a head count's clause.
_GATHERED = "|".join(_COUNT_WORDS.gathered_at)
# "first aid course, 9 passed": done to each person on a course or at a check.
_DONE_TO = "|".join(_COUNT_WORDS.done_to_people)
_DONE_TO_ALONE = re.compile(_DONE_TO, re.I)
# ... only told in a clause of its own after what was run: "BP checks at the market, 27
# checked" (not "smoke alarms: 12 checked", "hydrants 30 tested").
_AFTER_A_CLAUSE = re.compile(r"(?:[,;]|\s[-–—])\s*$")
BARE_COUNT = re.compile(
    rf"\s+(?P<bare>there|in|back|along|of\s+them|thru|through|{_TOTALS}|{_GATHERED}|{_DONE_TO})(?:\s+(?:today|tonight|again|altogether|all|in\s+total|so\s+far|"
    rf"this\s+(?:morning|afternoon|evening)|last\s+night|on\s+(?:{_WEEKDAY})|{_SPAN}))?"
    # "41 in and 5 vols", "17 in incl 2 new", "20 in and a new couple" (a second subject;
    # not "2 in and around the estate", "10 there and back")
    # ... or the hours it was open: "15 there from 10 til 12"
    rf"(?:{_CLAUSE_END}|(?=\s+(?:and\s+(?:\d|{_NEXT_SUBJECT})|incl|re\b|"
    r"(?:from|between)\s+\d{1,2}\s*(?:-|–|to|till?|until|and)\s*\d)))"
    rf"|\s+(?:on\s+|last\s+|this\s+|every\s+)?(?P<day>{_WEEKDAY})\b(?!\s*(?:[-–/]|to\b))",
    re.I,
)
# "spoke to 60ish", "chatted with about 25": people reached, named before the number.
_CONTACT_BEFORE = re.compile(
    r"\b(?:(?:spoke|spoken|talked|chatted|chatting|speaking|talking)\s+(?:to|with)|"
    r"engaged(?:\s+with)?)\s+(?:about\s+|approx\.?\s+|around\s+|roughly\s+|over\s+)?$",
    re.I,
)
_ENDS_HERE = re.compile(_CLAUSE_END)
# "Had 25 at the warm space", "had a dozen in": people there, named by where they were.
# "about 40", "a good 30", "the usual 20": a rough or usual figure is still a head count.
_ROUGHLY = rf"(?:(?:{'|'.join(_COUNT_WORDS.rough_before)})\s+)?"
# ... and "saw 22 on its first day", "welcomed 40 at the open day": a host's verb.
_HAD_BEFORE = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.host_verbs)})\s+{_ROUGHLY}$",
    re.I,
)
# "cooked Sunday lunch for 28", "a buffet for 35": a meal for a number feeds that many.
_FED_BEFORE = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.meals_before)})\s+for\s+{_ROUGHLY}$",
    re.I,
)
_HAD_AFTER = re.compile(
    r"\s+(?:at|in|for|along|through|thru|on|with|over|across|during|this|last)\b"
    rf"|\s+(?=(?:{PEOPLE_VERBS})\b)|{_CLAUSE_END}",
    re.I,
)
# "attended by 60", "a turnout of 45 for the AGM": the head count is named before it.
_NAMED_BEFORE = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.head_count_before)})\s+{_ROUGHLY}$",
    re.I,
)
_ANYWHERE = re.compile("")
# "the 3 there", "those 2 in": people already spoken of, or things, not a head count.
_POINTED = re.compile(r"\b(?:the|those|these|other)\s+$", re.I)
_PLACE_WORD = re.compile(r"\b(?:at|in|on|into|to|from)\s+$", re.I)
_AFTER_DAY = re.compile(rf"\b(?:{_WEEKDAY})\.?\s+$", re.I)  # "tues 14 weds 21": dates
# A bare count after things not yet counted counts the things: "tyres dumped, 5 there".
_THINGS = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.things)})\b", re.I)
# "of them" points back harder, at organisations too ("employers came, 5 of them"); not
# "shops" or "groups", which name places and the group itself ("walk group, 9 of them").
_THINGS_OR_ORGS = re.compile(
    rf"{_THINGS.pattern}|\b(?:businesses|employers|organisations|orgs|companies|firms|"
    r"charities|agencies|stalls)\b",
    re.I,
)
_THING_NEXT = re.compile(rf"\s+(?:{'|'.join(_COUNT_WORDS.things)})\b", re.I)
_COUNTED_BEFORE = re.compile(r"\b\d+\s+(?:[a-z]+\s+){0,2}$", re.I)  # "30 bags": counted
# A bare round figure closing a clause after "about", "approx", "~": "back to pre-covid
# numbers, about 20". Read as people only when nothing else was counted as people.
APPROX_ALONE = re.compile(
    r"(?:\b(?=[aerc])(?:about|approx(?:imately)?\.?|around|roughly|est\.?|c\.)|~)\s*"
    r"(\d{1,4}(?:,\d{3})?)(?:\s+" + _SPAN + r")?"  # "est 2,000 over the 3 days"
    r"(?:\s*(?:$|[,.;!)](?!\d)|\n)|\s+at\s+the\s+[a-z])",  # "about 200 at the memorial"
    re.I,
)
# A rough figure closing a clause on its own is a head count, as officers jot one after
# the activity: "bingo 40ish", "walk, 60 odd", "a dozen or so" (not a bare range: "7-9",
# "14-18" are as often hours or ages). Read as people only when nothing else was counted
# as people and no things were named before it in its sentence ("fly tips, 20 odd").
ROUGH_ALONE = re.compile(
    r"(?<![\w£$.,/:-])(?:(?P<n>\d{1,4}|"
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")(?:-?ish|[\s-]odd|\s+or\s+so))"
    r"(?=\s*(?:$|[,.;!)]|\n|\s[-–]\s))",
    re.I,
)
AS_VOLUNTEERS = re.compile(
    # "10 of us", "23 of you" (the team thanked): those who did the work
    rf"{_MODIFIERS}\s+(?P<unit>{VOLUNTEER_UNITS})\b|\s+(?P<verb>of\s+(?:us|you|u))\b"
    r"|\s+of\s+(?:our|the|their)\s+(?P<ours>volunteers?|vols)\b"
    r"|(?:\s+[a-z]+){0,2}?\s+(?:have\s+|had\s+)?(?P<did>volunteered|volunteering)\b"  # "5 mums have volunteered"
    # "8 dads marshalling", "12 came to help", "15 aunties cooking": doing a helper's job
    # (not staff at work, and not those reached doing an activity: "12 kids cooking pizzas")
    rf"|(?:\s+(?!(?:{_STAFF_NOUNS}|and|or|but|then|so|who)\b)[a-z-]+){{0,2}}?\s+"
    rf"(?P<helping>{'|'.join(_COUNT_WORDS.helper_jobs)})\b"
    rf"|(?:\s+(?!(?:{_STAFF_NOUNS}|{PEOPLE_UNITS}|and|or|but|then|so|who)\b)[a-z-]+){{1,2}}?\s+"
    rf"(?P<working>{'|'.join(_COUNT_WORDS.work_participles)})\b"
    # ... closing the clause, or what cooks and servers do: not "2 buses serving the village"
    rf"(?={_CLAUSE_END}|\s+(?:all|for|up|away|on|in|the\s+(?:food|meals?|teas?|dinners?|lunch|"
    r"breakfasts?|curry|soup|buffet|cakes?)\b))"
    # "9 signed up as stewards", "12 signed up to volunteer"
    r"|\s+(?:have\s+|had\s+)?signed\s+up\s+(?:as|to)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<signed>volunteer\w*|vols?|stewards?|helpers?|marshals?|litter\s+pickers?)\b",
    re.I,
)
# A count written as a field: "vols: 12", "attendance - 14", "bags: 26".
LABELLED = re.compile(
    r"\b(?:(?P<volunteers>volunteers|vols?|helpers|litter\s+pickers|(?:vol\s+)?stewards)"
    r"|(?P<people>attendance|attendees|turnout|head\s*count|people|residents|numbers)"
    r"|(?P<bags>bags|sacks|bin\s+bags))\s*(?::|=|[-–]\s|(?<=s)\s(?=\d+\s*(?:$|[,.;!)])))\s*"
    r"(?P<n>\d{1,5}(?:,\d{3})?)\b(?![.,:/]\d)",
    re.I,
)
# Bags of rubbish; not poo bags handed out, nor "bag it and bin it" signs.
AS_BAGS = re.compile(
    r"(?:\s+(?!poo\b|dog\b|goody\b|party\b|carrier\b)[a-z]+)?\s+(?:bags?|sacks?|bin\s+bags?)\b"
    r"(?!\s+it\b)",
    re.I,
)
MONEY = re.compile(
    r"£\s?(?P<pounds>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<scale>k|m|bn|million|billion)?\b"
    r"|\b(?P<quid>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<kquid>k)?\s*(?:quid|pounds)\b",  # "500 quid"
    re.I,
)
_SCALES = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# "£2m going into", "£1.5m secured": millions given or spent, not a scheme's size.
# A fund named by its initials may come between: "£3m CIL going to Cabinet".
_GIVEN_AFTER = re.compile(
    r"(?:\s+[A-Z][A-Z0-9&]{1,6}\b)?"
    rf"\s*(?:$|[,.;:!)]|[-–]\s|(?:{'|'.join(_COUNT_WORDS.money_given_after)})\b)"
)
# "£2.6m to Rotherham for 28 play areas": a programme's budget for the whole borough; "up
# from £6.3m to £11.9m": an estimate revised, the "to" is not where the money went.
_TO_THE_BOROUGH = re.compile(
    rf"\s*(?:going\s+|coming\s+)?(?:to|for|into)\s+(?:{'|'.join(_COUNT_WORDS.borough_names)})"
    r"\b(?!\s+(?-i:[A-Z]))",  # not "to Rotherham Minster", a named project
    re.I,
)
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.I)
# "approx £900k across the borough": any sum for the whole council area is a programme's
# headline budget.
_ACROSS_THE_BOROUGH = re.compile(
    r"\s*(?:in\s+total\s+)?(?:[a-z]+\s+)?"
    rf"(?:{'|'.join(_COUNT_WORDS.across_before)})\s+(?:{'|'.join(_COUNT_WORDS.borough_names)})\b"
    r"(?!\s+(?-i:[A-Z]))",
    re.I,
)
# "£6m Catcliffe scheme approved", "£12m interchange open": a scheme's millions, decided,
# started or done in the same clause, were given or spent.
_SCHEME_DONE = re.compile(
    rf"[^,.;:!?()\n–-]{{0,60}}?\b(?:{'|'.join(_COUNT_WORDS.scheme_done_after)})\b", re.I
)
# "barriers quoted at £20k", "rather than a straight £2,000": asked or not taken.
_NOT_SPENT_BEFORE = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.money_not_spent_before)})\s*$", re.I)
# "got 2.5k from Community First", "raised 3k": thousands without a "£" after a money verb.
_BARE_THOUSANDS = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.money_verbs_before)})\s+{_ROUGHLY}"
    r"(?P<pounds>\d{1,3}(?:\.\d{1,2})?)(?P<scale>k)\b"
    rf"(?!\s+(?:[a-z]+\s+)?(?:{PEOPLE_UNITS}|{PEOPLE_VERBS})\b)",
    re.I,
)
# A level held or money owed: "precept frozen at £52k", "borrowed £90,000", "a £30k loan".
_HELD_BEFORE = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.money_held_before)})\s*$", re.I)
_HELD_AFTER = re.compile(rf"\s*(?:{'|'.join(_COUNT_WORDS.money_held_after)})\b", re.I)
# Aimed for, not done ("aims to get 500 young people active"), or how many live in a place
# ("ward profile: 9,800 residents"): said before the number, in its sentence.
_AIMED = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.aims)})\b", re.I)
# "will serve 3,000 residents", "expecting 400 families": a verb or two after the future's
# word, then the number.
_FUTURE = re.compile(
    rf"(?:\b|(?<=\w))(?:{'|'.join(_COUNT_WORDS.future_before)})\s+(?:[a-z]+\s+){{0,2}}?"
    rf"{_ROUGHLY}(?:up\s+to\s+)?$",
    re.I,
)
# "the troop once had 139 members", "used to get 60 a week": so once, not now.
_PAST = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.past_before)})\s+(?:[a-z]+\s+){{0,2}}?{_ROUGHLY}$", re.I
)
_CAPACITY = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.capacity_before)})\s+{_ROUGHLY}$", re.I)
_POPULATION = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.population_words)})\b", re.I)
_PETITION = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.petition_words)})\b", re.I)
# "thanks to all 15 elves who walked the streets": those thanked for what they did are
# volunteers ("thanks to the 40 residents who came" thanks people reached).
_THANKED = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.thanks_to)})\s+(?:to\s+)?(?:(?:all|the|our|those)\s+){{0,2}}$",
    re.I,
)
_WHO_DID = re.compile(
    r"(?:\s+(?!who\b)[a-z-]+){1,4}?\s+who\s+(?:have\s+|had\s+)?"
    rf"(?!(?:{PEOPLE_VERBS})\b|come\b|attend|turn|join|show|sign)[a-z]",
    re.I,
)
# "6 of the Rawmarsh Runners each picked a charity and raised £2k", "4 mums collected £300":
# the people who raised a sum did the work, so they are volunteers.
_FUNDRAISERS = re.compile(
    rf"(?:\s+of\s+(?:the|our|their))?{_MODIFIERS}\s+(?P<unit>{PEOPLE_UNITS})\b"
    # not "45 dancers and the raffle raised £180": the raffle raised it
    r"(?:\s+(?!and\s+(?:the|a|an|our|their|his|her|its)\b)[a-z]+){0,6}?"
    r"\s+(?:each\s+|all\s+|have\s+|had\s+)?"
    rf"(?:{'|'.join(_COUNT_WORDS.fundraising_verbs)})\s+{_ROUGHLY}(?:£|\d)"
    # ... money, not "raised 11 repair jobs", "raised 3 concerns": matters reported
    rf"(?![\d,.]*\s+(?:[a-z]+\s+)?(?:{'|'.join(_COUNT_WORDS.matters_raised)})\b)",
    re.I,
)
# "painted by 12 pupils": those who did the work are volunteers.
_DONE_BY = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.work_done_by)})\s+by\s+{_ROUGHLY}$", re.I)
# A price or a scheme's cost is not money raised or given by the ward's activity.
_PRICE_AFTER = re.compile(
    r"^\s*(?:a|an|per|each|/)\s*(?:head|person|child|adult|ticket|session|go|week|wk|month|night|pp|"
    r"bag|day|hour|hr|year|yr|shop|visit|class|lesson)\b"
    # ... any one thing closing the clause: "stalls £10 a pitch", "£15 per table"
    r"|^\s*(?:(?:a|an|per|each)\s+|/\s*)[a-z]+(?=\s*(?:$|[,.;:!?)\n]|[-–]\s))"
    r"|^\s*\)?\s*(?:incl(?:uding|\.)?|inc\.?)\b"
    r"|^\s*(?:fpns?|fixed\s+penalty|fines?|penalty|pcns?|in\s+(?:the\s+)?shops?)\b"
    r"|^\s*(?:each|pp|on\s+the\s+door|entry|to\s+get\s+in|admission|a\s+ticket|membership|"
    r"of\s+(?:shopping|food)|worth\s+of)\b"
    r"|^\s*for\s+(?:\d+|two|three|four)\s+(?:courses?|items?|sessions?|weeks?|bags?)\b"
    r"|^\s*(?:gets|buys|suggested\s+donation)\b"
    # "£23k of debt", "£2,400 repair bill": a loss or a bill to meet
    rf"|^\s*(?:of\s+)?(?:{'|'.join(_COUNT_WORDS.costs_after)})\b"
    r"|^\s*(?:in\s+the\s+bank|in\s+reserves?|in\s+hand|balance)\b",  # a group's funds, held
    re.I,
)
# A sum right after a fundraising verb was raised, whatever follows: "raised £96 on the door"
# is the takings, where "£5 on the door" is the price of a ticket.
_RAISED_BEFORE = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.fundraising_verbs)})\s+$", re.I)
# A sum joined to a price before it ("from £15 an hr to £18", "£3 a head or £5 a family")
# is a price too.
_PRICE_THEN = re.compile(
    r"£\s?\d[\d,]*(?:\.\d+)?\s*(?:a|an|per|each|/)\s*[a-z]+\s*(?:to|or|[-–])\s*$", re.I
)
_PRICE_NEXT = re.compile(r"\s*(?:to|or|[-–])\s*£\s?\d[\d,]*(?:\.\d+)?\s*", re.I)
# "3 for £1", "25 for £10": a deal on so many, a price.
_MULTIBUY = re.compile(r"(?<![£\d,.])\b\d{1,3}\s+for\s*$", re.I)
# "soup £1", "tea & cake £2.50": a price on the thing bought.
_PRICE_BEFORE = re.compile(
    r"(?:priced\s+at|tickets?|entry|only|just|soup|tea|coffee|cake|lunch|meals?|"
    r"dinner|breakfast|drinks?|membership|admission|sessions?|class(?:es)?|avg|average|"
    r"butt(?:y|ies)|sandwich(?:es)?|sarnies|brews?|refreshments|snacks|free\s+then|"
    r"fines?(?:\s+of)?|fined|fpns?(?:\s+of)?\s*\(?|penalty(?:\s+of)?|charged|up\s+to|"
    r"places?|seats?|trips?|tickets?|pitch(?:es)?|stalls?|hire|"
    r"(?<!just\s)(?:under|below|less\s+than|no\s+more\s+than))"
    r"(?:\s+(?:costs?|costing|costed|was|were|is|are))?\s*(?:is|at|for|of)?\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Counts:
    people_reached: int | None = None
    volunteers: int | None = None
    quantities: dict[str, float] = field(default_factory=dict)
    # Where the count and the counted noun are, so "30 pupils" is not read as the update's
    # theme (the words between, as in "18 isolated residents", still are).
    spans: tuple[tuple[int, int], ...] = ()


def blank_non_counts(text: str) -> str:
    """The text with times, dates, postcodes and the like overwritten by spaces (same length)."""
    if not _DIGIT.search(text):
        return text  # every one of them holds a digit
    return NOT_A_COUNT.sub(lambda m: " " * len(m.group(0)), text)


def read_counts(text: str) -> Counts:
    text = _without_what_is_asked(text)
    blanked = blank_non_counts(text)
    people = volunteers = bags = None
    spans: list[tuple[int, int]] = []
    for field_ in LABELLED.finditer(blanked):
        value = int(field_.group("n").replace(",", ""))
        if field_.group("volunteers") and volunteers is None:
            volunteers = value
        elif field_.group("people") and people is None:
            people = value
        elif field_.group("bags") and bags is None:
            bags = value
        else:
            continue
        spans.append(field_.span())
    if volunteers is None and (terse := _TERSE_VOLUNTEERS.search(blanked)):
        # "LP Brinsworth 8v 12b": a litter pick's volunteers and bags, as officers jot them
        volunteers = int(terse.group(1))
        spans.append(terse.span())
        if bags is None and (jotted := _TERSE_BAGS.search(blanked)):
            bags = int(jotted.group(1))
            spans.append(jotted.span())
    if " in " in text:
        for share in _SHARE.finditer(text):
            # "1 in 3 kids": not counted, but the kids are still who was counted, not a theme
            if blanked[share.start()] == " " and (unit := AS_PEOPLE.match(text, share.end())):
                spans += [share.span(), _noun(unit)]
    asks = _ASKS_FOR.search(blanked) is not None  # most posts ask for no one
    unnamed_at = -1  # where a head count with no noun was read: whose it is comes from before
    for number in NUMBER.finditer(blanked):
        if asks and _WANTED.search(blanked, max(0, number.start() - 30), number.start()):
            continue  # "we need 10-12 stewards": asked for, not there
        value, end, start = _value(number.group(1)), number.end(), number.start()
        pronoun = number.group(1).lower() == "one"  # "next one", "2nd one": counts with a noun only
        # Whether it was aimed for, still to come or room for people (_not_done) is asked
        # only of a number that would count: most numbers never get that far.
        if (
            volunteers is None
            and "by " in blanked[max(0, start - 25) : start]  # cheap before the search
            and _DONE_BY.search(blanked, max(0, start - 40), start)
            and (unit := AS_PEOPLE.match(blanked, end))
            and unit.group("unit")
        ):
            if _not_done(blanked, start):
                continue
            volunteers = _low_end(blanked, number, value)
            spans += [number.span(), _noun(unit)]
        elif (
            volunteers is None
            and not pronoun
            and _WHO_DID.match(blanked, end)
            and _THANKED.search(blanked, max(0, start - 40), start)
        ):
            if _not_done(blanked, start):
                continue
            volunteers = value
            spans.append(number.span())
        elif (
            volunteers is None
            and not pronoun
            and (unit := _FUNDRAISERS.match(text, end))
            and not _not_done(blanked, start)
        ):
            volunteers = value  # "6 of the Rawmarsh Runners each raised £2k": they did the work
            spans += [number.span(), _noun(unit)]
        elif (
            volunteers is None
            and not pronoun
            and (them := _OF_THEM.match(blanked, end))
            and (_last_named_volunteers(blanked, start) or _did_the_work(blanked, start))
            and not _not_done(blanked, start)
        ):
            # "volunteers were brill (11 of them)": the last named; "did their tidy, 9 of them"
            volunteers = value
            spans += [number.span(), them.span(1)]
        elif volunteers is None and (unit := AS_VOLUNTEERS.match(blanked, end)):
            if (pronoun and not unit.group("unit")) or _not_done(blanked, start):
                continue
            if _MAYBE.match(blanked, unit.end()):
                continue
            volunteers = _low_end(blanked, number, value)
            spans += [number.span(), _noun(unit)]
        elif (
            people is None
            and (teams := _TEAMS_OF.match(blanked, end))
            and not _not_done(blanked, start)
        ):
            people = value * int(teams.group(1))  # "12 teams of 4": the players
            spans.append((start, teams.end()))
        elif people is None and (
            (unit := AS_PEOPLE.match(blanked, end))
            or (unit := _partitive(blanked, end))
            or (unit := _coordinated(blanked, end))
            or (unit := _bare_count(blanked, number))
            or (unit := _trained_staff(blanked, number))
        ):
            if pronoun and not (unit.groupdict().get("unit") or unit.groupdict().get("trained")):
                continue
            if (
                _not_done(blanked, start)
                or _ENFORCED_ON.search(blanked, max(0, start - 40), start)
                or _MAYBE.match(blanked, unit.end())
                or _ELIGIBLE.match(blanked, unit.end())
                or _then_figure(text, start, end)
            ):
                continue  # "6 residents who might help", "300 households can apply": not there
            if (
                unit.groupdict().get("unit")
                and value > 1
                and _singular(unit.group("unit"))
                and not _PEOPLE_NEXT.match(blanked, unit.end())  # "12 family members" are
            ):
                # "two toddler group trips": a person's noun naming what was counted
                continue
            if (
                unit.groupdict().get("unit")
                and _GIFTS_OF_MONEY.fullmatch(unit.group("unit"))
                and "£" in _sentence_before(text, start) + text[end : end + 80]
            ):
                continue  # "£620 raised from 14 pledges": donors
            if (
                unit.groupdict().get("unit")
                and _COVERS.fullmatch(unit.group("unit"))
                and not _EATING.search(text)
            ):
                continue  # "12 drain covers lifted": things, where no one ate
            if unit.groupdict().get("unit") and _THING_NEXT.match(blanked, unit.end("unit")):
                # "23 kids bikes marked": the bikes were counted (and whose they were is
                # still not the post's theme)
                spans += [number.span(), _noun(unit)]
                continue
            if _runs_a_body(blanked, unit, start) and _voted_onto(blanked, start, unit.end()):
                continue  # "chair elected and 2 new committee members": joined a body
            if volunteers is None and _runs_a_body(blanked, unit, start):
                volunteers = _low_end(blanked, number, value)  # "steering group has 11 members"
                spans += [number.span(), _noun(unit)]
                continue
            people = _low_end(blanked, number, value)
            if later := _LATER_FIGURE.match(text, unit.end()):
                people = int(later.group(1).replace(",", ""))  # "80 in 2023, 112 last year"
            spans += [number.span(), _noun(unit)]
            if not unit.groupdict().get("unit"):
                unnamed_at = start
        elif (
            people is not None
            and volunteers is None
            and value > people
            and _TOTAL_AFTER.match(blanked, end)
            and not _not_done(blanked, start)
        ):
            people = value  # "2 new lads, 14 all told": the whole, not the part told first
            spans.append(number.span())
        elif bags is None and AS_BAGS.match(blanked, end) and not _not_done(blanked, start):
            bags = value  # bags of litter still say what the activity was: no span
    if (
        people is None
        and (alone := APPROX_ALONE.search(blanked))
        and not _not_done(blanked, alone.start(1))
        and not _then_figure(text, alone.start(1), alone.end(1))
    ):
        people = int(alone.group(1).replace(",", ""))
        spans.append(alone.span(1))
        unnamed_at = alone.start(1)
    if people is None and (rough := _rough_alone(blanked)):
        people = _value(rough.group("n"))
        spans.append(rough.span())
        unnamed_at = rough.start()
    if volunteers is None and unnamed_at >= 0 and _said_of_volunteers(blanked, unnamed_at):
        people, volunteers = None, people  # "conservation vols, 8 turned up"
    quantities: dict[str, float] = {}
    if (
        bags is not None
        and not (_DUMPED.search(text) and not _CLEARED.search(text))
        and not (_BAG_KINDS.search(text) and not _LITTER.search(text))
    ):
        quantities["bags"] = bags
    money = _money(text)
    if money is not None:
        quantities["money_gbp"] = money
    return Counts(people, volunteers, quantities, tuple(spans))


_SHARE = re.compile(r"\b\d{1,2}\s+in\s+(?:every\s+)?\d{1,3}\b", re.I)
# "£620 of £1,500 from 14 pledges": pledges of money are donors, not people reached.
# "did 40ish covers": places laid, people fed, only in a post about eating.
_COVERS = re.compile(r"covers", re.I)
_EATING = re.compile(
    rf"\b(?:{'|'.join((*_COUNT_WORDS.meals_before, *_COUNT_WORDS.eating_places))})\b", re.I
)
_GIFTS_OF_MONEY = re.compile(rf"(?:{'|'.join(_COUNT_WORDS.money_acts)})", re.I)
_DUMPED = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.dumped_words)})\b", re.I)
_CLEARED = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.cleared_words)})\b", re.I)
# "the sandbag store, 250 bags filled": bags of another kind, in a post not about litter
_BAG_KINDS = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.bag_kinds)})\b", re.I)
_LITTER = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.litter_words)})\b", re.I)
_SENTENCE = re.compile(r".*?(?:[.!?]+(?=\s|$)|\n|$)", re.S)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _rough_alone(blanked: str) -> re.Match[str] | None:
    for rough in ROUGH_ALONE.finditer(blanked):
        if _THINGS.search(_sentence_before(blanked, rough.start())):
            continue
        if _not_done(blanked, rough.start()) or _COUNTED_BEFORE.search(blanked, 0, rough.start()):
            continue
        return rough
    return None


def _plain_words(text: str) -> list[str]:
    return [w.replace("'", "") for w in _WORD.findall(text.lower().replace("\u2019", "'"))]


def _without_what_is_asked(text: str) -> str:
    """The text with its questions' figures blanked (same length): a question opening with a
    question or search word ("what's the CLF per councillor, £1,584?", "how many came?"),
    and the asker's guess right after it ("...? over £16k so far I think"), report nothing.
    A report ending in "?" ("Did a litter pick, 9 vols, anyone free next time?") keeps its."""
    if "?" not in text or not _DIGIT.search(text):
        return text
    words = vocabulary().intent
    opens = words.question_starts + words.search_starts + words.asking_starts
    # "Who knew 200 would come?", "What a turnout, 300!?": rhetorical, they report
    tells = words.rhetorical_starts + words.exclamation_starts + words.statement_starts
    found = [m for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    out, asked = text, False
    for match in found:
        sentence = match.group(0)
        said = _plain_words(sentence)
        if not said:
            continue
        if sentence.rstrip().endswith("?"):
            asked = any(said[: len(p.split())] == p.split() for p in opens) and not any(
                said[: len(t.split())] == t.split() for t in tells
            )
        elif asked:
            asked = any(said[: len(a.split())] == a.split() for a in words.question_asides) or any(
                said[-len(h.split()) :] == h.split() for h in words.hedges
            )
        if asked:
            out = out[: match.start()] + " " * len(sentence) + out[match.end() :]
    return out


def _sentence_before(text: str, start: int) -> str:
    before = text[:start]
    return before[max(before.rfind(c) for c in ".!?\n") + 1 :]


# "it was 14 in 2021", "up from 30 visitors in 2022": an earlier year's figure, given to
# compare with now ("helped 310 people in 2025" reports that year, and counts).
_THEN_BEFORE = re.compile(
    rf"\b(?:was|were|from|compared\s+(?:to|with)|against|vs\.?|versus)\s+(?:only\s+|just\s+)?"
    rf"{_ROUGHLY}$",
    re.I,
)
_YEAR_AFTER = re.compile(r"[^,.;!?\n]{0,30}?\b(?:in|during)\s+(?:19|20)\d{2}\b", re.I)

# "fed 124 people in 2012, 4,869 last year": a year's figure, then a later one, which is
# what the post reports.
_LATER_FIGURE = re.compile(
    r"[^,.;!?\n]{0,30}?\b(?:in|during)\s+(?:19|20)\d{2}\s*(?:,|and|then|now|[-–])\s*(?:and\s+|then\s+|now\s+)?"
    r"(\d{1,5}(?:,\d{3})?)\s+(?:last\s+year|this\s+year|in\s+(?:19|20)\d{2})\b",
    re.I,
)


def _then_figure(text: str, start: int, end: int) -> bool:
    return bool(
        _THEN_BEFORE.search(text, max(0, start - 40), start) and _YEAR_AFTER.match(text, end)
    )


def _not_done(text: str, start: int) -> bool:
    """A number aimed for, still to come, room for people, or a place's population: not
    what was done."""
    sentence = _sentence_before(text, start)
    return bool(
        _AIMED.search(sentence)
        or _POPULATION.search(sentence)
        or _PETITION.search(sentence)
        or _FUTURE.search(text, max(0, start - 60), start)
        or _PAST.search(text, max(0, start - 60), start)
        or _CAPACITY.search(text, max(0, start - 40), start)
    )


# "12 teams of 4", "3 tables of 8 at the quiz": the people, counted by their group.
_TEAMS_OF = re.compile(
    rf"\s+(?:{'|'.join(_COUNT_WORDS.groups_of)})\s+of\s+(\d{{1,2}})\b(?!\s*(?:[-–]|to)\s*\d)", re.I
)
# "6 residents who might help", "11 people who may join": some day, perhaps.
_MAYBE = re.compile(
    r"\s+(?:who|that)\s+(?:(?:said|say|says)\s+they\s+)?"
    rf"(?:{'|'.join(_COUNT_WORDS.maybe_after)})\b",
    re.I,
)
# "13,000+ kids on free school meals can get a place": who may, not who did.
_ELIGIBLE = re.compile(
    # not "40 kids came and can now swim": they were there
    rf"(?:\s+(?!(?:and|but|then|so|who|{PEOPLE_VERBS})\b)[a-z0-9+-]+){{0,6}}?"
    rf"\s+(?:{'|'.join(_COUNT_WORDS.eligible_after)})\b",
    re.I,
)
# "s59 warnings issued to another 3 riders", "fines given to 4 drivers": enforced on them,
# not reached (as "4 drivers fined" is not).
_ENFORCED_ON = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.enforced_before)})\s+{_ROUGHLY}$", re.I)
_PEOPLE_NEXT = re.compile(rf"\s+(?:{PEOPLE_UNITS})\b", re.I)
_PLURAL_FORMS = frozenset(_COUNT_WORDS.plural_without_s)


def _singular(noun: str) -> bool:
    """ "two toddler group trips", "3 family fun days": after a number above one, a person's
    noun in the singular names what the things were for, not who was counted."""
    last = re.split(r"[\s-]+", noun.lower())[-1]
    return not last.endswith("s") and last not in _PLURAL_FORMS


_ON_A_BODY = re.compile(rf"\s+(?:{'|'.join(_COUNT_WORDS.on_a_body_after)})\b", re.I)
_GOVERNING = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.governing_bodies)})\b", re.I)
_MEMBERS = re.compile(r"members?", re.I)


def _runs_a_body(blanked: str, unit: re.Match[str], start: int) -> bool:
    """Members of a steering group, committee or board named before them run it."""
    named = unit.groupdict().get("unit")
    if not named:
        return False
    if _ON_A_BODY.match(blanked, unit.end()):
        # "the partnership met - 12 residents on it": its members, the body named before
        # or after
        return bool(_GOVERNING.search(_sentence_before(blanked, start) + blanked[unit.end() :]))
    # "steering group now has 11 members", or the body named in their noun: "3 committee members"
    return bool(
        _MEMBERS.fullmatch(named)
        and (
            _GOVERNING.search(_sentence_before(blanked, start))
            or _GOVERNING.search(blanked, start, unit.start("unit"))
        )
    )


# "new chair elected and 2 new committee members": a body's members voted or brought in are
# neither reached nor, yet, counted as its volunteers (as "4 members co-opted" are not).
_VOTED_IN = re.compile(
    r"\b(?:co-?opted|elected|re-?elected|appointed|nominated|voted\s+(?:in|on))\b", re.I
)


def _voted_onto(blanked: str, start: int, end: int) -> bool:
    stop = min((i for c in ".!?\n" if (i := blanked.find(c, end)) >= 0), default=len(blanked))
    return bool(_VOTED_IN.search(_sentence_before(blanked, start) + blanked[end:stop]))


# "N of them" closing its clause points back at the last people named before it.
_OF_THEM = re.compile(rf"\s+(of\s+them){_CLAUSE_END}", re.I)
_WHO_NAMED = re.compile(rf"\b(?:(?P<vols>{VOLUNTEER_UNITS})|{PEOPLE_UNITS}|{_STAFF_NOUNS})\b", re.I)


def _last_named_volunteers(blanked: str, start: int) -> bool:
    """ "volunteers were brill (11 of them)": the last people named were volunteers."""
    named = list(_WHO_NAMED.finditer(_sentence_before(blanked, start)))
    return bool(named) and named[-1].group("vols") is not None


_WORK_PARTY = re.compile(rf"\b(?:{'|'.join(_COUNT_WORDS.work_parties)})\b", re.I)


def _did_the_work(blanked: str, start: int) -> bool:
    """ "Friends of the park did their spring tidy, 9 of them": no one named before them in
    their sentence, which tells a work party, so they are those who did it."""
    sentence = _sentence_before(blanked, start)
    return bool(_WORK_PARTY.search(sentence)) and not _WHO_NAMED.search(sentence)


_VOLUNTEERS_SAID = re.compile(rf"\b(?:{VOLUNTEER_UNITS})\b", re.I)
_PEOPLE_SAID = re.compile(rf"\b(?:{PEOPLE_UNITS}|{_STAFF_NOUNS})\b", re.I)


def _said_of_volunteers(blanked: str, start: int) -> bool:
    """A head count with no noun, in a sentence that speaks of volunteers and of no one
    else, counts the volunteers: "hedge laying w/ the conservation vols, 8 turned up"."""
    before = blanked[:start]
    stop = min((i for c in ".!?\n" if (i := blanked.find(c, start)) >= 0), default=len(blanked))
    sentence = before[max(before.rfind(c) for c in ".!?\n") + 1 :]
    if not _VOLUNTEERS_SAID.search(sentence):
        return False
    return not _PEOPLE_SAID.search(sentence + blanked[start:stop])


_NOUN_GROUPS = (
    "unit",
    "verb",
    "present",
    "served",
    "trained",
    "bare",
    "day",
    "ours",
    "did",
    "signed",
    "came_from",
    "them",
    "helping",
    "working",
)


def _noun(unit: re.Match[str]) -> tuple[int, int]:
    found = unit.groupdict()
    group = next(
        (g for g in _NOUN_GROUPS if found.get(g)),
        None,
    )
    return unit.span(group) if group else unit.span()  # "spoke to 60": the number alone


# "30 of the residents", "12 of our regulars": some of the people named after them.
_PARTITIVE = re.compile(r"\s+of\s+(?:the|our|their|those|these)(?=\s)", re.I)


# "30 new and returning members", "40 young and old residents": two words said of the people
# (not "12 bags and some residents", nor "30 kids and parents").
_COORDINATED = re.compile(
    rf"\s+(?!(?:{PEOPLE_UNITS}|{VOLUNTEER_UNITS}|{_STAFF_NOUNS}|bags?|sacks|"
    rf"{'|'.join(_COUNT_WORDS.things)})\b)[a-z]+(?:-[a-z]+)?\s+(?:and|&|or)"
    rf"(?=\s+(?!(?:{_NEXT_SUBJECT}|{PEOPLE_UNITS})\b)[a-z])",
    re.I,
)


def _coordinated(blanked: str, end: int) -> re.Match[str] | None:
    near = blanked[end : end + 40]
    if " and " not in near and " or " not in near and " & " not in near:
        return None  # cheap before the search
    found = _COORDINATED.match(blanked, end)
    unit = found and AS_PEOPLE.match(blanked, found.end())
    return unit if unit and unit.group("unit") else None


def _partitive(blanked: str, end: int) -> re.Match[str] | None:
    if not blanked.startswith(" of ", end):  # cheap before the search
        return None
    found = _PARTITIVE.match(blanked, end)
    unit = found and AS_PEOPLE.match(blanked, found.end())
    return unit if unit and unit.group("unit") else None


# "first aid training done for 15 staff", "trained 12 officers": staff trained were reached,
# the training told before them (not "3 officers trained 40 residents", where they trained).
_TRAINING_BEFORE = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.training_before)})\b"
    # "trained 12", or with words between, given to them: "training done for 15"
    r"(?:(?:\s+(?!and\b|but\b|then\b|so\b|with\b)[a-z]+){0,3}?\s+(?:for|to))?\s+(?:all\s+)?"
    rf"{_ROUGHLY}$",
    re.I,
)
_STAFF_AFTER = re.compile(rf"{_MODIFIERS}\s+(?P<unit>{_STAFF_NOUNS})\b", re.I)


def _trained_staff(blanked: str, number: re.Match[str]) -> re.Match[str] | None:
    found = _STAFF_AFTER.match(blanked, number.end())
    if found is None:
        return None
    sentence = _sentence_before(blanked, number.start())
    return found if _TRAINING_BEFORE.search(sentence) else None


def _bare_count(blanked: str, number: re.Match[str]) -> re.Match[str] | None:
    """A number with no noun read as a head count, unless it points back at things."""
    if number.group(1).lower() == "one":
        return None  # "next one tues": a pronoun
    if (
        hours := _RANGE_BEFORE.search(blanked, max(0, number.start() - 20), number.start())
    ) and int(hours.group("low") or hours.group("from")) > _value(number.group(1)):
        return None  # "10-2 at the hall": opening hours, the later end smaller
    if _CONTACT_BEFORE.search(blanked, 0, number.start()):
        return _ENDS_HERE.match(blanked, number.end())
    if _NAMED_BEFORE.search(blanked, 0, number.start()):
        return _ANYWHERE.match(blanked, number.end())
    if _HAD_BEFORE.search(blanked, 0, number.start()) and (  # "Had 25 at the warm space"
        found := _HAD_AFTER.match(blanked, number.end())
    ):
        return found
    if _FED_BEFORE.search(blanked, max(0, number.start() - 40), number.start()) and (
        found := _HAD_AFTER.match(blanked, number.end())
    ):
        return found
    match = BARE_COUNT.match(blanked, number.end())
    before = blanked[: number.start()]
    if match is None and _OPENS_CLAUSE.search(before):  # "127 at the AGM tuesday"
        match = _AT_AN_EVENT.match(blanked, number.end())
    if match is None:
        return None
    groups = match.groupdict()
    bare = (groups.get("bare") or "").lower()
    if _POINTED.search(before) or (groups.get("day") and _AFTER_DAY.search(before)):
        return None
    if bare.startswith("of") and _PLACE_WORD.search(before):
        return None  # "fans going in at 4 of them": among things, not a head count
    if _DONE_TO_ALONE.fullmatch(bare) and not _AFTER_A_CLAUSE.search(before):
        return None  # "smoke alarms: 12 checked": a label or a noun before, things done
    sentence = before[max(before.rfind(c) for c in ".!?\n") + 1 :]
    things = _THINGS_OR_ORGS if bare.startswith("of") else _THINGS
    for thing in things.finditer(sentence):
        if not _COUNTED_BEFORE.search(sentence, 0, thing.start()):
            return None
    return match


_TOTAL_AFTER = re.compile(rf"(?:\s+(?:{PEOPLE_UNITS}))?\s+(?:{_TOTALS}){_CLAUSE_END}", re.I)
# "127 at the AGM", "41 at the meeting": a number opening the post or a clause, then where
# those counted were (not "3 at the back", a position).
_OPENS_CLAUSE = re.compile(
    # "between 10 and 12 at the carers group", "15-20 at the forum": a range opens it too
    r"(?:^|[.!?\n,;:]|\s[-–—])\s*(?:between\s+\d{1,4}\s+and\s+|\d{1,4}\s*(?:-|–|to)\s*)?"
    rf"{_ROUGHLY}$"  # "approx thirty at the lunch club"
)
# ... and "16 back on the green", "200+ down at the rec", "90 up the tower": where those
# counted went, told with a particle.
_AT_AN_EVENT = re.compile(
    r"(?:\s+(?:(?:(?:back|out|down|up|along|over|round)\s+)?at|(?:back|out|down|up|along|over|round)"
    r"\s+(?:on|in))\s+(?:the|our|a|an|this|last|their|each\s+of\s+the)\s+"
    r"|\s+(?:up|down|round|around|along)\s+the\s+)"
    r"(?!(?:back|front|end|top|bottom|side|corner|junction|moment|start|edge|road|street|lane)\b)(?=[a-z])",
    re.I,
)
# "8v", "12b": volunteers, and bags only beside them ("12b" alone may be a flat or a bus).
# Written close up ("8v", not "5 v 3", a score), and few: "240v" is a socket.
_TERSE_VOLUNTEERS = re.compile(r"(?<![\w£.,])(\d{1,2})v\b(?![.\d])", re.I)
_TERSE_BAGS = re.compile(r"(?<![\w£.,])(\d{1,3})b\b(?![.\d])", re.I)
_ASKS_FOR = re.compile(r"\b(?:need|looking|want|seeking|recruiting|short)", re.I)
_WANTED = re.compile(
    rf"\b(?:{'|'.join(_COUNT_WORDS.wanted_before)})\s+"
    r"(?:another\s+|more\s+|at\s+least\s+|about\s+|around\s+)?"
    r"(?:between\s+\d{1,5}\s+and\s+|\d{1,5}\s*(?:-|–|to|or)\s*)?$",
    re.I,
)
# "20-25 kids", "between 15 and 18 carers", "10 or 12 came": the lower figure, so that the
# Board's totals are never more than what was seen.
_RANGE_BEFORE = re.compile(
    r"(?:\bbetween\s+(?P<low>\d{1,5})\s+and|\b(?P<from>\d{1,5})\s*(?:-|–|to|or))\s*$", re.I
)


def _low_end(blanked: str, number: re.Match[str], value: int) -> int:
    before = _RANGE_BEFORE.search(blanked, max(0, number.start() - 20), number.start())
    if before is None:
        return value
    low = int(before.group("low") or before.group("from"))
    # "wk 3 - 38 children" is a week and a count: a range's ends are near each other.
    return low if value / 2 <= low < value else value


def _value(raw: str) -> int:
    plain = raw.replace(",", "")
    if plain.isdecimal():
        return int(plain)
    if plain[-1:] in "kK":  # "2k+ through the gate"
        return round(float(plain[:-1]) * 1000)
    whole = _word_value(plain)
    if whole is not None:
        return whole
    tens, units = (_word_value(part) for part in re.split(r"[\s-]+", plain, maxsplit=1))
    if tens is None or units is None:  # the number pattern only matches words it knows
        raise ValueError(f"not a number: {raw!r}")
    return tens + units  # "twenty five"


def _word_value(word: str) -> int | None:
    found = _WORDS.get(word.lower())
    if found is None:  # a capital the regex folds but str.lower does not: "SİX", "ſeven"
        found = next((v for k, v in _WORDS.items() if re.fullmatch(re.escape(k), word, re.I)), None)
    return found


def _money(text: str) -> float | None:
    found = sorted(
        [*MONEY.finditer(text), *_BARE_THOUSANDS.finditer(text)], key=lambda m: m.start("pounds")
    )
    for match in found:
        groups = match.groupdict()
        scale = (groups.get("scale") or groups.get("kquid") or "").lower()
        if scale in ("m", "bn", "million", "billion") and (
            not (_GIVEN_AFTER.match(text, match.end()) or _SCHEME_DONE.match(text, match.end()))
            or _TO_THE_BOROUGH.match(text, match.end())
            or _FROM_BEFORE.search(text, max(0, match.start() - 20), match.start())
        ):
            continue  # "the £9m town centre plan": a scheme's size, not money given
        if _ACROSS_THE_BOROUGH.match(text, match.end()):
            continue  # "£900k across the borough": a programme's headline budget
        if _NOT_SPENT_BEFORE.search(text, max(0, match.start() - 40), match.start()) or (
            _WANTED.search(text, max(0, match.start() - 30), match.start())
        ):
            continue  # a price quoted, an option not taken, a sum still needed
        raised = _RAISED_BEFORE.search(text, max(0, match.start() - 20), match.start())
        if not raised and (
            _PRICE_AFTER.match(text[match.end() :])
            or _PRICE_BEFORE.search(text[: match.start()])
            or _MULTIBUY.search(text, max(0, match.start() - 12), match.start())
        ):
            continue
        if _PRICE_THEN.search(text, max(0, match.start() - 40), match.start()):
            continue  # "from £15 an hr to £18": the new price, in the old one's unit
        if (joined := _PRICE_NEXT.match(text, match.end())) and _PRICE_AFTER.match(
            text[joined.end() :]
        ):
            continue  # "from £20 to £25 an hour": the old price, in the new one's unit
        if (
            _HELD_BEFORE.search(text, max(0, match.start() - 40), match.start())
            or _HELD_AFTER.match(text, match.end())
            or (not raised and _AIMED.search(_sentence_before(text, match.start())))
        ):
            continue  # a precept held, a loan, a sum aimed for (what was raised towards it counts)
        amount = float((groups.get("pounds") or groups.get("quid") or "0").replace(",", ""))
        amount *= _SCALES.get(scale, 1)
        if amount < PRICE_BELOW:
            continue  # "full English £4": a few pounds is a price, not money raised
        return amount
    return None
