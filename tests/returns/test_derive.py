"""Deriving the returns from the record: scope, dates as at 31 March, and the XML the DfE accepts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from opencsc.returns import derive
from opencsc.returns.cin.read import read_cin
from opencsc.returns.cin.write import write_cin
from opencsc.returns.ssda903.read import read_903
from opencsc.returns.ssda903.write import write_903
from opencsc.synth import simulate

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "schemas"


@pytest.mark.parametrize(
    ("year", "xsd"),
    [
        ("2024-25", "CIN_schema_2025.xsd"),
        ("2025-26", "CIN_schema_2026.xsd"),
        ("2025-26", "CIN_schema_2025.xsd"),
    ],
)
def test_built_cin_xml_validates_against_the_dfe_schema(
    record: dict, tmp_path: Path, year: str, xsd: str
) -> None:
    data = derive.cin_census(record, year, la_code="999")
    out = write_cin(data, tmp_path / "cin.xml")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / xsd)))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log
    assert doc.getroot().find("Children") is not None and data.raw["ChildIdentifiers"].height > 100


def test_cin_xml_round_trips(record: dict, tmp_path: Path) -> None:
    data = derive.cin_census(record, "2025-26", la_code="999")
    back = read_cin(write_cin(data, tmp_path / "cin.xml"), "2025-26")
    for name, frame in data.raw.items():
        assert back.raw[name].equals(frame), name


def test_903_csvs_round_trip(record: dict, tmp_path: Path) -> None:
    data = derive.ssda903(record, "2025-26")
    written = write_903(data, tmp_path / "out")
    assert {p.name for p in written} >= {"header.csv", "episodes.csv", "reviews.csv"}
    back = read_903(written, "2025-26")
    for name, frame in data.raw.items():
        assert back.raw[name].equals(frame), name
    assert not list((tmp_path / "out").glob(".partial-*"))


def test_cin_scope_is_referrals_open_in_the_year(record: dict) -> None:
    s, e = date(2025, 4, 1), date(2026, 3, 31)
    data = derive.cin_census(record, "2025-26", la_code="999")
    refs = record["referrals"].filter(
        (pl.col("referral_date") <= e)
        & (pl.col("closure_date").is_null() | (pl.col("closure_date") >= s))
    )
    assert data.raw["CINdetails"].height == refs.height
    typed = data.typed("CINdetails")
    assert typed["CINreferralDate"].max() <= e
    assert typed["CINclosureDate"].drop_nulls().max() <= e
    # a referral still open at 31 March has no closure date or reason in the return
    open_now = typed.filter(pl.col("CINclosureDate").is_null())
    assert open_now["ReasonForClosure"].null_count() == open_now.height


def test_number_of_previous_plans_counts_earlier_plans_of_the_child() -> None:
    d = date
    record = {
        "persons": pl.DataFrame(
            {
                "person_id": [1],
                "la_child_id": ["C1"],
                "date_of_birth": [d(2015, 1, 1)],
                "sex": ["F"],
                "ethnicity": ["WBRI"],
                "upn": [None],
                "date_of_death": [None],
                "disabilities": [[]],
            },
            schema_overrides={
                "upn": pl.Utf8,
                "date_of_death": pl.Date,
                "disabilities": pl.List(pl.Utf8),
            },
        ),
        "referrals": pl.DataFrame(
            {
                "referral_id": [10, 11],
                "person_id": [1, 1],
                "referral_date": [d(2022, 1, 1), d(2025, 5, 1)],
                "source": ["6", "6"],
                "primary_need": ["N1", "N1"],
                "nfa": [False, False],
                "closure_date": [d(2023, 1, 1), None],
                "closure_reason": ["RC7", None],
            }
        ),
        "assessments": pl.DataFrame(
            schema={
                "assessment_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "authorised_date": pl.Date,
                "factors": pl.List(pl.Utf8),
            }
        ),
        "cin_plans": pl.DataFrame(
            schema={
                "cin_plan_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "end_date": pl.Date,
            }
        ),
        "s47_enquiries": pl.DataFrame(
            schema={
                "s47_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "start_date": pl.Date,
                "end_date": pl.Date,
                "outcome": pl.Utf8,
                "icpc_target_date": pl.Date,
            }
        ),
        "conferences": pl.DataFrame(
            schema={
                "conference_id": pl.Int64,
                "referral_id": pl.Int64,
                "person_id": pl.Int64,
                "s47_id": pl.Int64,
                "cp_plan_id": pl.Int64,
                "kind": pl.Utf8,
                "conference_date": pl.Date,
                "outcome": pl.Utf8,
            }
        ),
        "cp_plans": pl.DataFrame(
            {
                "cp_plan_id": [5, 6],
                "referral_id": [10, 11],
                "person_id": [1, 1],
                "start_date": [d(2022, 2, 1), d(2025, 6, 1)],
                "end_date": [d(2022, 9, 1), None],
                "initial_category": ["NEG", "PHY"],
                "latest_category": ["NEG", "PHY"],
            }
        ),
    }
    data = derive.cin_census(record, "2025-26", la_code="999")
    assert data.raw["CINdetails"]["CINreferralDate"].to_list() == ["2025-05-01"]
    assert data.raw["ChildProtectionPlans"].select(
        "CPPstartDate", "NumberOfPreviousCPP"
    ).rows() == [("2025-06-01", "1")]
    assert data.raw["ChildIdentifiers"]["UPNunknown"].to_list() == ["UN5"]


def test_903_scope_is_children_looked_after_in_the_year(record: dict) -> None:
    s, e = date(2025, 4, 1), date(2026, 3, 31)
    data = derive.ssda903(record, "2025-26")
    eps = record["cla_episodes"].filter(
        (pl.col("start_date") <= e) & (pl.col("end_date").is_null() | (pl.col("end_date") >= s))
    )
    assert data.raw["Episodes"].height == eps.height
    # The Header lists every child in the return: looked after, or a care leaver in OC3.
    leavers = record["care_leaver_contacts"].filter(pl.col("birthday_date").is_between(s, e))
    in_return = pl.concat([eps["person_id"], leavers["person_id"]]).n_unique()
    assert leavers.height and in_return > eps["person_id"].n_unique()
    assert data.raw["Header"].height == in_return
    assert set(data.raw["OC3"]["CHILD"]) <= set(data.raw["Header"]["CHILD"])
    typed = data.typed("Episodes")
    assert typed["DEC"].drop_nulls().max() <= e
    assert (
        typed.filter(pl.col("DEC").is_null())["REC"].null_count()
        == typed.filter(pl.col("DEC").is_null()).height
    )


def test_903_mother_is_recorded_for_every_girl_looked_after_and_only_them(record: dict) -> None:
    data = derive.ssda903(record, "2025-26")
    header = data.raw["Header"]
    looked_after = header["CHILD"].is_in(data.raw["Episodes"]["CHILD"].implode())
    # Care leavers who were not looked after in the year are not asked (rule 628).
    assert header.filter(~looked_after)["MOTHER"].is_null().all()
    header = header.filter(looked_after)
    girls = header.filter(pl.col("SEX") == "F")
    assert girls.height and girls["MOTHER"].is_in(["0", "1"]).all()
    assert header.filter(pl.col("SEX") != "F")["MOTHER"].is_null().all()
    mothers = girls.filter(pl.col("MOTHER") == "1")
    assert mothers["MC_DOB"].is_not_null().all()


def test_903_placed_for_adoption_is_the_decision_and_its_reversal() -> None:
    # Adoptions are rare (about one a year per 4,000 children): a larger authority than `record`.
    record = simulate(6000, 4, 11)
    adopted = 0
    for year in ("2024-25", "2025-26"):
        data = derive.ssda903(record, year)
        placed, ad1 = data.raw["PlacedAdoption"], data.raw["AD1"]
        # DATE_PLACED is the date of the decision that the child should be placed, as DATE_INT
        # is in AD1 (rule 523).
        both = placed.join(ad1, on="CHILD")
        assert both.height == ad1.height and (both["DATE_PLACED"] == both["DATE_INT"]).all()
        adopted += ad1.height
        # A child on a placement order (E1) has a decision in PlacedAdoption (rule 553).
        e1 = data.raw["Episodes"].filter(pl.col("LS") == "E1")["CHILD"].unique()
        assert e1.len() and e1.is_in(placed["CHILD"].implode()).all()
        # A reversed decision carries its date and reason together.
        reversed_ = placed.filter(pl.col("DATE_PLACED_CEASED").is_not_null())
        assert reversed_["REASON_PLACED_CEASED"].is_in(["RD1", "RD2", "RD3", "RD4"]).all()
        assert (
            placed.filter(pl.col("DATE_PLACED_CEASED").is_null())["REASON_PLACED_CEASED"]
            .is_null()
            .all()
        )
    assert adopted


def test_903_reports_a_placement_in_the_code_list_of_its_year(record: dict) -> None:
    # An open placement the record holds as K3 (2025-26 codes) is H5 in the 2024-25 return.
    eps = record["cla_episodes"]
    open_then = (pl.col("start_date") <= date(2025, 3, 31)) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= date(2025, 4, 1))
    )
    target = eps.filter(open_then)["episode_id"][0]
    changed = dict(record)
    changed["cla_episodes"] = eps.with_columns(
        pl.when(pl.col("episode_id") == target)
        .then(pl.lit("K3"))
        .otherwise(pl.col("placement_type"))
        .alias("placement_type")
    )
    before = derive.ssda903(changed, "2024-25").raw["Episodes"]["PLACE"]
    after = derive.ssda903(changed, "2025-26").raw["Episodes"]["PLACE"]
    assert "K3" not in before.to_list()
    assert "K3" in after.to_list()


def test_cin_leaves_out_an_enquiry_whose_conference_was_reported_last_year(record: dict) -> None:
    s = date(2025, 4, 1)
    # Move one enquiry with a conference so that it runs across 1 April, its conference in March.
    icpc = record["conferences"].filter(pl.col("kind") == "initial")
    target = icpc.filter(pl.col("conference_date") >= s)["s47_id"].drop_nulls()[0]
    changed = dict(record)
    changed["s47_enquiries"] = record["s47_enquiries"].with_columns(
        pl.when(pl.col("s47_id") == target)
        .then(pl.lit(s - timedelta(days=20)))
        .otherwise(pl.col("start_date"))
        .alias("start_date"),
        pl.when(pl.col("s47_id") == target)
        .then(pl.lit(s + timedelta(days=10)))
        .otherwise(pl.col("end_date"))
        .alias("end_date"),
    )
    changed["conferences"] = record["conferences"].with_columns(
        pl.when(pl.col("s47_id") == target)
        .then(pl.lit(s - timedelta(days=5)))
        .otherwise(pl.col("conference_date"))
        .alias("conference_date")
    )
    data = derive.cin_census(changed, "2025-26", la_code="999")
    assert data.typed("Section47")["DateOfInitialCPC"].drop_nulls().min() >= s
    # Still open across 1 April but left out; everything else unchanged.
    kept = derive.cin_census(record, "2025-26", la_code="999").raw["Section47"].height
    assert data.raw["Section47"].height == kept - 1
