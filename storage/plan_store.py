"""Ward plans in the database: load a plan year, read back the current plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models, rollup
from storage.audit import write_audit
from storage.db import Database
from storage.measures import save_measures_in
from storage.partners import save_plan_partners
from storage.plans import WardPlan
from storage.plans.schema import WardSpec


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """Everything handlers need to know about the plan, read once."""

    council: str
    year: int
    board_aims: tuple[domain.BoardAim, ...]
    themes: tuple[domain.Theme, ...]
    wards: tuple[domain.Ward, ...]
    priorities: tuple[domain.Priority, ...]  # current plan year only
    funds: tuple[domain.Fund, ...] = ()  # where money comes from, as the council names it
    areas: tuple[domain.Area, ...] = ()  # neighbourhoods, PCNs, GP practices
    reading: domain.ReadingWords = domain.NO_READING_WORDS  # the council's own words
    # Looked up by key rather than scanned: a national plan has 9,000 wards, and `coverage`
    # asks for every ward's priorities (a scan each was seconds).
    _wards: dict[str, domain.Ward] = field(init=False, repr=False, compare=False)
    _themes: dict[str, domain.Theme] = field(init=False, repr=False, compare=False)
    _priorities: dict[str, tuple[domain.Priority, ...]] = field(
        init=False, repr=False, compare=False
    )
    # Wards whose priorities reference each theme and each Board aim, counted once: counted
    # DISTINCT in the database on every `coverage` (27,000 priorities), ~50 ms of its CPU.
    _referencing: tuple[dict[str, int], dict[str, int]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_ward: dict[str, list[domain.Priority]] = {}
        for p in self.priorities:
            by_ward.setdefault(p.ward_slug, []).append(p)
        object.__setattr__(self, "_wards", {w.slug: w for w in reversed(self.wards)})
        object.__setattr__(self, "_themes", {t.key: t for t in reversed(self.themes)})
        object.__setattr__(self, "_priorities", {k: tuple(v) for k, v in by_ward.items()})
        aim_of = {t.key: t.board_aim for t in self.themes}
        themes: dict[str, set[str]] = {}
        aims: dict[str, set[str]] = {}
        for p in self.priorities:
            for theme in p.themes:
                themes.setdefault(theme, set()).add(p.ward_slug)
                if theme in aim_of:
                    aims.setdefault(aim_of[theme], set()).add(p.ward_slug)
        counted = ({k: len(v) for k, v in themes.items()}, {k: len(v) for k, v in aims.items()})
        object.__setattr__(self, "_referencing", counted)

    def ward(self, slug: str) -> domain.Ward | None:
        return self._wards.get(slug)

    def theme(self, key: str) -> domain.Theme | None:
        return self._themes.get(key)

    def priorities_of(self, slug: str) -> tuple[domain.Priority, ...]:
        return self._priorities.get(slug, ())

    def wards_referencing(self) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """Theme -> wards whose priorities reference it; Board aim -> wards whose priorities
        reference any of its themes."""
        return self._referencing

    def ward_by_ons_code(self) -> dict[str, domain.Ward]:
        return {w.ons_code: w for w in self.wards if w.ons_code}


@dataclass(frozen=True, slots=True)
class LoadSummary:
    year: int
    wards: int
    priorities: int
    themes: int
    unchanged: bool


async def plan_loaded(db: Database, *, digest: str) -> bool:
    async with db.transaction() as session:
        found = await session.scalar(
            select(models.PlanYear.year).where(models.PlanYear.source_digest == digest)
        )
    return found is not None


async def load_plan(db: Database, plan: WardPlan, *, digest: str, actor: str) -> LoadSummary:
    """Load a plan year in one transaction: all of it or none of it.

    Wards, themes and Board aims are upserted; the year's priorities are replaced
    where no update refers to them, so earlier updates keep their priorities.
    """
    async with db.transaction() as session:
        same = await session.scalar(
            select(models.PlanYear.year).where(
                models.PlanYear.year == plan.plan_year, models.PlanYear.source_digest == digest
            )
        )
        if same is not None:
            return LoadSummary(plan.plan_year, len(plan.wards), 0, len(plan.themes), True)

        for position, aim in enumerate(plan.board_aims):
            await session.merge(models.BoardAim(key=aim.key, title=aim.title, position=position))
        await session.flush()
        for position, theme in enumerate(plan.themes):
            await session.merge(
                models.Theme(
                    key=theme.key,
                    label=theme.label,
                    board_aim_key=theme.board_aim,
                    tags=list(theme.tags),
                    words=list(theme.words),
                    audience=list(theme.audience),
                    context=list(theme.context),
                    position=position,
                )
            )
        year = await session.get(models.PlanYear, plan.plan_year)
        slugs = [w.slug for w in plan.wards]
        funds = [{"name": f.name, "short_forms": list(f.short_forms)} for f in plan.funds]
        reading = plan.reading.model_dump(mode="json")
        if year is None:
            session.add(
                models.PlanYear(
                    year=plan.plan_year,
                    council=plan.council,
                    source_digest=digest,
                    ward_slugs=slugs,
                    funds=funds,
                    reading=reading,
                )
            )
        else:
            year.council, year.source_digest, year.ward_slugs = plan.council, digest, slugs
            year.funds, year.reading = funds, reading
            year.loaded_at = func.now()
        await session.flush()

        ward_ids = dict((await session.execute(select(models.Ward.slug, models.Ward.id))).all())
        priority_count = 0
        for spec in plan.wards:
            ward = models.Ward(
                slug=spec.slug,
                name=spec.name,
                aliases=list(spec.aliases),
                places=[place.name for place in spec.places],
                source=spec.source,
                priorities_known=spec.priorities_known and bool(spec.priorities),
                ons_code=spec.ons_code,
            )
            if spec.slug in ward_ids:
                ward.id = ward_ids[spec.slug]
            ward = await session.merge(ward)
            await session.flush()
            priority_count += await _replace_priorities(
                session, ward_id=ward.id, year=plan.plan_year, spec=spec
            )
        await save_plan_partners(
            session, [domain.Partner(p.name, p.short_forms, p.kind) for p in plan.partners]
        )
        await save_measures_in(session, plan_measures(plan))
        await _replace_areas(session, plan)
        await _replace_plan_places(session, plan)
        await write_audit(
            session,
            actor=actor,
            action="plan.load",
            target=str(plan.plan_year),
            detail={"wards": len(plan.wards), "priorities": priority_count, "digest": digest},
        )
        await rollup.rebuild(session)  # a theme may now serve another Board aim
    # Once the rebuild has committed (VACUUM needs no transaction open): 0.8 s at
    # 3,000,000 updates, so done here, not left to a background task a CLI would cut short.
    await db.vacuum(*rollup.TABLES)
    db.memo.plan_changed()
    return LoadSummary(plan.plan_year, len(plan.wards), priority_count, len(plan.themes), False)


def plan_measures(plan: WardPlan) -> list[domain.NewMeasure]:
    return [
        domain.NewMeasure(
            ward_slug=ward.slug,
            name=m.name,
            unit=m.unit,
            priority_number=m.priority,
            project=m.project,
            baseline=m.baseline,
            baseline_on=m.baseline_date,
            source=m.source,
            target=m.target,
            target_on=m.target_date,
        )
        for ward in plan.wards
        for m in ward.measures
    ]


async def _replace_plan_places(session: AsyncSession, plan: WardPlan) -> None:
    """The plan's own places with their kinds, so a reply can say "(park)"."""
    where = (models.Place.council == plan.council, models.Place.source == "plan")
    await session.execute(delete(models.Place).where(*where))
    rows = [
        {
            "council": plan.council,
            "source": "plan",
            "name": place.name,
            "ward_slug": ward.slug,
            "locality": "",
            "kind": place.kind,
        }
        for ward in plan.wards
        for place in ward.places
        if place.kind
    ]
    if rows:
        await session.execute(insert(models.Place), rows)


async def _replace_areas(session: AsyncSession, plan: WardPlan) -> None:
    await session.execute(delete(models.Area))
    session.add_all(
        models.Area(
            slug=a.slug,
            name=a.name,
            kind=a.kind,
            aliases=list(a.aliases),
            wards=list(a.wards),
            places=list(a.places),
        )
        for a in plan.all_areas()
    )
    await session.flush()


async def _replace_priorities(
    session: AsyncSession, *, ward_id: int, year: int, spec: WardSpec
) -> int:
    existing = {
        p.number: p
        for p in (
            await session.scalars(
                select(models.Priority).where(
                    models.Priority.ward_id == ward_id, models.Priority.plan_year == year
                )
            )
        ).all()
    }
    for number, priority in existing.items():
        if number not in {p.number for p in spec.priorities}:
            in_use = await session.scalar(
                select(func.count())
                .select_from(models.Update)
                .where(models.Update.priority_id == priority.id)
            )
            if not in_use:
                await session.delete(priority)
    for p in spec.priorities:
        row = existing.get(p.number)
        if row is None:
            row = models.Priority(ward_id=ward_id, plan_year=year, number=p.number, title=p.title)
            session.add(row)
        else:
            row.title = p.title
        await session.flush()
        await session.execute(
            delete(models.PriorityTheme).where(models.PriorityTheme.priority_id == row.id)
        )
        session.add_all(models.PriorityTheme(priority_id=row.id, theme_key=t) for t in p.themes)
    await session.flush()
    return len(spec.priorities)


async def current_plan(db: Database) -> PlanSnapshot | None:
    async with db.transaction() as session:
        year_row = await session.scalar(
            select(models.PlanYear).order_by(models.PlanYear.year.desc()).limit(1)
        )
        if year_row is None:
            return None
        aims = (
            await session.scalars(select(models.BoardAim).order_by(models.BoardAim.position))
        ).all()
        themes = (await session.scalars(select(models.Theme).order_by(models.Theme.position))).all()
        wards = (
            await session.scalars(
                select(models.Ward)
                .where(models.Ward.slug.in_(year_row.ward_slugs))
                .order_by(models.Ward.name)
            )
        ).all()
        priorities = await _priorities(session, year=year_row.year)
        areas = (await session.scalars(select(models.Area).order_by(models.Area.name))).all()
        return PlanSnapshot(
            council=year_row.council,
            year=year_row.year,
            board_aims=tuple(domain.BoardAim(a.key, a.title) for a in aims),
            themes=tuple(_theme(t) for t in themes),
            wards=tuple(to_ward(w) for w in wards),
            priorities=priorities,
            funds=tuple(
                domain.Fund(f["name"], tuple(f.get("short_forms", ())))
                for f in year_row.funds or ()
                if isinstance(f, dict) and f.get("name")
            ),
            reading=_reading(year_row.reading),
            areas=tuple(
                domain.Area(
                    slug=a.slug,
                    name=a.name,
                    kind=a.kind,
                    aliases=tuple(a.aliases),
                    wards=tuple(a.wards),
                    places=tuple(a.places),
                )
                for a in areas
            ),
        )


def _reading(stored: object) -> domain.ReadingWords:
    """A plan loaded before it carried `reading:` (or without one) has none of its own."""
    words = stored if isinstance(stored, dict) else {}
    return domain.ReadingWords(
        towns_roads_are_named_for=tuple(words.get("towns_roads_are_named_for", ())),
        place_names_that_are_everyday_words=tuple(
            words.get("place_names_that_are_everyday_words", ())
        ),
    )


def _theme(row: models.Theme) -> domain.Theme:
    return domain.Theme(
        row.key,
        row.label,
        row.board_aim_key,
        tuple(row.tags),
        tuple(row.words),
        audience=tuple(row.audience),
        context=tuple(row.context),
    )


def to_ward(row: models.Ward) -> domain.Ward:
    return domain.Ward(
        id=row.id,
        slug=row.slug,
        name=row.name,
        aliases=tuple(row.aliases),
        places=tuple(row.places),
        priorities_known=row.priorities_known,
        source=row.source or "",
        ons_code=row.ons_code or "",
    )


async def _priorities(session: AsyncSession, *, year: int) -> tuple[domain.Priority, ...]:
    rows = (
        await session.execute(
            select(models.Priority, models.Ward.slug)
            .join(models.Ward, models.Ward.id == models.Priority.ward_id)
            .where(models.Priority.plan_year == year)
            .order_by(models.Ward.slug, models.Priority.number)
        )
    ).all()
    theme_rows = (
        await session.execute(
            select(models.PriorityTheme.priority_id, models.PriorityTheme.theme_key)
            .join(models.Priority, models.Priority.id == models.PriorityTheme.priority_id)
            .where(models.Priority.plan_year == year)
        )
    ).all()
    themes: dict[int, list[str]] = {}
    for priority_id, key in theme_rows:
        themes.setdefault(priority_id, []).append(key)
    return tuple(
        domain.Priority(
            id=p.id,
            ward_slug=slug,
            plan_year=p.plan_year,
            number=p.number,
            title=p.title,
            themes=tuple(sorted(themes.get(p.id, []))),
        )
        for p, slug in rows
    )
