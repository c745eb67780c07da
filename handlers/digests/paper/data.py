"""What a Board paper is made from, read once: the period's digest with every update, the
digests of the period before and the same period a year before, and tallies by Board aim,
ward and priority made from the updates themselves (so every number traces to a row in
the appendix)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from handlers import domain
from handlers.chat.context import Context
from handlers.digests.build import Digest, build_digest, gather
from handlers.digests.periods import Period


@dataclass(frozen=True, slots=True)
class AimTally:
    aim: domain.BoardAim
    updates: tuple[domain.Update, ...]
    wards: dict[str, int]  # ward name -> updates, most first
    people_reached: int
    volunteers: int
    partners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WardTally:
    ward: domain.Ward
    updates: tuple[domain.Update, ...]
    people_reached: int
    volunteers: int
    priorities: tuple[domain.Priority, ...]  # in the loaded plan; () when none is loaded
    matched: dict[int, int]  # priority id -> updates matched to it

    @property
    def has_plan(self) -> bool:
        return bool(self.priorities)

    @property
    def gaps(self) -> tuple[domain.Priority, ...]:
        return tuple(p for p in self.priorities if not self.matched.get(p.id))


@dataclass(frozen=True, slots=True)
class PaperData:
    council: str
    plan_year: int
    period: Period
    ward: domain.Ward | None  # None: the whole borough
    board_aims: tuple[domain.BoardAim, ...]
    themes: tuple[domain.Theme, ...]
    wards: tuple[domain.Ward, ...]  # in scope
    priorities: tuple[domain.Priority, ...]  # of the wards in scope
    digest: Digest  # this period, every update read
    previous: Digest  # the period before, of the same kind
    year_before: Digest  # the same period a year before
    generated: datetime
    aims: tuple[AimTally, ...] = ()
    by_ward: tuple[WardTally, ...] = ()
    # Sections added later (outcome measures, money, partners) put what they read here.
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def updates(self) -> tuple[domain.Update, ...]:
        return self.digest.updates

    @property
    def scope(self) -> str:
        return self.ward.name if self.ward else "the whole borough"

    def theme_label(self, key: str) -> str:
        return next((t.label for t in self.themes if t.key == key), key.replace("_", " "))

    def aims_of(self, update: domain.Update) -> list[str]:
        """The Board aims an update counts under: those of its themes (one or several)."""
        aim_of = {t.key: t.board_aim for t in self.themes}
        found = {aim_of[t] for t in update.themes if t in aim_of}
        return [a.key for a in self.board_aims if a.key in found]


def _partners(updates: tuple[domain.Update, ...]) -> tuple[str, ...]:
    names: dict[str, str] = {}
    for u in updates:
        for name in u.partners:
            names.setdefault(" ".join(name.lower().split()), name.strip())
    return tuple(sorted(names.values(), key=str.lower))


def tally(data: PaperData) -> PaperData:
    """The paper's data with its tallies by aim and by ward filled in."""
    aims = []
    for aim in data.board_aims:
        under = tuple(u for u in data.updates if aim.key in data.aims_of(u))
        wards: dict[str, int] = {}
        for u in under:
            wards[u.ward_name] = wards.get(u.ward_name, 0) + 1
        aims.append(
            AimTally(
                aim=aim,
                updates=under,
                wards=dict(sorted(wards.items(), key=lambda kv: (-kv[1], kv[0]))),
                people_reached=sum(u.people_reached or 0 for u in under),
                volunteers=sum(u.volunteers or 0 for u in under),
                partners=_partners(under),
            )
        )
    by_ward = []
    for ward in sorted(data.wards, key=lambda w: w.name):
        mine = tuple(u for u in data.updates if u.ward_slug == ward.slug)
        matched: dict[int, int] = {}
        for u in mine:
            if u.priority is not None:
                matched[u.priority.id] = matched.get(u.priority.id, 0) + 1
        by_ward.append(
            WardTally(
                ward=ward,
                updates=mine,
                people_reached=sum(u.people_reached or 0 for u in mine),
                volunteers=sum(u.volunteers or 0 for u in mine),
                priorities=tuple(
                    sorted(
                        (p for p in data.priorities if p.ward_slug == ward.slug),
                        key=lambda p: p.number,
                    )
                ),
                matched=matched,
            )
        )
    return replace(data, aims=tuple(aims), by_ward=tuple(by_ward))


async def gather_paper(ctx: Context, *, period: Period, ward_slug: str | None) -> PaperData:
    digest = build_digest(await gather(ctx, period=period, ward_slug=ward_slug, every_update=True))
    previous = build_digest(await gather(ctx, period=period.previous(), ward_slug=ward_slug))
    year_before = build_digest(await gather(ctx, period=period.year_before(), ward_slug=ward_slug))
    plan = ctx.plan
    ward = plan.ward(ward_slug) if ward_slug else None
    wards = (ward,) if ward else plan.wards
    in_scope = {w.slug for w in wards}
    return tally(
        PaperData(
            council=plan.council,
            plan_year=plan.year,
            period=period,
            ward=ward,
            board_aims=plan.board_aims,
            themes=plan.themes,
            wards=wards,
            priorities=tuple(p for p in plan.priorities if p.ward_slug in in_scope),
            digest=digest,
            previous=previous,
            year_before=year_before,
            generated=ctx.now(),
        )
    )
