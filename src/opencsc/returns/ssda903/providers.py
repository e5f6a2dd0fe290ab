"""Ofsted's register of social care providers, for the SSDA903 rules on URNs.

Ofsted publishes its providers as spreadsheets: since 2024 one "social care providers" workbook
(a Providers sheet and a supported accommodation sheet), before that a children's homes list and
a social care providers list (current and closed providers on separate sheets). `read_providers`
takes any of these, as .xlsx or saved as .csv, in any number of files, and gives one row per URN:

| column | what |
|---|---|
| URN | the provider's unique reference number, upper case |
| PROVIDER_TYPE | e.g. "Children's home", "Independent Fostering Agency" |
| PLACE_CODES | SSDA903 placement types the provider offers (K2, U4, ...) |
| PROVIDER_CODES | placement provider codes (PR1, PR4, ...) |
| POSTCODES | postcodes of its premises, upper case without spaces |
| LA_NAMES | local authorities its premises are in, as Ofsted names them |
| REG_START | date registered (the earliest given) |
| REG_END | date closed or deregistered; null while any sheet lists it as open |
| PLACES | number of registered places (the largest given) |

Columns are found by their headers on each sheet (the first row within the first 20 that has a
"URN" cell), in any order and case, so Ofsted's renames between releases do not matter. Sheets
without a URN column (notes, covers) are skipped. A provider listed on several sheets (its
address on one, its registration on another; or a supported accommodation provider with several
settings) has its values combined. Placement and provider codes are told apart by their form
(PR0-PR5 are provider codes), since Ofsted's older children's homes list names its two code
columns the other way round from the newer lists.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from opencsc.core.errors import InputError
from opencsc.returns.files import check_readable, decode_text

# Header (lower case, single spaces) → what it holds. Anything else is ignored.
_HEADERS: dict[str, str] = {
    "urn": "urn",
    "provider type": "type",
    "provision type": "type",
    "placement code": "codes",
    "provider code": "codes",
    "placement provider code": "codes",
    "provider placement code": "codes",
    "setting address postcode": "postcode",
    "setting postcode": "postcode",
    "provider postcode": "postcode",
    "postcode": "postcode",
    "setting local authority": "la",
    "local authority": "la",
    "provider local authority": "la_provider",
    "registration date": "reg_start",
    "deregistration date": "reg_end",
    "closed date": "reg_end",
    "number of registered places": "places",
    "registered places": "places",
    "max users": "places",
    "maximum fostering places": "places",
    "capacity": "places",
}
# A sheet with a URN and one of these lists providers' registrations; one with only a URN and
# (say) an address adds to what the other sheets say.
_REGISTRATION = {"type", "codes", "reg_start", "reg_end"}
_BLANK = {"", "-", "--", "n/a", "na", "none", "null", "not applicable", "not provided"}
_PROVIDER_CODE = re.compile(r"^PR\d$")
_CODE = re.compile(r"^[A-Z]{1,2}\d{1,2}$")
_HEADER_SEARCH_ROWS = 20
_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
# Ofsted's workbook is a few MB packed and some tens of MB unpacked.
MAX_UNZIPPED = 1024**3

SCHEMA = pl.Schema(
    {
        "URN": pl.Utf8(),
        "PROVIDER_TYPE": pl.Utf8(),
        "PLACE_CODES": pl.List(pl.Utf8()),
        "PROVIDER_CODES": pl.List(pl.Utf8()),
        "POSTCODES": pl.List(pl.Utf8()),
        "LA_NAMES": pl.List(pl.Utf8()),
        "REG_START": pl.Date(),
        "REG_END": pl.Date(),
        "PLACES": pl.Int64(),
    }
)


@dataclass
class _Rows:
    """What the sheets say, one entry per provider row, before providers are combined."""

    urn: list[str] = field(default_factory=list)
    type: list[str | None] = field(default_factory=list)
    codes: list[list[str]] = field(default_factory=list)
    postcode: list[str | None] = field(default_factory=list)
    la: list[str | None] = field(default_factory=list)
    reg_start: list[date | None] = field(default_factory=list)
    reg_end: list[date | None] = field(default_factory=list)
    # whether the row says if the provider is open (a registration row)
    registration: list[bool] = field(default_factory=list)
    places: list[int | None] = field(default_factory=list)


def read_providers(paths: Sequence[Path]) -> pl.DataFrame:
    """Ofsted's provider lists (files or folders of .xlsx/.csv) as one row per URN."""
    rows = _Rows()
    for path in _files(paths):
        counts = [_read_table(path, sheet, table, rows) for sheet, table in _sheets(path)]
        if all(c is None for c in counts):
            raise InputError(
                "has no sheet with a URN column (is this one of Ofsted's provider lists?)",
                file=str(path),
            )
        if not any(counts):
            raise InputError("lists no providers (no row gives a URN)", file=str(path))
    return _combine(rows)


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in (Path(x) for x in paths):
        if p.is_dir():
            inside = sorted(q for q in p.iterdir() if q.suffix.lower() in _SUFFIXES)
            if not inside:
                raise InputError("folder holds no .xlsx or .csv files", file=str(p))
            files.extend(inside)
        else:
            files.append(p)
    if not files:
        raise InputError("no Ofsted provider lists given")
    return files


Table = Iterator[tuple[int, list[object]]]  # (line or row number, cells)


def _sheets(path: Path) -> Iterator[tuple[str | None, Table]]:
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode_text(path, path.read_bytes())
        lines: Iterator[list[object]] = (list(r) for r in csv.reader(io.StringIO(text)))
        yield None, enumerate(lines, start=1)
        return
    if suffix not in {".xlsx", ".xlsm"}:
        raise InputError(
            "is not an Ofsted provider list: give the .xlsx workbook Ofsted publishes "
            "(or a sheet of it saved as .csv)",
            file=str(path),
        )
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(f"cannot be read as an Excel workbook ({exc})", file=str(path)) from exc
    try:
        for ws in book.worksheets:
            rows = ws.iter_rows(values_only=True)
            yield ws.title, ((n, list(r)) for n, r in enumerate(rows, start=1))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:  # a damaged sheet
        raise InputError(f"cannot be read as an Excel workbook ({exc})", file=str(path)) from exc
    finally:
        book.close()


def _check_workbook(path: Path) -> None:
    """Refuse what no provider list needs before parsing: DTDs (entity expansion) and sheets
    that inflate far beyond any real list (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            size = sum(m.file_size for m in members)
            if size > MAX_UNZIPPED:
                raise InputError(
                    f"unpacks to {size / 1024**2:.0f} MB, more than any provider list "
                    f"({MAX_UNZIPPED / 1024**2:.0f} MB)",
                    file=str(path),
                )
            for m in members:
                if m.filename.lower().endswith((".xml", ".rels")):
                    with z.open(m) as fh:
                        head = fh.read(4096).upper()
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise InputError(
                            f"holds a DOCTYPE or ENTITY declaration ({m.filename}), which "
                            "workbooks never need (refused for safety)",
                            file=str(path),
                        )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"cannot be read as an Excel workbook ({exc})", file=str(path)) from exc


def _norm_header(cell: object) -> str:
    return " ".join(str(cell).replace("\n", " ").split()).lower() if cell is not None else ""


def _where(path: Path, sheet: str | None) -> str:
    return f"{path} [{sheet}]" if sheet else str(path)


def _read_table(path: Path, sheet: str | None, table: Table, rows: _Rows) -> int | None:
    """Add one sheet's providers to `rows`: the number of provider rows it held, None if it has
    no URN column."""
    columns: dict[str, int] = {}
    headers: list[str] = []
    written: list[str] = []
    for n, cells in table:
        if n > _HEADER_SEARCH_ROWS:
            return None
        headers = [_norm_header(c) for c in cells]
        if "urn" in headers:
            written = [" ".join(str(c).split()) if c is not None else "" for c in cells]
            break
    else:
        return None
    for i, h in enumerate(headers):
        what = _HEADERS.get(h)
        if what == "codes":
            columns.setdefault(f"codes{i}", i)
        elif what and what not in columns:
            columns[what] = i
    if "la" not in columns and "la_provider" in columns:
        columns["la"] = columns["la_provider"]
    registration = bool(_REGISTRATION & {k.rstrip("0123456789") for k in columns})
    code_cols = [i for k, i in columns.items() if k.startswith("codes")]
    where = _where(path, sheet)

    def header(what: str) -> str:
        return written[columns[what]] if what in columns else what

    count = 0
    for n, cells in table:

        def cell(what: str, cells: list[object] = cells) -> object:
            i = columns.get(what)
            return cells[i] if i is not None and i < len(cells) else None

        urn = _text(cell("urn"))
        if urn is None:
            continue
        rows.urn.append(urn.upper())
        rows.type.append(_text(cell("type")))
        codes: list[str] = []
        for i in code_cols:
            value = cells[i] if i < len(cells) else None
            codes.extend(_codes(value, where, n, written[i]))
        rows.codes.append(codes)
        postcode = _text(cell("postcode"))
        rows.postcode.append(postcode.replace(" ", "").upper() if postcode else None)
        rows.la.append(_text(cell("la")))
        rows.reg_start.append(_date(cell("reg_start"), where, n, header("reg_start")))
        rows.reg_end.append(_date(cell("reg_end"), where, n, header("reg_end")))
        rows.registration.append(registration)
        rows.places.append(_int(cell("places")))
        count += 1
    return count


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return None if text.lower() in _BLANK else text


def _codes(value: object, where: str, line: int, header: str) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    tokens = [c for c in re.split(r"[\s,;/]+", text.upper()) if c]
    codes = [c for c in tokens if _CODE.match(c)]
    if not codes:
        return []  # words ("Not provided ..."), not codes
    if len(codes) < len(tokens):
        bad = next(c for c in tokens if not _CODE.match(c))
        raise InputError(
            f"is not a placement or provider code (in {text!r})",
            file=where,
            line=line,
            field=header,
            value=bad,
        )
    return codes


def _date(value: object, where: str, line: int, what: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
        # a date cell Excel has not formatted as a date: days since 1900
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = _text(value)
    if text is None:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(
        "is not a date (use DD/MM/YYYY)", file=where, line=line, field=what, value=text
    )


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text is not None and text.isdigit() else None


def _combine(rows: _Rows) -> pl.DataFrame:
    if not rows.urn:
        return pl.DataFrame(schema=SCHEMA)
    frame = pl.DataFrame(
        {
            "URN": rows.urn,
            "type": rows.type,
            "codes": rows.codes,
            "postcode": rows.postcode,
            "la": rows.la,
            "reg_start": rows.reg_start,
            "reg_end": rows.reg_end,
            "registration": rows.registration,
            "places": rows.places,
        },
        schema={
            "URN": pl.Utf8,
            "type": pl.Utf8,
            "codes": pl.List(pl.Utf8),
            "postcode": pl.Utf8,
            "la": pl.Utf8,
            "reg_start": pl.Date,
            "reg_end": pl.Date,
            "registration": pl.Boolean,
            "places": pl.Int64,
        },
    )
    codes = pl.col("codes").explode().drop_nulls().unique().sort()
    provider = codes.str.contains(_PROVIDER_CODE.pattern)

    def listed(col: str) -> pl.Expr:
        return pl.col(col).drop_nulls().unique().sort()

    # closed only if every registration row says so (a provider on a current and a closed sheet
    # is open); the latest closure date
    open_rows = (pl.col("registration") & pl.col("reg_end").is_null()).any()
    closed = pl.col("reg_end").filter(pl.col("registration")).max()
    return (
        frame.group_by("URN", maintain_order=True)
        .agg(
            pl.col("type").drop_nulls().first().alias("PROVIDER_TYPE"),
            codes.filter(~provider).alias("PLACE_CODES"),
            codes.filter(provider).alias("PROVIDER_CODES"),
            listed("postcode").alias("POSTCODES"),
            listed("la").alias("LA_NAMES"),
            pl.col("reg_start").min().alias("REG_START"),
            pl.when(open_rows).then(None).otherwise(closed).alias("REG_END"),
            pl.col("places").max().alias("PLACES"),
        )
        .select(list(SCHEMA))
        .cast(SCHEMA)
    )
