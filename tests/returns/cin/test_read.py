from __future__ import annotations

from pathlib import Path

import pytest

from opencsc.core.errors import InputError
from opencsc.returns.cin.read import read_cin

CHILD = """<Child>
 <ChildIdentifiers><LAchildID>{kid}</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
 <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>MOB</Disability><Disability>HAND</Disability></Disabilities></ChildCharacteristics>
 <CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
  <Assessments><AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-06-01</AssessmentAuthorisationDate>
   <FactorsIdentifiedAtAssessment><AssessmentFactors>1A</AssessmentFactors><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
  <Section47><S47ActualStartDate>2025-05-03</S47ActualStartDate><InitialCPCtarget>2025-05-24</InitialCPCtarget><DateOfInitialCPC>2025-05-20</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>
  <ReferralNFA>0</ReferralNFA>
  <ChildProtectionPlans><CPPstartDate>2025-05-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
   <Reviews><CPPreviewDate>2025-08-20</CPPreviewDate><CPPreviewDate>2026-02-20</CPPreviewDate></Reviews></ChildProtectionPlans>
 </CINdetails>
 <CINdetails><CINreferralDate>2024-01-01</CINreferralDate><ReferralSource>6</ReferralSource><CINclosureDate>2025-04-10</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure><ReferralNFA>0</ReferralNFA></CINdetails>
</Child>"""

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>x</SoftwareCode><SerialNo>001</SerialNo><DateTime>2026-04-01T00:00:00</DateTime></Source></Header><Children>"""


def _file(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "cin.xml"
    p.write_text(body)
    return p


def test_a_census_is_flattened_with_keys_for_each_level(tmp_path: Path) -> None:
    data = read_cin(
        _file(
            tmp_path,
            HEAD + CHILD.format(kid="C1") + CHILD.format(kid="C2") + "</Children></Message>",
        ),
        "2025-26",
    )
    heights = {k: v.height for k, v in data.raw.items()}
    assert heights == {
        "Header": 1,
        "ChildIdentifiers": 2,
        "ChildCharacteristics": 2,
        "Disabilities": 4,
        "CINdetails": 4,
        "Assessments": 2,
        "AssessmentFactorsList": 4,
        "CINplanDates": 0,
        "Section47": 2,
        "ChildProtectionPlans": 2,
        "Reviews": 4,
    }
    assert data.raw["CINdetails"].select("LAchildID", "CINdetailsID").rows() == [
        ("C1", "1"),
        ("C1", "2"),
        ("C2", "1"),
        ("C2", "2"),
    ]
    assert data.raw["AssessmentFactorsList"].filter(
        data.raw["AssessmentFactorsList"]["LAchildID"] == "C2"
    )["AssessmentFactor"].to_list() == ["1A", "3B"]
    assert data.la_code == "999"


def test_every_review_date_in_one_reviews_block_is_kept(tmp_path: Path) -> None:
    # The peer validator keeps only the first CPPreviewDate of a <Reviews> block.
    data = read_cin(
        _file(tmp_path, HEAD + CHILD.format(kid="C1") + "</Children></Message>"), "2025-26"
    )
    assert data.raw["Reviews"]["CPPreviewDate"].to_list() == ["2025-08-20", "2026-02-20"]


def test_truncated_xml_names_the_line(tmp_path: Path) -> None:
    text = HEAD + CHILD.format(kid="C1")
    with pytest.raises(InputError) as exc:
        read_cin(_file(tmp_path, text[: len(text) - 200]), "2025-26")
    assert "not well-formed XML" in str(exc.value) and exc.value.line and exc.value.line > 1


def test_an_xml_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE Message [{lol}]><Message>&l9;</Message>'
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        read_cin(_file(tmp_path, bomb), "2025-26")


def test_the_wrong_kind_of_xml_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"starts with <EXPSSDA903>, not <Message>"):
        read_cin(_file(tmp_path, "<EXPSSDA903><CHILD/></EXPSSDA903>"), "2025-26")


def test_a_census_with_no_children_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no <Child>"):
        read_cin(_file(tmp_path, HEAD + "</Children></Message>"), "2025-26")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file is empty"):
        read_cin(_file(tmp_path, ""), "2025-26")
