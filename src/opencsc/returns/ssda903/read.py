"""Read an SSDA903 return: CSV tables recognised by their headers, or the DfE's XML.

A CSV is recognised by its set of column headers (any order, any case), because case systems
name the files differently. A header that matches no table is refused with the closest table and
the columns it lacks or adds. Every cell is kept as text; rules see typed values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import polars as pl
from lxml import etree

from opencsc.core.errors import InputError
from opencsc.returns.data import LAST, ReturnData, tidy_text
from opencsc.returns.files import check_readable, decode_text
from opencsc.returns.schema import LATEST, Table, check_year, year_of_date
from opencsc.returns.ssda903.schema import SCHEMAS


def recognise(path: Path, header: Sequence[str], schema: dict[str, Table]) -> str:
    """The table whose columns are exactly `header` (ignoring order and case)."""
    got = {h.strip().upper() for h in header if h.strip()}
    for table in schema.values():
        if got == set(table.names):
            return table.name
    for year, other in SCHEMAS.items():
        for table in other.values():
            if got == set(table.names) and table.name not in schema:
                raise InputError(
                    f"is the {table.name} table, which this year's return does not have "
                    f"(it is in the {year} return)",
                    file=str(path),
                    line=1,
                )
    # Say which table it was probably meant to be, and how it differs.
    best = max(
        schema.values(), key=lambda t: len(got & set(t.names)) - len(got ^ set(t.names)) / 10
    )
    missing = sorted(set(best.names) - got)
    extra = sorted(got - set(best.names))
    detail = "; ".join(
        p
        for p in (
            f"missing {', '.join(missing)}" if missing else "",
            f"unexpected {', '.join(extra)}" if extra else "",
        )
        if p
    )
    raise InputError(
        f"column headers match no SSDA903 table (closest: {best.name}: {detail})",
        file=str(path),
        line=1,
        field=", ".join(extra or missing) or None,
    )


def _csv_frame(path: Path, text: str) -> tuple[list[str], pl.DataFrame]:
    first_line = text.split("\n", 1)[0]
    header = next(csv.reader([first_line]))
    if not any(h.strip() for h in header):
        raise InputError("has no column headers on its first line", file=str(path), line=1)
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError, pl.exceptions.NoDataError) as exc:
        raise _locate_csv_problem(path, text, len(header)) from exc
    frame.columns = [c.strip().upper() for c in frame.columns]
    # Polars pads short rows with nulls; a row with too few fields is a broken export, so check.
    # Counting commas is a fast first pass; only if it disagrees does the csv module (which
    # understands quoting) look for the line.
    all_lines = pl.Series(text.splitlines())
    lines = all_lines.filter(all_lines.str.strip_chars() != "")
    if lines.len() and (lines.str.count_matches(",", literal=True) != len(header) - 1).any():
        problem = _locate_csv_problem(path, text, len(header))
        if problem.line is not None:
            raise problem
    return header, frame


def _locate_csv_problem(path: Path, text: str, width: int) -> InputError:
    """Polars says only that parsing failed; find the line with the wrong number of fields."""
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if row and len(row) != width:
            return InputError(
                f"has {len(row)} fields where the header has {width}",
                file=str(path),
                line=n,
                value=",".join(row)[:80],
            )
    return InputError("could not be read as CSV", file=str(path))


def _csv_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in {".csv", ".xml"})
            if not found:
                raise InputError("folder holds no .csv or .xml files", file=str(p))
            files.extend(found)
        else:
            files.append(p)
    return files


def read_903(
    paths: Iterable[Path | str],
    year: str = LATEST,
    *,
    last_year: Iterable[Path | str] = (),
    la_code: str | None = None,
) -> ReturnData:
    """Read this year's files (and optionally last year's) into one return."""
    check_year(year)
    schema = SCHEMAS[year]
    raw: dict[str, pl.DataFrame] = {}
    sources: dict[str, str] = {}
    prev_year = year_of_date(date(int(year[:4]) - 1, 6, 1))  # the collection year before
    prev_schema = SCHEMAS.get(prev_year, SCHEMAS[year])
    for suffix, group, sch in (("", paths, schema), (LAST, last_year, prev_schema)):
        for path in _csv_files(Path(p) for p in group):
            tables = _read_file(path, sch)
            for name, frame in tables.items():
                key = name + suffix
                if key in raw:
                    raise InputError(
                        f"holds the {name} table, already read from {sources[key]}", file=str(path)
                    )
                raw[key] = frame
                sources[key] = str(path)
    if not raw:
        raise InputError("no SSDA903 files given")
    return ReturnData(
        kind="903", year=year, schema=schema, raw=raw, sources=sources, la_code=la_code
    )


def _read_file(path: Path, schema: dict[str, Table]) -> dict[str, pl.DataFrame]:
    check_readable(path)
    data = path.read_bytes()
    if path.suffix.lower() == ".xml" or data.lstrip()[:5] == b"<?xml":
        return read_903_xml(path, data, schema)
    text = decode_text(path, data)
    header, frame = _csv_frame(path, text)
    name = recognise(path, header, schema)
    table = schema[name]
    return {name: tidy_text(frame.select(list(table.names)))}


# The DfE XML nests each child's tables under CHILD; its element names differ slightly from CSV.
_XML_HEADER = ("CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
# The XML HEADER also carries the child's UASC status (0/1), which the CSV tables do not: there
# a child is UASC if listed in the UASC table. It is kept as an extra Header column, beside the
# CSV ones, for the rules on the flag itself (105, 205C, 303).
XML_UASC = "UASC"
_XML_EPISODE = {"PL": "PLACE"}


def _safe_parser_kwargs() -> dict[str, object]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
    }


def refuse_dtd(path: Path, data: bytes) -> None:
    """DTDs carry entity definitions (XML bombs, external files); no return needs one."""
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        line = data.upper().find(b"<!")
        raise InputError(
            "contains a DOCTYPE or ENTITY declaration, which returns never need (refused for safety)",
            file=str(path),
            line=data.count(b"\n", 0, max(line, 0)) + 1,
        )


def read_903_xml(path: Path, data: bytes, schema: dict[str, Table]) -> dict[str, pl.DataFrame]:
    refuse_dtd(path, data)
    cols: dict[str, dict[str, list[str | None]]] = {
        name: {c: [] for c in schema[name].names}
        for name in (
            "Header",
            "Episodes",
            "UASC",
            "Reviews",
            "OC2",
            "OC3",
            "AD1",
            "PlacedAdoption",
            "PrevPerm",
            "Missing",
        )
        if name in schema
    }
    cols["Header"][XML_UASC] = []

    def add(table: str, values: dict[str, str | None]) -> None:
        for c, lst in cols[table].items():
            lst.append(values.get(c))

    def text(el: etree._Element, tag: str) -> str | None:
        found = el.find(tag)
        return found.text if found is not None else None

    try:
        for _, child in etree.iterparse(
            io.BytesIO(data), events=("end",), tag="CHILD", **_safe_parser_kwargs()
        ):
            h = child.find("HEADER")
            if h is None:
                raise InputError("CHILD has no HEADER", file=str(path), line=child.sourceline)
            cid = text(h, "CHILDID")
            dob = text(h, "DOB")
            base = {"CHILD": cid, "DOB": dob}
            uasc = text(h, XML_UASC)
            add(
                "Header",
                {"CHILD": cid, **{k: text(h, k) for k in _XML_HEADER[1:]}, XML_UASC: uasc},
            )
            # as in the CSV tables, the UASC table lists the children who are or were UASC
            if text(h, "DUC") is not None or (uasc or "").strip() == "1":
                add("UASC", {**base, "SEX": text(h, "SEX"), "DUC": text(h, "DUC")})
            if text(h, "DATE_INT") is not None or text(h, "DATE_MATCH") is not None:
                add(
                    "AD1",
                    {
                        **base,
                        **{
                            k: text(h, k)
                            for k in (
                                "DATE_INT",
                                "DATE_MATCH",
                                "FOSTER_CARE",
                                "NB_ADOPTR",
                                "SEX_ADOPTR",
                                "LS_ADOPTR",
                            )
                        },
                    },
                )
            if text(h, "IN_TOUCH") is not None:
                add("OC3", {**base, **{k: text(h, k) for k in ("IN_TOUCH", "ACTIV", "ACCOM")}})
            for m in h.findall("AMISSING"):
                add(
                    "Missing",
                    {**base, **{k: text(m, k) for k in ("MISSING", "MIS_START", "MIS_END")}},
                )
            for r in h.findall("AREVIEW"):
                add("Reviews", {**base, **{k: text(r, k) for k in ("REVIEW", "REVIEW_CODE")}})
            perm = h.find("PERMANENCE")
            if perm is not None:
                add(
                    "PrevPerm",
                    {**base, **{k: text(perm, k) for k in ("PREV_PERM", "LA_PERM", "DATE_PERM")}},
                )
            oc2 = h.find("OC2")
            if oc2 is not None:
                add("OC2", {**base, **{k: text(oc2, k) for k in schema["OC2"].names[2:]}})
            for a in h.findall("AD_PLACED"):
                add(
                    "PlacedAdoption",
                    {
                        **base,
                        **{
                            k: text(a, k)
                            for k in ("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
                        },
                    },
                )
            for e in child.findall("EPISODE"):
                values = {_XML_EPISODE.get(x.tag, x.tag): x.text for x in e}
                add("Episodes", {"CHILD": cid, **values})
            child.clear()
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"is not well-formed XML ({exc.msg})", file=str(path), line=exc.lineno
        ) from exc
    out: dict[str, pl.DataFrame] = {}
    for name, c in cols.items():
        frame = pl.DataFrame(c, schema={k: pl.Utf8 for k in c})
        out[name] = tidy_text(frame)
    if out["Header"].height == 0:
        raise InputError("holds no CHILD elements (is this an SSDA903 XML file?)", file=str(path))
    return out
