"""Read a CIN census XML file into flat tables, streaming, in time linear in the file.

lxml's iterparse hands over one <Child> at a time; each is flattened into column lists and
cleared, so memory holds the tables, not the tree. The parser resolves no entities, loads no DTD
and touches no network, and a file declaring a DTD is refused outright (XML bombs, external
entities). Every <CPPreviewDate> becomes a row, even when several share one <Reviews>.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl
from lxml import etree

from opencsc.core.errors import InputError
from opencsc.returns.cin.schema import (
    ASSESSMENT,
    CHILD_IDENTIFIERS,
    CIN_DETAILS_HEAD,
    CPP,
    SCHEMAS,
    SECTION47,
)
from opencsc.returns.data import ReturnData, tidy_text
from opencsc.returns.files import check_readable
from opencsc.returns.schema import LATEST, check_year
from opencsc.returns.ssda903.read import refuse_dtd

HEADER_FIELDS = {
    "CollectionDetails": ("Collection", "Year", "ReferenceDate"),
    "Source": ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"),
}


def _local(tag: object) -> str:
    # "{namespace}Name" -> "Name"; comments and processing instructions have no name.
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _index(el: etree._Element | None) -> dict[str, list[etree._Element]]:
    """The element's children by local name, in document order: one pass per element, so a
    block's fields are looked up in constant time."""
    found: dict[str, list[etree._Element]] = {}
    if el is not None:
        for c in el:
            found.setdefault(_local(c.tag), []).append(c)
    return found


def _fields(index: dict[str, list[etree._Element]], names: Iterable[str]) -> dict[str, str | None]:
    # The first element of each name, as the DfE's schema allows one.
    return {f: (index[f][0].text if f in index else None) for f in names}


class _Tables:
    def __init__(self, year: str) -> None:
        self.schema = SCHEMAS[year]
        self.cols: dict[str, dict[str, list[str | None]]] = {
            name: {c: [] for c in t.names} for name, t in self.schema.items()
        }

    def add(self, table: str, values: dict[str, str | None]) -> None:
        for c, lst in self.cols[table].items():
            lst.append(values.get(c))

    def frames(self) -> dict[str, pl.DataFrame]:
        return {
            name: tidy_text(pl.DataFrame(c, schema={k: pl.Utf8 for k in c}))
            for name, c in self.cols.items()
        }


def _child_rows(t: _Tables, child: etree._Element) -> None:
    top = _index(child)
    ids = _index((top.get("ChildIdentifiers") or [None])[0])
    kid = _fields(ids, ["LAchildID"])["LAchildID"]
    t.add("ChildIdentifiers", _fields(ids, CHILD_IDENTIFIERS))
    chars = _index((top.get("ChildCharacteristics") or [None])[0])
    t.add("ChildCharacteristics", {"LAchildID": kid, **_fields(chars, ["Ethnicity"])})
    for dis in chars.get("Disabilities", []):
        for d in _index(dis).get("Disability", []):
            t.add("Disabilities", {"LAchildID": kid, "Disability": d.text})
    for n, cin_el in enumerate(top.get("CINdetails", []), start=1):
        cin = _index(cin_el)
        ep = {"LAchildID": kid, "CINdetailsID": str(n)}
        t.add("CINdetails", {**ep, **_fields(cin, [*CIN_DETAILS_HEAD, "ReferralNFA"])})
        for a_n, ass_el in enumerate(cin.get("Assessments", []), start=1):
            ass = _index(ass_el)
            a_key = {**ep, "AssessmentID": str(a_n)}
            t.add("Assessments", {**a_key, **_fields(ass, ASSESSMENT)})
            for factors in ass.get("FactorsIdentifiedAtAssessment", []):
                for f in _index(factors).get("AssessmentFactors", []):
                    t.add("AssessmentFactorsList", {**a_key, "AssessmentFactor": f.text})
        for plan in cin.get("CINPlanDates", []):
            t.add(
                "CINplanDates",
                {**ep, **_fields(_index(plan), ["CINPlanStartDate", "CINPlanEndDate"])},
            )
        for s47 in cin.get("Section47", []):
            t.add("Section47", {**ep, **_fields(_index(s47), SECTION47)})
        for c_n, cpp_el in enumerate(cin.get("ChildProtectionPlans", []), start=1):
            cpp = _index(cpp_el)
            c_key = {**ep, "CPPID": str(c_n)}
            t.add("ChildProtectionPlans", {**c_key, **_fields(cpp, CPP)})
            for reviews in cpp.get("Reviews", []):
                for r in _index(reviews).get("CPPreviewDate", []):
                    t.add("Reviews", {**c_key, "CPPreviewDate": r.text})


def read_cin(
    path: Path | str,
    year: str = LATEST,
    *,
    progress: Callable[[int], None] | None = None,
) -> ReturnData:
    """Read one CIN census file. `progress` is called with bytes read so far, now and then."""
    check_year(year)
    path = Path(path)
    check_readable(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
        fh.seek(0)
        refuse_dtd(path, head)
        t = _Tables(year)
        seen_children = 0
        hardened: dict[str, Any] = {
            "resolve_entities": False,
            "no_network": True,
            "load_dtd": False,
            "huge_tree": False,
            "remove_comments": True,
        }
        try:
            for _, root in etree.iterparse(fh, events=("start",), **hardened):
                name = _local(root.tag)
                if name != "Message":
                    raise InputError(
                        f"starts with <{name}>, not <Message> (is this a CIN census file?)",
                        file=str(path),
                        line=root.sourceline,
                    )
                break
            fh.seek(0)
            # Only the blocks we read raise events: a fraction of the elements, parsed in C.
            for _, el in etree.iterparse(
                fh, events=("end",), tag=("{*}Child", "{*}Header"), **hardened
            ):
                name = _local(el.tag)
                if name == "Child":
                    _child_rows(t, el)
                    seen_children += 1
                    el.clear()
                    parent = el.getparent()
                    if parent is not None:
                        while el.getprevious() is not None:
                            del parent[0]
                    if progress and seen_children % 1000 == 0:
                        progress(fh.tell())
                elif name == "Header":
                    header = _index(el)
                    cd = _index((header.get("CollectionDetails") or [None])[0])
                    src = _index((header.get("Source") or [None])[0])
                    t.add(
                        "Header",
                        {
                            **_fields(cd, HEADER_FIELDS["CollectionDetails"]),
                            **_fields(src, HEADER_FIELDS["Source"]),
                        },
                    )
                    el.clear()
        except etree.XMLSyntaxError as exc:
            raise InputError(
                f"is not well-formed XML ({exc.msg})", file=str(path), line=exc.lineno
            ) from exc
    if seen_children == 0:
        raise InputError("holds no <Child> elements", file=str(path))
    frames = t.frames()
    la = frames["Header"]["LEA"][0] if frames["Header"].height else None
    return ReturnData(
        kind="cin",
        year=year,
        schema=SCHEMAS[year],
        raw=frames,
        sources={n: str(path) for n in frames},
        la_code=la,
    )
