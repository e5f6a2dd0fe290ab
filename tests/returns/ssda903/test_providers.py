"""Reading Ofsted's provider lists into the register the URN rules use."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from opencsc.core.errors import InputError
from opencsc.returns.cli import add_reference
from opencsc.returns.data import ReturnData
from opencsc.returns.ssda903.providers import SCHEMA, read_providers
from opencsc.returns.ssda903.schema import SCHEMAS

Sheet = list[list[object]]


def workbook(path: Path, sheets: dict[str, Sheet]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


# Ofsted's combined list (2024 on): providers, and supported accommodation settings.
PROVIDERS = [
    ["Local authority", "URN", "Provider type", "Registration date", "Deregistration date",
     "Placement code", "Provider postcode", "Placement provider code",
     "Number of registered places"],
    ["Kent", "SC000001", "Children's home", datetime(2015, 1, 5), "-", "K2", "ct1 1aa",
     "PR4", 4],
    ["Kent", "SC000002", "Children's home", datetime(2010, 1, 5), datetime(2025, 9, 30), "K1",
     "CT2 2BB", "PR1/PR2", 6],
    ["Surrey", 1234567, "Independent Fostering Agency", "01/02/2012", None, "U4, U5, U6",
     "GU1 1AA", "PR4", None],
]  # fmt: skip
SA_PROVIDERS = [
    ["Provider local authority", "Setting local authority", "URN", "Provider type",
     "Registration date", "Closed date", "Placement code", "Setting address postcode",
     "Capacity"],
    ["Kent", "Medway", "2000001", "Supported accommodation", datetime(2024, 4, 1), None, "K3",
     "ME1 1AA", 3],
    ["Kent", "Kent", "2000001", "Supported accommodation", datetime(2024, 4, 1), None, "K3",
     "CT3 3CC", 5],
]  # fmt: skip


def test_the_combined_list_gives_one_row_per_urn(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "providers.xlsx",
        {"Notes": [["About this list"]], "Providers": PROVIDERS, "SA Providers": SA_PROVIDERS},
    )
    got = read_providers([path])
    assert got.schema == SCHEMA
    rows = {r["URN"]: r for r in got.iter_rows(named=True)}
    assert set(rows) == {"SC000001", "SC000002", "1234567", "2000001"}
    assert rows["SC000001"] == {
        "URN": "SC000001",
        "PROVIDER_TYPE": "Children's home",
        "PLACE_CODES": ["K2"],
        "PROVIDER_CODES": ["PR4"],
        "POSTCODES": ["CT11AA"],
        "LA_NAMES": ["Kent"],
        "REG_START": date(2015, 1, 5),
        "REG_END": None,
        "PLACES": 4,
    }
    assert rows["SC000002"]["PROVIDER_CODES"] == ["PR1", "PR2"]
    assert rows["SC000002"]["REG_END"] == date(2025, 9, 30)
    assert rows["1234567"]["PLACE_CODES"] == ["U4", "U5", "U6"]
    assert rows["1234567"]["REG_START"] == date(2012, 2, 1)
    # a supported accommodation provider: its settings' postcodes and local authorities
    assert rows["2000001"]["POSTCODES"] == ["CT33CC", "ME11AA"]
    assert rows["2000001"]["LA_NAMES"] == ["Kent", "Medway"]
    assert rows["2000001"]["PLACES"] == 5


def test_the_older_lists_and_csv_are_read_too(tmp_path: Path) -> None:
    # children's homes list: codes named the other way round, address on its own sheet
    homes = workbook(
        tmp_path / "ch.xlsx",
        {
            "Settings and Inspection Info": [
                ["URN", "Local Authority", "Provider Code", "Provider Placement Code",
                 "Closed Date"],
                ["SC000003", "Kent", "K2", "PR4/PR5", None],
            ],
            "Address Details": [["URN", "Setting Postcode"], ["SC000003", "CT4 4DD"]],
        },
    )  # fmt: skip
    # social care providers list: current and closed providers
    scp = workbook(
        tmp_path / "scp.xlsx",
        {
            "Current providers": [
                ["URN", "Provision type", "Local authority", "Placement code",
                 "Placement provider code"],
                ["1111111", "Voluntary Adoption Agency", "Kent", "A4", "PR5"],
            ],
            "Providers closed in 2024-25": [
                ["URN", "Provision type", "Local authority", "Deregistration date",
                 "Placement code", "Placement provider code"],
                ["2222222", "Independent Fostering Agency", "Kent", "01/10/2024", "U4", "PR4"],
            ],
        },
    )  # fmt: skip
    csv = tmp_path / "extra.csv"
    csv.write_text("Title line\nURN,Placement code,Setting postcode\n3333333,R3,CT5 5EE\n")
    got = {r["URN"]: r for r in read_providers([homes, scp, csv]).iter_rows(named=True)}
    assert got["SC000003"]["PLACE_CODES"] == ["K2"]
    assert got["SC000003"]["PROVIDER_CODES"] == ["PR4", "PR5"]
    assert got["SC000003"]["POSTCODES"] == ["CT44DD"]
    assert got["SC000003"]["REG_END"] is None
    assert got["1111111"]["REG_END"] is None
    assert got["2222222"]["REG_END"] == date(2024, 10, 1)
    assert got["3333333"]["PLACE_CODES"] == ["R3"]


def test_a_provider_open_on_one_sheet_is_open(tmp_path: Path) -> None:
    head = ["URN", "Placement code", "Deregistration date"]
    path = workbook(
        tmp_path / "p.xlsx",
        {
            "Current": [head, ["4444444", "U4", None]],
            "Closed": [head, ["4444444", "U4", "01/01/2020"]],
        },
    )
    assert read_providers([path])["REG_END"].to_list() == [None]


def test_a_folder_of_lists_is_read(tmp_path: Path) -> None:
    workbook(tmp_path / "a.xlsx", {"Providers": PROVIDERS})
    assert read_providers([tmp_path]).height == 3


@pytest.mark.parametrize(
    ("cell", "field", "value", "reason"),
    [
        ("soon", "Deregistration date", "soon", "is not a date"),
        ("32/01/2025", "Deregistration date", "32/01/2025", "is not a date"),
    ],
)
def test_a_bad_date_names_file_sheet_row_field_and_value(
    tmp_path: Path, cell: str, field: str, value: str, reason: str
) -> None:
    rows = [r[:] for r in PROVIDERS]
    rows[2][4] = cell
    path = workbook(tmp_path / "p.xlsx", {"Providers": rows})
    with pytest.raises(InputError) as exc:
        read_providers([path])
    err = exc.value
    assert (err.file, err.line, err.field, err.value) == (f"{path} [Providers]", 3, field, value)
    assert reason in str(err)


def test_garbled_codes_are_refused(tmp_path: Path) -> None:
    rows = [r[:] for r in PROVIDERS]
    rows[1][5] = "K2, K2+"
    path = workbook(tmp_path / "p.xlsx", {"Providers": rows})
    with pytest.raises(InputError, match="is not a placement or provider code") as exc:
        read_providers([path])
    assert (exc.value.line, exc.value.field, exc.value.value) == (2, "Placement code", "K2+")


def test_words_in_a_code_column_are_no_codes(tmp_path: Path) -> None:
    rows = [r[:] for r in PROVIDERS]
    rows[1][7] = "Not provided"
    path = workbook(tmp_path / "p.xlsx", {"Providers": rows})
    got = read_providers([path]).filter(URN="SC000001")
    assert got["PROVIDER_CODES"].to_list() == [[]]


def test_a_workbook_without_urns_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", {"Sheet": [["Name", "Postcode"], ["A home", "CT1 1AA"]]})
    with pytest.raises(InputError, match="has no sheet with a URN column") as exc:
        read_providers([path])
    assert exc.value.file == str(path)
    path = workbook(tmp_path / "q.xlsx", {"Providers": [PROVIDERS[0]]})
    with pytest.raises(InputError, match="lists no providers"):
        read_providers([path])


def test_a_workbook_declaring_entities_is_refused(tmp_path: Path) -> None:
    good = workbook(tmp_path / "p.xlsx", {"Providers": PROVIDERS})
    bad = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(item, data)
    with pytest.raises(InputError, match="DOCTYPE or ENTITY") as exc:
        read_providers([bad])
    assert exc.value.file == str(bad)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("p.xlsx", b"not a zip file", "cannot be read as an Excel workbook"),
        ("p.xls", b"\xd0\xcf\x11\xe0", "is not an Ofsted provider list"),
        ("p.csv", "URN\n\xe9".encode("latin-1"), "is not UTF-8"),
        ("p.csv", b"", "file is empty"),
    ],
)
def test_unreadable_files_are_refused_with_their_name(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as exc:
        read_providers([path])
    assert exc.value.file == str(path)


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_providers([tmp_path / "nope.xlsx"])
    with pytest.raises(InputError, match=r"holds no \.xlsx or \.csv files"):
        read_providers([tmp_path])


def test_the_cli_attaches_the_register(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", {"Providers": PROVIDERS})
    data = ReturnData.from_rows("903", "2025-26", SCHEMAS["2025-26"], {"Episodes": []})
    add_reference(data, postcodes=None, ofsted=[path])
    assert data.reference["providers"].height == 3
    assert data.has("providers")
