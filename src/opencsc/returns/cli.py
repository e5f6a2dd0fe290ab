"""`opencsc returns`: validate returns from any case system, list the rules, build from the record.

Exit codes: 0 no errors (queries allowed), 1 errors found, 2 unreadable input or bad arguments.
`validate` and `rules` never start Django; `build` reads the record through the Django adapter.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import polars as pl

from opencsc.core.errors import InputError
from opencsc.returns.data import ReturnData, ReturnKind
from opencsc.returns.schema import YEARS, year_of_date
from opencsc.returns.ssda903.schema import SCHEMAS as SSDA903_SCHEMAS

KINDS = {"cin": "cin", "903": "903", "ssda903": "903"}
BIG_INPUT_ROWS = 100_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "returns", help="validate, list rules for, or build the CIN census and SSDA903"
    )
    rsub = p.add_subparsers(dest="returns_command", required=True, metavar="ACTION")

    v = rsub.add_parser("validate", help="validate a CIN census XML or SSDA903 CSV/XML files")
    v.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    v.add_argument(
        "--year",
        choices=YEARS,
        help="collection year (default: from the file, else the current year)",
    )
    v.add_argument(
        "--last", nargs="*", type=Path, default=[], metavar="PATH", help="last year's SSDA903 files"
    )
    v.add_argument(
        "--postcodes",
        type=Path,
        metavar="PATH",
        help="postcode reference (SSDA903 placement distance and location rules)",
    )
    v.add_argument(
        "--la",
        metavar="CODE",
        help="the authority's ONS code (E06…, E08…, E09…, E10…) that placements are IN or OUT "
        "of (default: where most home postcodes are)",
    )
    v.add_argument(
        "--ofsted",
        nargs="+",
        type=Path,
        default=[],
        metavar="PATH",
        help="Ofsted's provider lists (SSDA903 rules on URNs and registered places)",
    )
    v.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    v.add_argument(
        "--out", type=Path, help="write full findings here (stdout for csv/json if omitted)"
    )
    v.add_argument(
        "--rule", action="append", default=[], metavar="CODE", help="run only these rules"
    )
    v.set_defaults(func=_validate)

    r = rsub.add_parser("rules", help="list every rule with its code, severity, tables and message")
    r.add_argument("--year", choices=YEARS, default=YEARS[-1])
    r.add_argument("--return", dest="kind", choices=["cin", "903", "both"], default="both")
    r.add_argument("--format", choices=["table", "json"], default="table")
    r.set_defaults(func=_rules)

    b = rsub.add_parser("build", help="build a return from the case record")
    b.add_argument("kind", choices=["cin", "903"])
    b.add_argument("--year", choices=YEARS, required=True)
    b.add_argument(
        "--out", type=Path, required=True, help="file (CIN XML) or folder (SSDA903 CSVs)"
    )
    b.set_defaults(func=_build)


def _err(message: str) -> int:
    print(f"opencsc returns: {message}", file=sys.stderr)
    return 2


def sniff_kind(paths: list[Path]) -> ReturnKind:
    """CIN census files are XML with a <Message> root; everything else is read as SSDA903."""
    for p in paths:
        if p.is_file() and p.suffix.lower() == ".xml":
            with open(p, "rb") as fh:
                head = fh.read(2048)
            if b"<Message" in head:
                return "cin"
    return "903"


def load(paths: list[Path], year: str | None, last: list[Path]) -> ReturnData:
    kind = sniff_kind(paths)
    if kind == "cin":
        from opencsc.returns.cin.read import read_cin

        if len(paths) != 1:
            raise InputError("give one CIN census file at a time", file=str(paths[1]))
        data = read_cin(paths[0], year or YEARS[-1])
        if year is None and data.has("Header") and data.raw["Header"].height:
            ref = data.raw["Header"]["ReferenceDate"][0]
            try:
                detected = year_of_date(date.fromisoformat(str(ref)))
            except ValueError:
                detected = None
            if detected in YEARS and detected != data.year:
                data = read_cin(paths[0], detected)
        return data
    from opencsc.returns.ssda903.read import read_903

    default = year_of_date(date.today())
    data = read_903(paths, year or (default if default in YEARS else YEARS[-1]), last_year=last)
    if year is None:
        inferred = infer_903_year(data)
        if inferred and inferred != data.year:
            data = ReturnData(
                kind="903",
                year=inferred,
                schema=SSDA903_SCHEMAS[inferred],
                raw=data.raw,
                sources=data.sources,
            )
    return data


def add_reference(data: ReturnData, *, postcodes: Path | None, ofsted: list[Path]) -> None:
    """Attach the reference data given; the rules that need what is not given are not run."""
    if data.kind != "903":
        if postcodes or ofsted:
            raise InputError("--postcodes and --ofsted apply to SSDA903 returns only")
        return
    if postcodes:
        from opencsc.returns.ssda903.postcodes import read_postcodes

        data.reference["postcodes"] = read_postcodes(postcodes)
    if ofsted:
        from opencsc.returns.ssda903.providers import read_providers

        data.reference["providers"] = read_providers(ofsted)


def infer_903_year(data: ReturnData) -> str | None:
    """The collection year an SSDA903 return covers, from its latest episode dates.

    A return holds nothing after its 31 March, and a good share of its episodes start or end in
    its year, so it is the latest year holding at least 5% of the dates: mistyped dates past
    the year end (typically well under 5%) do not decide.
    """
    if not data.has("Episodes") or data.raw["Episodes"].height == 0:
        return None
    eps = data.typed("Episodes")
    dates = pl.concat([eps["DECOM"], eps["DEC"]]).drop_nulls()
    if dates.is_empty():
        return None
    # The collection year starts on 1 April: dates before April belong to the year before.
    starts = (dates.dt.year() - (dates.dt.month() < 4).cast(pl.Int32)).alias("start")
    counts = starts.value_counts()
    held = counts.filter(pl.col("count") >= 0.05 * dates.len())["start"]
    if held.is_empty():
        return None
    found = year_of_date(date(int(held.max()), 4, 1))  # type: ignore[arg-type]
    return found if found in YEARS else None


def _validate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from opencsc.returns import engine, report

    err = Console(stderr=True)
    try:
        data = load(args.paths, args.year, args.last)
        add_reference(data, postcodes=args.postcodes, ofsted=args.ofsted)
        if args.la:
            from opencsc.returns.ssda903.postcodes import authority_code

            if data.kind != "903":
                raise InputError("--la applies to SSDA903 returns only")
            data.la_code = authority_code(args.la)
    except InputError as exc:
        return _err(str(exc))
    if args.format == "xlsx" and args.out is None:
        return _err("--format xlsx needs --out FILE")
    rules = engine.ruleset(data.kind, data.year)
    if args.rule:
        wanted = set(args.rule)
        unknown = wanted - {r.code for r in rules}
        if unknown:
            return _err(
                f"no rule {', '.join(sorted(unknown))} in {engine.ruleset_name(data.kind, data.year)}"
            )
        rules = [r for r in rules if r.code in wanted]
    if data.row_count() >= BIG_INPUT_ROWS and err.is_terminal:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task(f"Validating {data.row_count():,} rows", total=len(rules))
            result = engine.validate(data, rules=rules, progress=lambda _r: bar.advance(task))
    else:
        result = engine.validate(data, rules=rules)
    console = err if args.format != "table" or args.out else Console()
    _print_summary(result, console)
    if "postcodes" in data.reference:
        from opencsc.returns.ssda903.postcodes import authority

        la = authority(data)
        how = "given by --la" if args.la else "where most home postcodes are; set it with --la"
        console.print(f"Placements are IN or OUT of {la or 'no authority'} ({how})")
    if args.format != "table" or args.out:
        fmt = "csv" if args.format == "table" else args.format
        try:
            report.write_report(result, fmt, args.out, sys.stdout)
        except OSError as exc:
            return _err(f"{args.out}: cannot write report ({exc.strerror})")
    return 1 if result.error_count else 0


COLUMNS = ("Rule", "Severity", "Count", "Tables", "Message")


def _print_summary(result: object, console: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from opencsc.returns import report
    from opencsc.returns.engine import ValidationReport

    assert isinstance(result, ValidationReport) and isinstance(console, Console)
    table = Table(title=f"{result.ruleset}: {result.data.row_count():,} rows", title_justify="left")
    rows = [(r[0], r[1], f"{r[2]:,}", r[3], r[4]) for r in report.summary(result).iter_rows()]
    widths = [max([len(col), *(len(r[i]) for r in rows)]) for i, col in enumerate(COLUMNS[:4])]
    for col, width in zip(COLUMNS[:4], widths, strict=True):
        table.add_column(
            col, justify="right" if col == "Count" else "left", width=width, no_wrap=True
        )
    # One line per rule: a long DfE message is cut to what the terminal has left, not wrapped.
    room = max(console.width - sum(widths) - 3 * len(COLUMNS) - 1, 20)
    table.add_column("Message", no_wrap=True, overflow="ellipsis", max_width=room)
    for row in rows:
        message = row[4] if len(row[4]) <= room else row[4][: room - 1] + "…"
        table.add_row(*row[:4], message)
    if table.row_count:
        console.print(table)
    ran = sum(1 for o in result.outcomes if not o.skipped)
    console.print(
        f"{result.ruleset}: {result.error_count:,} errors and {result.query_count:,} queries "
        f"from {ran} rules on {result.data.row_count():,} rows in {result.seconds:.2f} s"
    )
    skipped = report.skipped(result)
    if skipped:
        reasons = sorted({why for _, why in skipped if why})
        console.print(f"{len(skipped)} rules not run ({'; '.join(reasons)})")


def _rules(args: argparse.Namespace) -> int:
    from opencsc.returns import engine

    kinds: list[ReturnKind] = ["cin", "903"] if args.kind == "both" else [KINDS[args.kind]]  # type: ignore[list-item]
    listed = [
        {
            "return": "cin" if kind == "cin" else "ssda903",
            "code": r.code,
            "severity": r.severity.value,
            "tables": list(r.tables),
            "fields": list(r.fields),
            "message": r.message,
            "since": r.since,
        }
        for kind in kinds
        for r in engine.ruleset(kind, args.year)
    ]
    if args.format == "json":
        print(json.dumps({"year": args.year, "rules": listed}, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Rules for {args.year}", title_justify="left")
    for col in ("Return", "Code", "Severity", "Tables", "Message"):
        table.add_column(col)
    for r in listed:
        table.add_row(
            str(r["return"]),
            str(r["code"]),
            str(r["severity"]),
            ", ".join(r["tables"]),
            str(r["message"]),
        )
    Console().print(table)
    print(f"{len(listed)} rules")
    return 0


def _build(args: argparse.Namespace) -> int:
    from opencsc.cli import django_setup

    django_setup()
    from opencsc.adapters.returns_source import build_return

    try:
        data, written = build_return(args.kind, args.year, args.out)
    except InputError as exc:
        return _err(str(exc))
    from rich.console import Console

    from opencsc.returns import engine

    result = engine.validate(data)
    for path in written:
        print(f"wrote {path}")
    _print_summary(result, Console())
    return 1 if result.error_count else 0
