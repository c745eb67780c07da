"""The partners and funds a post names are found however it writes them, and only those.

Most posts name no partner, so matching first looks for each form's first word and skips
the searches when none is written; these posts are the ones that screen must not lose.
"""

from __future__ import annotations

import re

import pytest

from handlers import domain
from handlers.reading.organisations import fund_named, partners_named, unknown_organisations

PARTNERS = (
    domain.Partner("Voluntary Action Rotherham", ("VAR",)),
    domain.Partner("Rotherfed", ("RotherFed CIC",)),
    domain.Partner("South Yorkshire Police", ("SYP", "police")),
)
# A name not in plain ASCII: re's own case folding decides for every partner then.
WITH_ACCENTS = (*PARTNERS, domain.Partner("Écoles Trust", ()))
FUNDS = (domain.Fund("Community Leadership Fund", ("CLF",)),)


def _every_match(text: str, partners: tuple[domain.Partner, ...]) -> tuple[str, ...]:
    """What a post names, found the slow way: every form searched for, in order."""
    found = []
    for partner in partners:
        for form in (partner.name, *partner.short_forms):
            exact = " " not in form and any(c.isupper() for c in form[1:])
            words = r"[\s-]+".join(re.escape(w) for w in form.split())
            pattern = re.compile(r"(?<![\w])" + words + r"(?![\w])", 0 if exact else re.I)
            found += [(m.start(), partner.name) for m in pattern.finditer(text)]
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


@pytest.mark.parametrize(
    "text",
    [
        "litter pick no. 7, 12 volunteers",
        "coffee morning with VOLUNTARY ACTION ROTHERHAM, 12 came",
        "voluntary-action rotherham and rotherfed cic ran it",
        "speedwatch with SYP on Moorgate Road",
        "speedwatch with Syp on Moorgate Road",  # a capitals short form matches as written
        "the police came; 4 volunteers",
        "Rotherfed's stall, then VAR's",
        "a bid to the écoles trust for the hall",
        "Variety show at the Vargas hall",  # "VAR" is not the start of a word here
    ],
)
@pytest.mark.parametrize("partners", [PARTNERS, WITH_ACCENTS])
def test_partners_are_found_as_every_form_would_find_them(
    text: str, partners: tuple[domain.Partner, ...]
) -> None:
    assert partners_named(text, partners) == _every_match(text, partners)
    assert partners_named(text, list(partners)) == _every_match(text, partners)


def test_a_partner_named_is_not_offered_as_unknown_and_a_new_group_is() -> None:
    text = "Wath Lions Club ran a coffee morning with Voluntary Action Rotherham, 12 came"
    assert partners_named(text, PARTNERS) == ("Voluntary Action Rotherham",)
    assert unknown_organisations(text, PARTNERS) == ("Wath Lions Club",)
    assert unknown_organisations("litter pick, Rotherfed CIC helped", PARTNERS) == ()


def test_a_fund_is_found_by_its_short_form_and_not_in_other_words() -> None:
    assert fund_named("£200 from the CLF for bags", FUNDS) == "Community Leadership Fund"
    assert fund_named("£200 from the clf for bags", FUNDS) == ""
    assert fund_named("£200 raised at the raffle", FUNDS) == ""
