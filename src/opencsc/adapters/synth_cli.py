"""`opencsc synth` (generate and load a synthetic authority) and `opencsc synth report`."""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any

from opencsc.cli import django_setup


def register(sub: Any) -> None:
    p = sub.add_parser(
        "synth", help="generate a synthetic authority into the database; `synth report` checks it"
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=["run", "report", "returns"],
        default="run",
        help="run: load into the database; report: check it; returns: write its returns to --out",
    )
    p.add_argument(
        "--population", type=int, default=60000, help="children aged 0-17 (default 60000)"
    )
    p.add_argument("--years", type=int, default=5, help="collection years of history (default 5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="last day simulated, YYYY-MM-DD (default today)",
    )
    p.add_argument("--la-code", default=None, help="DfE LA code (default OPENCSC_LA_CODE or 999)")
    p.add_argument("--la-name", default=None)
    p.add_argument(
        "--out", default=None, help="folder for `synth returns` (cin.xml, ssda903/*.csv)"
    )
    p.add_argument(
        "--year",
        default=None,
        help="collection year for `synth returns` (default the last full one)",
    )
    p.add_argument(
        "--inject-errors",
        type=float,
        default=0.0,
        metavar="RATE",
        help="with `synth returns`: corrupt this share of cells and rows (e.g. 0.01)",
    )
    p.set_defaults(func=_synth)


def _synth(args: argparse.Namespace) -> int:
    if args.action == "returns":
        return _returns(args)
    if args.inject_errors:
        print(
            "opencsc synth: --inject-errors applies to `synth returns` (the record itself stays valid)"
        )
        return 2
    django_setup()
    return _report() if args.action == "report" else _run(args)


def _returns(args: argparse.Namespace) -> int:
    """Simulate an authority and write both returns, without touching the database."""
    from pathlib import Path

    from opencsc.returns import derive
    from opencsc.returns.cin.write import write_cin
    from opencsc.returns.inject import inject_errors
    from opencsc.returns.schema import YEARS, year_of_date
    from opencsc.returns.ssda903.write import write_903
    from opencsc.synth import simulate

    if not args.out:
        print("opencsc synth returns: give --out FOLDER")
        return 2
    end = args.end_date or date.today()
    last_full = year_of_date(date(end.year - 1, end.month, min(end.day, 28)))
    year = args.year or (last_full if last_full in YEARS else YEARS[-1])
    if year not in YEARS:
        print(f"opencsc synth returns: --year must be one of {', '.join(YEARS)}")
        return 2
    la_code = args.la_code or "999"
    tables = simulate(args.population, args.years, args.seed, end_date=end, la_code=la_code)
    out = Path(args.out)
    cin = derive.cin_census(tables, year, la_code=la_code)
    ssda = derive.ssda903(tables, year, la_code=la_code)
    if args.inject_errors:
        cin = inject_errors(cin, args.inject_errors, args.seed)
        ssda = inject_errors(ssda, args.inject_errors, args.seed)
    write_cin(cin, out / "cin.xml")
    write_903(ssda, out / "ssda903")
    print(
        f"{year} returns for {args.population:,} children (seed {args.seed}"
        f"{f', errors injected at {args.inject_errors}' if args.inject_errors else ''}) in {out}: "
        f"CIN {cin.raw['ChildIdentifiers'].height:,} children, "
        f"SSDA903 {ssda.raw['Header'].height:,} children, {ssda.raw['Episodes'].height:,} episodes"
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from opencsc.adapters.synth_sink import NotSyntheticDatabase, write_tables
    from opencsc.synth import simulate

    la_code = args.la_code or settings.OPENCSC_LA_CODE
    la_name = args.la_name or settings.OPENCSC_LA_NAME
    end = args.end_date or date.today()
    try:
        call_command("migrate", interactive=False, verbosity=0)
        t0 = time.perf_counter()
        tables = simulate(args.population, args.years, args.seed, end_date=end, la_code=la_code)
        t1 = time.perf_counter()
        counts = write_tables(
            tables,
            population=args.population,
            years=args.years,
            seed=args.seed,
            end_date=end,
            la_code=la_code,
            la_name=la_name,
        )
        t2 = time.perf_counter()
    except (ValueError, NotSyntheticDatabase) as exc:
        print(f"opencsc synth: {exc}")
        return 2
    print(
        f"Synthetic authority {la_name} ({la_code}): {args.population:,} children, "
        f"{args.years} years to {end:%d %B %Y}, seed {args.seed}"
    )
    print(f"  simulated in {t1 - t0:.1f}s, written in {t2 - t1:.1f}s")
    for name in (
        "persons",
        "referrals",
        "assessments",
        "s47_enquiries",
        "cp_plans",
        "episodes",
        "cla_reviews",
        "care_leaver_contacts",
        "workers",
    ):
        print(f"  {name:<22} {counts.get(name, 0):>8,}")
    return 0


def _report() -> int:
    from rich.console import Console
    from rich.table import Table

    from opencsc.access.models import Deployment
    from opencsc.adapters.synth_sink import count_mismatches
    from opencsc.synth import simulate
    from opencsc.synth.calibration import figures, last_31_march

    dep = Deployment.objects.select_related("local_authority").filter(is_synthetic=True).first()
    if (
        dep is None
        or dep.population is None
        or dep.years is None
        or dep.seed is None
        or dep.end_date is None
    ):
        print(
            "opencsc synth report: no synthetic authority in this database; run `opencsc synth` first"
        )
        return 2
    tables = simulate(
        dep.population, dep.years, dep.seed, end_date=dep.end_date, la_code=dep.local_authority.code
    )
    mismatches = count_mismatches(tables)
    figs = figures(tables, dep.population, dep.end_date)
    console = Console()
    table = Table(
        title=f"Synthetic {dep.local_authority.name}: year to {last_31_march(dep.end_date):%d %B %Y} "
        f"against England"
    )
    for col in ("figure", "generated", "England", "tolerance", "unit", ""):
        table.add_column(
            col, justify="right" if col in {"generated", "England", "tolerance"} else "left"
        )
    for f in figs:
        table.add_row(
            f.name,
            f"{f.generated:.1f}",
            f"{f.target:.1f}",
            f"±{f.tolerance:.1f}",
            f.unit,
            "[green]ok[/]" if f.ok else "[red]OUTSIDE[/]",
        )
    console.print(table)
    for m in mismatches:
        console.print(f"[red]database differs from the generated tables: {m}[/]")
    bad = [f for f in figs if not f.ok]
    console.print(f"{len(figs) - len(bad)} of {len(figs)} figures within tolerance")
    return 1 if bad or mismatches else 0
