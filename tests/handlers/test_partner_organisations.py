"""Each person's organisation: on every update, in digests and the Board paper, and set by
an admin; `#internal` updates kept from partners and from what digests show."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from handlers.chat.context import Context
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.chat.organisations import Organisations, Standing, admission
from handlers.commands.router import handle
from handlers.digests.build import build_digest, gather
from handlers.digests.paper.data import gather_paper
from handlers.digests.paper.html import paper_html
from handlers.digests.paper.sections import build_paper
from handlers.digests.periods import Period
from handlers.digests.reply import digest_text
from storage.people import get_person
from storage.updates import list_updates

COUNCIL = "Rotherham Metropolitan Borough Council"
OFFICER = Actor(platform="slack", user_id="UOFF", name="Olly Officer", team_id="TCOUNCIL")
POLICE = Actor(platform="slack", user_id="UPOL", name="Pat Police", team_id="TSYP", external=True)
NHS = Actor(
    platform="teams", user_id="29:nhs", name="Nia Nurse", team_id="tenant-nhs", external=True
)
ADMIN = Actor(platform="console", user_id="admin", name="Ada Admin")
_ids = itertools.count(1)


@pytest.fixture
def partnered(ctx: Context) -> Context:
    ctx.allowed_slack_teams = frozenset({"TCOUNCIL"})
    ctx.allowed_teams_tenants = frozenset({"tenant-council"})
    ctx.partner_slack_teams = {"TSYP": "South Yorkshire Police"}
    ctx.partner_teams_tenants = {"TENANT-NHS": "NHS Rotherham Place"}  # GUIDs in any case
    return ctx


async def say(ctx: Context, actor: Actor, text: str) -> Reply:
    return await handle(
        ctx, Incoming(actor=actor, channel_id="C1", text=text, message_id=f"m{next(_ids)}")
    )


def test_who_is_whose() -> None:
    orgs = Organisations.of(
        own_slack=["TCOUNCIL", "E0GRID"],
        partner_slack={"TSYP": "South Yorkshire Police"},
        own_teams=["Tenant-Council"],
        partner_teams={"tenant-nhs": "NHS"},
    )

    def standing(actor: Actor) -> tuple[Standing, str]:
        found = admission(orgs, actor, council=COUNCIL)
        return found.standing, found.organisation

    assert standing(OFFICER) == (Standing.OWN, COUNCIL)
    assert standing(POLICE) == (Standing.PARTNER, "South Yorkshire Police")
    grid = Actor(platform="slack", user_id="U", team_id="T0OTHER", enterprise_id="E0GRID")
    assert standing(grid) == (Standing.OWN, COUNCIL)
    stranger = Actor(platform="slack", user_id="U", team_id="TANY", external=True)
    assert standing(stranger) == (Standing.REFUSED, "")
    assert standing(Actor(platform="slack", user_id="U")) == (Standing.UNKNOWN, "")  # no team
    teams_own = Actor(platform="teams", user_id="29:a", team_id="TENANT-COUNCIL")
    assert standing(teams_own) == (Standing.OWN, COUNCIL)
    assert standing(NHS) == (Standing.PARTNER, "NHS")
    guest = Actor(platform="teams", user_id="29:g", team_id="tenant-council", guest=True)
    assert standing(guest) == (Standing.GUEST, "")
    console = Actor(platform="console", user_id="me")
    assert standing(console) == (Standing.OWN, COUNCIL)
    trial = Organisations.of()
    assert admission(trial, stranger, council=COUNCIL) == admission(
        trial, stranger, council=COUNCIL
    )
    assert admission(trial, stranger, council=COUNCIL).standing is Standing.PARTNER


async def test_partner_organisations_are_counted_from_who_posted_and_who_was_named(
    partnered: Context,
) -> None:
    ctx = partnered
    assert (await say(ctx, OFFICER, "log Sitwell: litter pick, 23 volunteers")).ok
    assert (await say(ctx, POLICE, "log Sitwell: speedwatch on the main road")).ok
    assert (await say(ctx, NHS, "log Wath: health check drop-in, 40 came")).ok
    named = await handle(
        ctx,
        Incoming(
            actor=OFFICER,
            channel_id="C1",
            action=Action(
                "log_form",
                form={
                    "ward": "hoober",
                    "text": "Carers' coffee morning",
                    "partners": "Age UK Rotherham, south yorkshire  police",
                },
            ),
            message_id="form-1",
        ),
    )
    assert named.ok, named.text
    updates = {u.author_key: u for u in await list_updates(ctx.db)}
    assert updates["slack:UOFF"].author_organisation == COUNCIL
    assert updates["slack:UPOL"].author_organisation == "South Yorkshire Police"
    assert updates["teams:29:nhs"].author_organisation == "NHS Rotherham Place"

    today = ctx.today()
    period = Period(today - timedelta(days=6), today)
    digest = build_digest(await gather(ctx, period=period, ward_slug=None))
    # One list: posters' organisations and names in posts, the council never among them.
    assert digest.headline.partners == (
        "Age UK Rotherham",
        "NHS Rotherham Place",
        "South Yorkshire Police",
    )
    assert len(digest.headline.partner_updates) == 3
    assert "Partner organisations: 3" in digest_text(digest)
    paper = build_paper(await gather_paper(ctx, period=period, ward_slug=None), draft=True)
    assert "NHS Rotherham Place" in paper_html(paper)


async def test_an_admin_names_a_persons_organisation_and_it_sticks(partnered: Context) -> None:
    ctx = partnered
    ctx.admins = frozenset({ADMIN.key})
    set_org = await say(ctx, ADMIN, "role slack:UPOL partner South Yorkshire Police (Rotherham)")
    assert set_org.ok and "partner from South Yorkshire Police (Rotherham)" in set_org.text
    assert (await say(ctx, POLICE, "log Sitwell: speedwatch on the main road")).ok
    [update] = await list_updates(ctx.db)
    assert update.author_organisation == "South Yorkshire Police (Rotherham)"
    person = await get_person(ctx.db, key="slack:UPOL")
    assert person is not None and person.role == "partner"
    shown = await say(ctx, ADMIN, "role slack:UPOL")
    assert "Organisation: South Yorkshire Police (Rotherham)" in shown.text
    too_long = await say(ctx, ADMIN, "role slack:UPOL partner " + "x" * 201)
    assert not too_long.ok and "Nothing was changed" in too_long.text


async def test_internal_updates_are_not_for_partners_or_digests(partnered: Context) -> None:
    ctx = partnered
    logged = await say(ctx, OFFICER, "log Sitwell: safeguarding case conference #internal")
    assert logged.ok, logged.text
    assert (await say(ctx, OFFICER, "log Sitwell: litter pick, 400 people came")).ok
    assert (await say(ctx, POLICE, "log Sitwell: speedwatch #internal")).ok
    internal, _, _ = sorted(await list_updates(ctx.db), key=lambda u: u.id)
    assert internal.internal

    police_view = await say(ctx, POLICE, "show Sitwell")
    assert "case conference" not in police_view.text
    assert "litter pick" in police_view.text
    assert "speedwatch" in police_view.text  # their own, though internal
    found = await say(ctx, POLICE, "find conference")
    assert "case conference" not in found.text
    officer_view = await say(ctx, OFFICER, "show Sitwell")
    assert "case conference" in officer_view.text

    today = ctx.today()
    digest = build_digest(
        await gather(ctx, period=Period(today - timedelta(days=6), today), ward_slug=None)
    )
    assert digest.headline.updates.value == 3  # counted ...
    paper = build_paper(
        await gather_paper(ctx, period=Period(today - timedelta(days=6), today), ward_slug=None),
        draft=True,
    )
    for text in (digest_text(digest), paper_html(paper)):
        assert "case conference" not in text and "speedwatch" not in text  # ... never shown


async def test_a_partners_page_is_not_emptied_by_internal_updates(partnered: Context) -> None:
    ctx = partnered
    assert (await say(ctx, OFFICER, "log Sitwell: coffee morning last week, 30 came")).ok
    for n in range(12):  # more than a page, all newer
        assert (await say(ctx, OFFICER, f"log Sitwell: case review {n} #internal")).ok
    shown = await say(ctx, POLICE, "show Sitwell")
    assert "coffee morning" in shown.text
    assert "case review" not in shown.text
    found = await say(ctx, POLICE, "find review")
    assert "case review" not in found.text


async def test_the_lists_are_read_again_when_they_change(ctx: Context) -> None:
    """ctx.organisations is kept between messages: a change to any list is seen at once."""
    assert (await say(ctx, POLICE, "log Sitwell: litter pick, 5 volunteers")).ok
    ctx.allowed_slack_teams = frozenset({"TCOUNCIL"})
    refused = await say(ctx, POLICE, "log Sitwell: litter pick, 6 volunteers")
    assert not refused.ok
    ctx.partner_slack_teams["TSYP"] = "South Yorkshire Police"  # changed in place, too
    assert (await say(ctx, POLICE, "log Sitwell: litter pick, 7 volunteers")).ok
    assert ctx.organisations.partners["slack"] == {"TSYP": "South Yorkshire Police"}
    ctx.partner_slack_teams["TSYP"] = "SYP"
    assert ctx.organisations.partners["slack"] == {"TSYP": "SYP"}
