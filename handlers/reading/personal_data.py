"""Does a post look like it holds personal data about a resident? (UK GDPR, at `log` time.)

A warning, not a gate: wardbot holds the post back and offers to redact the identifying
parts (names, addresses, postcodes, phone numbers, emails, dates of birth) or to log it as
written. Health and vulnerability words are not removed: without the identifiers they no
longer point at anyone, and they are often the point of the update.

The rules, in order of strength:
  - a personal email address, a mobile number or a date of birth: always;
  - a person's name (with a title, or a common first name and a surname) together with an
    address, a postcode, an age, a landline, or a health / vulnerability detail;
  - a house-numbered address together with a name, an age, "resident/tenant/family at", or a
    health detail about "him/her/their";
  - a first name alone together with an age or an address.
Measured on tests/data/personal_data_posts.yaml by `python -m bench.personal_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIRST_NAMES = """
    aaron abdul adam adrian ahmed aisha alan albert alex alice alison amanda amelia amy andrea
    andrew angela ann anna anne anthony arthur ashley barbara barry ben benjamin bernard beryl
    beth betty bill brenda brian bryan carl carol caroline catherine charlie charlotte chelsea
    chloe chris christine claire colin craig dale daniel danielle darren dave david dawn dean
    debbie deborah dennis derek diane donna doreen dorothy edward eileen elaine eleanor elizabeth
    ellie emily emma eric ethel fatima frank gail gareth gary gavin geoffrey george gemma gillian
    glenn gordon graham hannah harold harriet harry hassan hayley heather helen ian imran irene
    isabel jack jackie jacqueline james jamie jane janet janice jason jean jeff jennifer jessica
    jill joan joanne john jonathan joseph josh joyce judith julie june karen kate katie kath
    kathleen keith kelly ken kenneth kerry kevin khalid kieran kim kyle laura lauren lee leslie
    liam linda lisa lorraine louise lucy luke lynn lynne malcolm margaret maria marie mark martin
    mary matthew maureen mavis megan michael michelle mohammed mohammad muhammad nancy natalie neil
    nicola nigel norma olivia pamela patricia paul paula pauline peter philip rachel raymond rebecca
    richard rita robert roger ronald ross roy ruth ryan sadia samantha sandra sarah scott sharon
    shaun sheila shirley simon sophie stephen steven stuart susan sylvia tina tom tony tracey
    tracy trevor valerie vera victoria vincent wayne wendy william winifred yasmin zoe
"""
FIRST_NAMES = frozenset(_FIRST_NAMES.split())  # common UK first names, lower case
STREET = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Crescent|Cres|Drive|Way|Grove|Place|"
    r"Court|Rise|Walk|View|Terrace|Gardens|Green|Hill|Mews|Row|Square|Croft|Fold|Gate|Vale)"
)
_NOT_SURNAMES = (
    "road street lane avenue close crescent drive way grove place court park hall centre "
    "community church school academy library house group club cafe ward council team"
)
NOT_SURNAMES = frozenset(_NOT_SURNAMES.split())
ROLE_MAILBOXES = re.compile(
    r"(info|enquir(y|ies)|hello|contact|admin|office|team|help|support|bookings?|events?|"
    r"volunteers?|carers|befriending|reception|noreply|mail|general|foodbank|groups?|news)",
    re.I,
)

EMAIL = re.compile(r"\b([A-Za-z0-9._%+-]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
MOBILE = re.compile(r"(?<!\d)(?:\+44\s?7\d{3}|\(?07\d{3}\)?)\s?\d{3}\s?\d{3}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:1\d{3}|2\d)\s?\d{3}\s?\d{3,4}(?!\d)")
DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+on|\s+in)?)\s*:?\s*"
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}|(?:19|20)\d{2})",
    re.I,
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
ADDRESS = re.compile(
    r"\b(?:(?:flat|apartment|apt)\s*\d+[a-z]?,?\s*)?\d{1,4}[a-z]?,?\s+"
    rf"(?:[A-Z][a-z'-]+\s+){{1,3}}{STREET}\b\.?"
    r"|\b(?:[Ff]lat|[Aa]partment|number|no\.)\s*\d{1,4}[a-z]?\b"
)
TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s+)?(?:[A-Z][a-z]+\s+)?(?:O')?[A-Z][a-zA-Z'-]+"
)
CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+((?:O'|Mc|Mac)?[A-Z][a-zA-Z'-]+)\b")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
VENUE_AFTER = re.compile(
    r"\s+(?:Memorial|Hall|Centre|Center|House|Park|School|Academy|Court|Library|Trust|"
    r"Foundation|Fund|Way|Road|Street|Lane|Avenue|Close|Drive)\b"
)  # "Edward Dunn Memorial Hall" is a place, not a person
AGE = re.compile(
    r"\baged\s+\d{1,3}\b|\b\d{1,3}\s*(?:yo|y/o|yrs?\s+old|years?\s+old|-year-old)\b", re.I
)
AGE_AFTER_NAME = re.compile(r"\s*(?:,\s*|\()(\d{1,3})\s*(?:\)|,|\s|$)")
PERSON_AT_ADDRESS = re.compile(
    r"\b(?:resident|tenant|family|lady|man|woman|gentleman|couple|lives|living|home visit)"
    r"(?:\s+\w+){0,2}\s+(?:at|of)\s+(?:flat\s+)?\d",
    re.I,
)
PERSONAL_PRONOUN = re.compile(
    r"\b(?:he|she|him|his|her|hers|husband|wife|son|daughter|mum|dad)\b", re.I
)
SENSITIVE = re.compile(
    r"\b(?:dementia|alzheimer'?s|cancer|diabetic|diabetes|depression|depressed|anxiety|"
    r"bipolar|schizophreni\w*|autis\w*|adhd|stroke|heart attack|copd|asthma|dialysis|chemo\w*|"
    r"terminal(?:ly)? ill|disabled|disability|wheelchair|blind|partially sighted|sight loss|"
    r"deaf|pregnant|postnatal|miscarriage|self[- ]harm\w*|suicid\w*|overdose|addiction|"
    r"alcohol\w*|heavy drinker|heroin|drug (?:use|user|dealing)|recovering|hospital|"
    r"meds|medication|oxygen|mobility|housebound|fall|fell|parkinson'?s|mnd|ms|"
    r"cerebral palsy|anorexia|ulcers?|macular|diagnosed|carer breakdown|self-neglect|"
    r"hoarding|safeguarding|domestic abuse|financially abused|abuse|lives alone|isolated|"
    r"evicted|arrears|sofa surfing|homeless|asylum seeker|prison|excluded|known to yot|missing)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # name, address, postcode, phone, email, dob
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Screening:
    text: str
    flagged: bool
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.kind for f in self.findings))

    def redacted(self) -> str:
        """The text with every identifying part replaced by [name], [address], ..."""
        out, last = [], 0
        for f in _outermost(self.findings):
            out += [self.text[last : f.start], f"[{f.kind}]"]
            last = f.end
        out.append(self.text[last:])
        return "".join(out)


def _outermost(findings: tuple[Finding, ...]) -> list[Finding]:
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if chosen and f.start < chosen[-1].end:
            continue  # inside one already taken
        chosen.append(f)
    return chosen


def _names(text: str) -> tuple[list[Finding], list[Finding]]:
    """Full names (titled, or first name + surname) and lone first names."""
    full = [Finding("name", m.start(), m.end()) for m in TITLED.finditer(text)]
    for m in CAPITALISED_PAIR.finditer(text):
        first, surname = m.group(1), m.group(2)
        if VENUE_AFTER.match(text, m.end()):
            continue
        if first.lower() in FIRST_NAMES and surname.lower() not in NOT_SURNAMES:
            full.append(Finding("name", m.start(), m.end()))
    covered = [(f.start, f.end) for f in full]
    alone = [
        Finding("name", m.start(), m.end())
        for m in CAPITALISED.finditer(text)
        if m.group().lower() in FIRST_NAMES and not any(s <= m.start() < e for s, e in covered)
    ]
    return full, alone


def screen(text: str) -> Screening:
    findings: list[Finding] = []
    reasons: list[str] = []

    emails = [m for m in EMAIL.finditer(text) if not ROLE_MAILBOXES.fullmatch(m.group(1))]
    mobiles = list(MOBILE.finditer(text))
    dobs = list(DOB.finditer(text))
    addresses = list(ADDRESS.finditer(text))
    full, alone = _names(text)
    if not (emails or mobiles or dobs or addresses or full or alone):
        return Screening(text=text, flagged=False)  # no rule below can fire: most posts
    landlines = [m for m in LANDLINE.finditer(text) if not any(_overlap(m, x) for x in mobiles)]
    postcodes = list(POSTCODE.finditer(text))
    ages = bool(AGE.search(text)) or any(AGE_AFTER_NAME.match(text, f.end) for f in [*full, *alone])
    # The health words are one long alternation, two thirds of a screen's time: looked for
    # only when a rule still depends on them (a house number alone, as in "litter pick
    # no. 5", asks first whether the post is about "him" or "her").
    health: list[bool] = []

    def sensitive() -> bool:
        if not health:
            health.append(SENSITIVE.search(text) is not None)
        return health[0]

    if emails:
        reasons.append("an email address")
    if mobiles:
        reasons.append("a mobile number")
    if dobs:
        reasons.append("a date of birth")
    if full and (addresses or postcodes or ages or landlines or sensitive()):
        reasons.append("a name with " + _what(addresses or postcodes, ages, landlines, sensitive()))
    if addresses and (
        full
        or alone
        or ages
        or PERSON_AT_ADDRESS.search(text)
        or (PERSONAL_PRONOUN.search(text) and sensitive())
    ):
        reasons.append("a home address" + (" with health details" if sensitive() else ""))
    if alone and (ages or addresses or postcodes) and not reasons:
        reasons.append("a first name with an age or address")

    flagged = bool(reasons)
    if flagged:
        findings += [Finding("email", m.start(), m.end()) for m in emails]
        findings += [Finding("phone", m.start(), m.end()) for m in [*mobiles, *landlines]]
        findings += [Finding("date of birth", m.start(), m.end()) for m in dobs]
        findings += [Finding("postcode", m.start(), m.end()) for m in postcodes]
        findings += [Finding("address", m.start(), m.end()) for m in addresses]
        findings += [*full, *alone]
    return Screening(text=text, flagged=flagged, findings=tuple(findings), reasons=tuple(reasons))


def _overlap(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def _what(address: object, age: object, phone: object, sensitive: object) -> str:
    parts = [
        label
        for label, present in (
            ("an address", address),
            ("an age", age),
            ("a phone number", phone),
            ("health or personal circumstances", sensitive),
        )
        if present
    ]
    return " and ".join(parts)
