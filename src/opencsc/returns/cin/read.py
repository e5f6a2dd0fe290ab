"""Read a CIN census XML file into flat tables, streaming, in time linear in the file.

lxml's iterparse hands over one <Child> at a time; each is flattened into column lists and
cleared, so memory holds the tables, not the tree. The parser resolves no entities, loads no DTD
and touches no network, and a file declaring a DTD is refused outright (XML bombs, external
entities). Every <CPPreviewDate> becomes a row, even when several share one <Reviews>.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    for child in el:
        if _local(child.tag) == name:
            return child.text
    return None


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: etree._Element, name: str) -> etree._Element | None:
    found = _children(el, name)
    return found[0] if found else None


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
    ids = _child(child, "ChildIdentifiers")
    kid = _text(ids, "LAchildID")
    t.add("ChildIdentifiers", {f: _text(ids, f) for f in CHILD_IDENTIFIERS})
    chars = _child(child, "ChildCharacteristics")
    t.add("ChildCharacteristics", {"LAchildID": kid, "Ethnicity": _text(chars, "Ethnicity")})
    if chars is not None:
        for dis in _children(chars, "Disabilities"):
            for d in _children(dis, "Disability"):
                t.add("Disabilities", {"LAchildID": kid, "Disability": d.text})
    for n, cin in enumerate(_children(child, "CINdetails"), start=1):
        ep = {"LAchildID": kid, "CINdetailsID": str(n)}
        t.add(
            "CINdetails",
            {
                **ep,
                **{f: _text(cin, f) for f in CIN_DETAILS_HEAD},
                "ReferralNFA": _text(cin, "ReferralNFA"),
            },
        )
        for a_n, ass in enumerate(_children(cin, "Assessments"), start=1):
            a_key = {**ep, "AssessmentID": str(a_n)}
            t.add("Assessments", {**a_key, **{f: _text(ass, f) for f in ASSESSMENT}})
            for factors in _children(ass, "FactorsIdentifiedAtAssessment"):
                for f in _children(factors, "AssessmentFactors"):
                    t.add("AssessmentFactorsList", {**a_key, "AssessmentFactor": f.text})
        for plan in _children(cin, "CINPlanDates"):
            t.add(
                "CINplanDates",
                {
                    **ep,
                    "CINPlanStartDate": _text(plan, "CINPlanStartDate"),
                    "CINPlanEndDate": _text(plan, "CINPlanEndDate"),
                },
            )
        for s47 in _children(cin, "Section47"):
            t.add("Section47", {**ep, **{f: _text(s47, f) for f in SECTION47}})
        for c_n, cpp in enumerate(_children(cin, "ChildProtectionPlans"), start=1):
            c_key = {**ep, "CPPID": str(c_n)}
            t.add("ChildProtectionPlans", {**c_key, **{f: _text(cpp, f) for f in CPP}})
            for reviews in _children(cpp, "Reviews"):
                for r in _children(reviews, "CPPreviewDate"):
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
        root_checked = False
        try:
            for event, el in etree.iterparse(
                fh,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
            ):
                name = _local(el.tag)
                if event == "start":
                    if not root_checked:
                        root_checked = True
                        if name != "Message":
                            raise InputError(
                                f"starts with <{name}>, not <Message> (is this a CIN census file?)",
                                file=str(path),
                                line=el.sourceline,
                            )
                    continue
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
                    cd = _child(el, "CollectionDetails")
                    src = _child(el, "Source")
                    t.add(
                        "Header",
                        {
                            **{f: _text(cd, f) for f in HEADER_FIELDS["CollectionDetails"]},
                            **{f: _text(src, f) for f in HEADER_FIELDS["Source"]},
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
