"""Write a CIN census return as the DfE's XML (validates against CIN_schema_2025/2026.xsd).

Elements are written in schema order, optional elements only when they have a value, and the
two yes/no elements as 0/1 as the XSD requires. Output goes to a temporary file renamed into
place when complete.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from lxml import etree

from opencsc.returns.cin.schema import (
    ASSESSMENT,
    CHILD_IDENTIFIERS,
    CIN_DETAILS_HEAD,
    CPP,
    SECTION47,
)
from opencsc.returns.data import ReturnData
from opencsc.returns.files import atomic_write

Row = dict[str, Any]
_YES_NO = {"true": "1", "false": "0", "1": "1", "0": "0"}


def _rows_by(data: ReturnData, table: str, *keys: str) -> dict[tuple[str, ...], list[Row]]:
    out: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    if not data.has(table):
        return out
    for row in data.raw[table].iter_rows(named=True):
        out[tuple(str(row[k]) for k in keys)].append(row)
    return out


def _el(xf: Any, name: str, value: str | None) -> None:
    if value is None:
        return
    with xf.element(name):
        xf.write(value)


def write_cin(data: ReturnData, out: Path, *, software: str = "opencsc") -> Path:
    if data.kind != "cin":
        raise ValueError("write_cin needs a CIN census return")
    header = (
        data.raw["Header"].row(0, named=True)
        if data.has("Header") and data.raw["Header"].height
        else {}
    )
    chars = _rows_by(data, "ChildCharacteristics", "LAchildID")
    disabilities = _rows_by(data, "Disabilities", "LAchildID")
    details = _rows_by(data, "CINdetails", "LAchildID")
    assessments = _rows_by(data, "Assessments", "LAchildID", "CINdetailsID")
    factors = _rows_by(data, "AssessmentFactorsList", "LAchildID", "CINdetailsID", "AssessmentID")
    plans = _rows_by(data, "CINplanDates", "LAchildID", "CINdetailsID")
    s47s = _rows_by(data, "Section47", "LAchildID", "CINdetailsID")
    cpps = _rows_by(data, "ChildProtectionPlans", "LAchildID", "CINdetailsID")
    reviews = _rows_by(data, "Reviews", "LAchildID", "CINdetailsID", "CPPID")

    with atomic_write(out, "wb") as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            with xf.element("Header"):
                with xf.element("CollectionDetails"):
                    _el(xf, "Collection", header.get("Collection") or "CIN")
                    _el(xf, "Year", header.get("Year") or str(data.collection_end.year))
                    _el(
                        xf,
                        "ReferenceDate",
                        header.get("ReferenceDate") or data.collection_end.isoformat(),
                    )
                with xf.element("Source"):
                    _el(xf, "SourceLevel", header.get("SourceLevel") or "L")
                    _el(xf, "LEA", header.get("LEA") or data.la_code)
                    _el(xf, "SoftwareCode", header.get("SoftwareCode") or software)
                    _el(xf, "Release", header.get("Release"))
                    _el(xf, "SerialNo", header.get("SerialNo") or "001")
                    _el(xf, "DateTime", header.get("DateTime"))
            with xf.element("Children"):
                for ident in data.raw["ChildIdentifiers"].iter_rows(named=True):
                    kid = str(ident["LAchildID"])
                    with xf.element("Child"):
                        with xf.element("ChildIdentifiers"):
                            for f in CHILD_IDENTIFIERS:
                                _el(xf, f, ident.get(f))
                        with xf.element("ChildCharacteristics"):
                            for c in chars.get((kid,), [])[:1]:
                                _el(xf, "Ethnicity", c["Ethnicity"])
                            dis = disabilities.get((kid,), [])
                            if dis:
                                with xf.element("Disabilities"):
                                    for d in dis:
                                        _el(xf, "Disability", d["Disability"])
                        for cin in details.get((kid,), []):
                            ep = str(cin["CINdetailsID"])
                            with xf.element("CINdetails"):
                                for f in CIN_DETAILS_HEAD:
                                    _el(xf, f, cin.get(f))
                                for a in assessments.get((kid, ep), []):
                                    with xf.element("Assessments"):
                                        for f in ASSESSMENT:
                                            _el(xf, f, a.get(f))
                                        fs = factors.get((kid, ep, str(a["AssessmentID"])), [])
                                        if fs:
                                            with xf.element("FactorsIdentifiedAtAssessment"):
                                                for f_row in fs:
                                                    _el(
                                                        xf,
                                                        "AssessmentFactors",
                                                        f_row["AssessmentFactor"],
                                                    )
                                for p in plans.get((kid, ep), []):
                                    with xf.element("CINPlanDates"):
                                        _el(xf, "CINPlanStartDate", p["CINPlanStartDate"])
                                        _el(xf, "CINPlanEndDate", p["CINPlanEndDate"])
                                for s in s47s.get((kid, ep), []):
                                    with xf.element("Section47"):
                                        for f in SECTION47:
                                            v = s.get(f)
                                            _el(
                                                xf,
                                                f,
                                                _YES_NO.get(str(v).lower(), v)
                                                if f == "ICPCnotRequired" and v
                                                else v,
                                            )
                                nfa = cin.get("ReferralNFA")
                                _el(
                                    xf,
                                    "ReferralNFA",
                                    _YES_NO.get(str(nfa).lower(), nfa) if nfa else nfa,
                                )
                                for c in cpps.get((kid, ep), []):
                                    with xf.element("ChildProtectionPlans"):
                                        for f in CPP:
                                            _el(xf, f, c.get(f))
                                        rs = reviews.get((kid, ep, str(c["CPPID"])), [])
                                        if rs:
                                            with xf.element("Reviews"):
                                                for r in rs:
                                                    _el(xf, "CPPreviewDate", r["CPPreviewDate"])
    return out
