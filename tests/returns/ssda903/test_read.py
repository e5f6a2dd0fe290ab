from __future__ import annotations

from pathlib import Path

import pytest

from opencsc.core.errors import InputError
from opencsc.returns import files
from opencsc.returns.ssda903.read import read_903

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def test_tables_are_recognised_by_their_headers_in_any_order_and_case(tmp_path: Path) -> None:
    a = _write(
        tmp_path,
        "anything.csv",
        "dob,child,sex,ethnic,upn,mother,mc_dob\n01/01/2015,A1,M,WBRI,UN1,,\n",
    )
    b = _write(tmp_path, "x.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/01/2015,01/06/2025,PN1\n")
    data = read_903([a, b], "2025-26")
    assert set(data.raw) == {"Header", "Reviews"}
    assert data.raw["Header"].row(0, named=True) == {
        "_row": 0,
        "CHILD": "A1",
        "SEX": "M",
        "DOB": "01/01/2015",
        "ETHNIC": "WBRI",
        "UPN": "UN1",
        "MOTHER": None,
        "MC_DOB": None,
    }
    assert data.sources["Reviews"] == str(b)


def test_a_folder_is_read_whole_and_last_year_gets_its_own_tables(tmp_path: Path) -> None:
    (tmp_path / "now").mkdir()
    (tmp_path / "then").mkdir()
    _write(tmp_path / "now", "h.csv", HEADER + "A1,M,01/01/2015,WBRI,UN1,,\n")
    _write(tmp_path / "then", "h.csv", HEADER + "A1,M,01/01/2015,WBRI,UN1,,\n")
    data = read_903([tmp_path / "now"], "2025-26", last_year=[tmp_path / "then"])
    assert set(data.raw) == {"Header", "Header_last"}


def test_an_unrecognised_header_names_the_closest_table_and_the_difference(tmp_path: Path) -> None:
    p = _write(tmp_path, "h.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MCDOB\nA,M,,,,,\n")
    with pytest.raises(InputError) as exc:
        read_903([p], "2025-26")
    assert exc.value.line == 1 and exc.value.file == str(p)
    assert "closest: Header: missing MC_DOB; unexpected MCDOB" in str(exc.value)


def test_a_table_from_another_year_is_named(tmp_path: Path) -> None:
    p = _write(tmp_path, "d.csv", "CHILD,DOB,DOLO_START,DOLO_END\n")
    with pytest.raises(InputError, match="DoLo table, which this year's return does not have"):
        read_903([p], "2025-26")
    assert read_903([p], "2026-27").raw["DoLo"].height == 0


def test_a_row_with_the_wrong_number_of_fields_names_its_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "h.csv", HEADER + "A1,M,01/01/2015,WBRI,UN1,,\nA2,M,01/01/2015\n")
    with pytest.raises(InputError) as exc:
        read_903([p], "2025-26")
    assert exc.value.line == 3 and "has 3 fields where the header has 7" in str(exc.value)


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "h.csv",
        (HEADER + "A1,M,01/01/2015,WBRI,UN1,,\nA\xe92,M,,,,,\n").encode("latin-1"),
    )
    with pytest.raises(InputError) as exc:
        read_903([p], "2025-26")
    assert exc.value.line == 3 and "not UTF-8" in str(exc.value)


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = HEADER + "A1,M,01/01/2015,WBRI,UN1,,\n"
    a = _write(tmp_path, "a.csv", b"\xef\xbb\xbf" + text.encode())
    assert read_903([a], "2025-26").raw["Header"]["CHILD"].to_list() == ["A1"]
    b = _write(tmp_path, "b.csv", text.encode("utf-16"))
    assert read_903([b], "2025-26").raw["Header"]["CHILD"].to_list() == ["A1"]


@pytest.mark.parametrize(
    ("content", "message"), [("", "file is empty"), ("\n\n", "no column headers")]
)
def test_empty_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_903([_write(tmp_path, "e.csv", content)], "2025-26")


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    p = _write(tmp_path, "h.csv", HEADER)
    with pytest.raises(InputError, match="larger than the"):
        read_903([p], "2025-26")


def test_the_same_table_twice_is_refused(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.csv", HEADER)
    b = _write(tmp_path, "b.csv", HEADER)
    with pytest.raises(InputError, match="already read from"):
        read_903([a, b], "2025-26")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_903([tmp_path / "nope.csv"], "2025-26")


XML = """<?xml version="1.0"?>
<EXPSSDA903><CHILD><HEADER><CHILDID>C1</CHILDID><UPN>UN1</UPN><SEX>M</SEX><DOB>01/01/2015</DOB><ETHNIC>WBRI</ETHNIC>
<DUC>01/02/2026</DUC><AREVIEW><REVIEW>01/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
<AREVIEW><REVIEW>01/12/2025</REVIEW><REVIEW_CODE>PN2</REVIEW_CODE></AREVIEW>
<AMISSING><MISSING>M</MISSING><MIS_START>02/02/2026</MIS_START></AMISSING></HEADER>
<EPISODE><DECOM>01/04/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC></DEC><REC></REC></EPISODE>
</CHILD></EXPSSDA903>"""


def test_xml_returns_are_flattened_into_the_csv_tables(tmp_path: Path) -> None:
    data = read_903([_write(tmp_path, "r.xml", XML)], "2025-26")
    assert data.raw["Episodes"].select("CHILD", "PLACE", "DEC").to_dicts() == [
        {"CHILD": "C1", "PLACE": "U1", "DEC": None}
    ]
    assert data.raw["Reviews"]["REVIEW_CODE"].to_list() == ["PN1", "PN2"]
    assert data.raw["UASC"]["DUC"].to_list() == ["01/02/2026"]
    assert data.raw["Missing"]["MIS_START"].to_list() == ["02/02/2026"]


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "r.xml", XML[: XML.index("<EPISODE>") + 20])
    with pytest.raises(InputError) as exc:
        read_903([p], "2025-26")
    assert "not well-formed XML" in str(exc.value) and exc.value.line is not None


def test_xml_with_entities_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><EXPSSDA903>&b;</EXPSSDA903>'
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        read_903([_write(tmp_path, "b.xml", bomb)], "2025-26")
