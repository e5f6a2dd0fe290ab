from datetime import date

import pytest

from opencsc.returns.cin.schema import SCHEMAS as CIN
from opencsc.returns.schema import YEARS, check_year, year_bounds, year_of_date
from opencsc.returns.ssda903.schema import SCHEMAS as SSDA903


def test_every_supported_year_has_both_schemas() -> None:
    assert set(CIN) == set(SSDA903) == set(YEARS)
    assert {"2024-25", "2025-26", "2026-27"} <= set(YEARS)


def test_2026_27_adds_deprivation_of_liberty_to_the_year_before() -> None:
    assert "DoLo" not in SSDA903["2025-26"]
    assert SSDA903["2026-27"]["DoLo"].names == ("CHILD", "DOB", "DOLO_START", "DOLO_END")
    assert {k: v for k, v in SSDA903["2026-27"].items() if k != "DoLo"} == SSDA903["2025-26"]


def test_placement_codes_follow_the_year() -> None:
    place = SSDA903["2025-26"]["Episodes"].column("PLACE")
    assert "Z1" in place.code_set("2024-25") and "Z1" not in place.code_set("2025-26")
    assert "Z11" in place.code_set("2025-26")


def test_cin_tables_are_keyed_by_child() -> None:
    for name, table in CIN["2025-26"].items():
        if name != "Header":
            assert table.names[0] == "LAchildID" and table.child_id == "LAchildID"


def test_collection_year_bounds() -> None:
    assert year_bounds("2025-26") == (date(2025, 4, 1), date(2026, 3, 31))
    assert year_of_date(date(2026, 3, 31)) == "2025-26"
    assert year_of_date(date(2026, 4, 1)) == "2026-27"


def test_unsupported_year_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="2024-25, 2025-26, 2026-27"):
        check_year("2019-20")
