"""`wardbot places load FILE.csv` and `wardbot places load --postcodes FILE.csv`: the
council's own streets, places and postcodes (see docs/places.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.app import services
from bot.cli.data import _err, _progress, _who, report_rejected
from bot.config import Settings
from handlers.data import spreadsheets
from handlers.data.imports import FileRefused
from handlers.data.places import (
    PlacesFile,
    parse_place_mapping,
    read_places,
    read_postcodes,
)
from storage.places import exported_places, replace_places


async def places_load(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    source = "postcode" if args.postcodes else "council"
    async with services(settings) as svc:
        plan = svc.ctx.plan
        try:
            if args.postcodes and args.map:
                raise FileRefused(
                    "--map is for a street list; the postcode columns are found by name."
                )
            mapping = parse_place_mapping(args.map or "")
            with _progress() as bar:
                checking = bar.add_task("Checking rows", total=None)
                found: PlacesFile = (
                    read_postcodes(plan, path, on_row=lambda: bar.advance(checking))
                    if args.postcodes
                    else read_places(
                        plan, path, mapping=mapping, on_row=lambda: bar.advance(checking)
                    )
                )
                bar.update(checking, total=found.total)
        except FileRefused as exc:
            _err().print(f"Nothing was loaded. {exc}")
            return 2
        if found.ignored_columns:
            _err().print(f"Columns not loaded: {', '.join(found.ignored_columns)}")
        report_rejected(found.rejected, report=args.report)
        for why, count in found.left_out.items():
            _err().print(f"{count:,} rows left out: {why}.")
        if found.in_two_wards:
            shown = ", ".join(found.in_two_wards[:10])
            more = "…" if len(found.in_two_wards) > 10 else ""
            _err().print(
                f"{len(found.in_two_wards):,} names are in more than one ward ({shown}{more}): "
                "a post naming only one of them will be asked which ward it is for."
            )
        what = "postcodes" if args.postcodes else "places"
        if args.dry_run:
            print(
                f"Dry run: {len(found.rows):,} {what} would be loaded, "
                f"{len(found.rejected):,} rows have problems. Nothing was stored."
            )
            return 1 if found.rejected and not args.partial else 0
        if found.rejected and not args.partial:
            print(
                f"Nothing was loaded: {len(found.rejected):,} of {found.total:,} rows have "
                "problems (listed above). Fix them and run again, or use --partial to load "
                "the good rows only."
            )
            return 1
        if not found.rows:
            print(f"Nothing was loaded: {path.name} has no {what} for {plan.council}'s wards.")
            return 1
        with _progress() as bar:
            storing = bar.add_task(f"Loading {what}", total=len(found.rows))
            loaded = await replace_places(
                svc.db,
                found.rows,
                council=plan.council,
                source=source,
                actor=_who(),
                detail={"file": path.name, "rejected": len(found.rejected)},
                progress=lambda n: bar.advance(storing, n),
            )
    replaced = f"; the {loaded.replaced:,} loaded before are replaced" if loaded.replaced else ""
    left = f"; {len(found.rejected):,} rows were left out" if found.rejected else ""
    if loaded.loaded == 1:
        what = what.removesuffix("s")
    print(f"Loaded {loaded.loaded:,} {what} from {path.name}{replaced}{left}.")
    return 0


async def places_export(settings: Settings, args: argparse.Namespace) -> int:
    """Every loaded and learned place, in the columns `places load` reads back."""
    out = Path(args.out)
    async with services(settings) as svc:
        plan = svc.ctx.plan
        found = await exported_places(svc.db, council=plan.council)
    names = {w.slug: w.name for w in plan.wards}
    rows = (
        [p.name, names.get(p.ward_slug, p.ward_slug), p.locality, p.kind, p.source, learned]
        for p, learned in found
        if args.source in (None, p.source)
    )
    count = spreadsheets.write_csv(
        out, ["name", "ward", "locality", "kind", "source", "learned"], rows
    )
    print(f"Exported {count:,} places to {out}.")
    return 0
