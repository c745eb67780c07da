"""`wardbot measures import FILE` and `wardbot plan review`: evidence of impact, for officers
and the council's IT."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.app import services
from bot.config import Settings
from handlers.data import spreadsheets
from handlers.data.imports import FileRefused
from handlers.data.measures_file import read_measures
from handlers.digests.review import review_lines, review_ward
from storage.measures import add_readings, measure_ids, name_key, save_measures

SHOWN_REJECTS = 30


async def measures_import(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    async with services(settings) as svc:
        held = await measure_ids(svc.db)
        try:
            found = read_measures(svc.ctx, path, held=set(held))
        except FileRefused as exc:
            print(f"Nothing was imported. {exc}", file=sys.stderr)
            return 2
        if found.ignored_columns:
            print(f"Columns not imported: {', '.join(found.ignored_columns)}", file=sys.stderr)
        for r in found.rejected[:SHOWN_REJECTS]:
            print(f"row {r.row}: {r.reason}", file=sys.stderr)
        if len(found.rejected) > SHOWN_REJECTS:
            print(f"… and {len(found.rejected) - SHOWN_REJECTS:,} more.", file=sys.stderr)
        if args.report and found.rejected:
            rows = ([r.row, r.reason] for r in found.rejected)
            spreadsheets.write_csv(Path(args.report), ["row", "problem"], rows)
        if args.dry_run:
            print(
                f"Dry run: {len(found.measures):,} measures and {len(found.readings):,} readings "
                f"would be recorded; {len(found.rejected):,} rows have problems. Nothing was stored."
            )
            return 1 if found.rejected and not args.partial else 0
        if found.rejected and not args.partial:
            print(
                f"Nothing was imported: {len(found.rejected):,} of {found.total:,} rows have "
                "problems (listed above). Fix them and run again, or use --partial to import "
                "the good rows only."
            )
            return 1
        who = f"cli:{getpass.getuser()}"
        saved = await save_measures(svc.db, found.measures, actor=who)
        ids = await measure_ids(svc.db)
        readings = [
            (ids[(r.ward_slug, name_key(r.measure_name))], r.value, r.read_on)
            for r in found.readings
        ]
        added = await add_readings(svc.db, readings, actor=who)
    print(
        f"Recorded {saved:,} measures and {added:,} readings from {path.name}"
        + (f"; {len(found.rejected):,} rows were left out" if found.rejected else "")
        + "."
    )
    return 0


async def plan_review(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings) as svc:
        ctx = svc.ctx
        wards = ctx.plan.wards
        if args.ward:
            match = ctx.understanding.names.match(args.ward)
            if match.ward is None:
                near = ", ".join(w.name for w in match.suggestions[:3])
                print(
                    f"I don't know a ward called '{args.ward}'. Did you mean: {near}?",
                    file=sys.stderr,
                )
                return 2
            wards = (match.ward,)
        for i, ward in enumerate(wards):
            found = await review_ward(ctx, ward, today=ctx.today())
            print(("\n" if i else "") + "\n".join(review_lines(found)))
    return 0
