from pathlib import Path

import pytest
from lxml import etree

from opencsc.core import codes

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas"
XS = "{http://www.w3.org/2001/XMLSchema}"

# Our code list -> the CIN XSD simple type that enumerates it.
CIN_TYPES = {
    "referral_source": "referralsourcetype",
    "reason_for_closure": "reasonforclosuretype",
    "category_of_abuse": "categoryofabusetype",
    "ethnicity": "ethnicitytype",
    "upn_unknown": "unknownupntype",
    "primary_need": "primaryneedcodetype",
    "assessment_factors": "assessmentfactorstype",
    "disability": "disabilitytype",
    "sex": "sextype",
}


def _enumerations(xsd: Path) -> dict[str, set[str]]:
    tree = etree.parse(str(xsd), etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for st in tree.iter(f"{XS}simpleType"):
        values = {e.get("value") for e in st.iter(f"{XS}enumeration")}
        if st.get("name") and values:
            out[st.get("name").lower()] = values
    return out


@pytest.mark.parametrize("year", ["2025", "2026"])
def test_cin_code_lists_match_the_xsd_enumerations(year: str) -> None:
    xsd = SCHEMAS / f"CIN_schema_{year}.xsd"
    if not xsd.exists():
        pytest.fail(f"reference schema missing: {xsd}")
    enums = _enumerations(xsd)
    for ours, theirs in CIN_TYPES.items():
        expected = enums[theirs]
        if ours == "assessment_factors":
            expected = expected - set(codes.LEGACY_ASSESSMENT_FACTORS)
        assert set(codes.code_list(ours)) == expected, ours
    assert set(codes.LEGACY_ASSESSMENT_FACTORS) <= enums["assessmentfactorstype"]


def test_placement_types_change_by_collection_year() -> None:
    assert "Z1" in codes.code_list("placement_type", "2024-25")
    assert "Z1" not in codes.code_list("placement_type", "2025-26")
    assert "K3" in codes.code_list("placement_type")
    assert codes.is_valid_code("placement_type", "H5", "2024-25")
    assert not codes.is_valid_code("placement_type", "H5", "2026-27")


def test_unknown_lists_and_codes() -> None:
    with pytest.raises(codes.UnknownCodeList):
        codes.code_list("nonsense")
    assert not codes.is_valid_code("legal_status", "C9")
    assert not codes.is_valid_code("legal_status", None)
    assert codes.choices("sex")[0] == ("M", "M: Male")


def test_care_leaver_accommodation_suitability_digits() -> None:
    acc = codes.code_list("care_leaver_accommodation")
    assert acc["B1"].endswith(": suitable") and acc["B2"].endswith("not suitable")
    assert "X1" not in acc and "X2" in acc
