"""Read the case record into the data layer's tables, for deriving the statutory returns.

The one place that knows both the Django models and the tables `opencsc.returns.derive` reads
(the contract in `opencsc.synth.tables`). Queries select only the columns needed, in bulk, so a
large authority's record reads in seconds; no per-row ORM objects are built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import QuerySet

from opencsc.care import models as care
from opencsc.journey import models as journey
from opencsc.people import models as people
from opencsc.returns import derive
from opencsc.returns.data import ReturnData
from opencsc.synth.tables import SCHEMAS


def _frame(table: str, qs: QuerySet[Any], mapping: dict[str, str]) -> pl.DataFrame:
    """Rows of `qs` as the contract's table: `mapping` is contract column -> ORM field path."""
    schema = {c: SCHEMAS[table][c] for c in mapping}
    rows = list(qs.values_list(*mapping.values()))
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    # The record stores "not recorded" as an empty string; the tables use null.
    return frame.with_columns(
        [pl.col(c).replace("", None) for c, t in schema.items() if t == pl.String()]
    )


def record_tables() -> dict[str, pl.DataFrame]:
    persons = _frame(
        "persons",
        people.Person.objects.filter(is_child=True).order_by("id"),
        {
            "person_id": "id",
            "la_child_id": "la_child_id",
            "date_of_birth": "date_of_birth",
            "sex": "sex",
            "ethnicity": "ethnicity",
            "upn": "upn",
            "date_of_death": "date_of_death",
        },
    )
    disabilities = (
        pl.DataFrame(
            list(people.PersonDisability.objects.values_list("person_id", "code")),
            schema={"person_id": pl.Int64, "code": pl.String},
            orient="row",
        )
        .group_by("person_id")
        .agg(pl.col("code").alias("disabilities"))
    )
    uasc = pl.DataFrame(
        list(care.UascStatus.objects.filter(uasc=True).values_list("person_id", "ceased_date")),
        schema={"person_id": pl.Int64, "uasc_ceased": pl.Date},
        orient="row",
    ).with_columns(pl.lit(True).alias("uasc"))
    persons = (
        persons.join(disabilities, on="person_id", how="left")
        .join(uasc, on="person_id", how="left")
        .with_columns(
            pl.col("disabilities").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("uasc").fill_null(False),
        )
    )
    factors = (
        pl.DataFrame(
            list(journey.AssessmentFactor.objects.values_list("assessment_id", "code")),
            schema={"assessment_id": pl.Int64, "code": pl.String},
            orient="row",
        )
        .group_by("assessment_id")
        .agg(pl.col("code").alias("factors"))
    )
    assessments = (
        _frame(
            "assessments",
            journey.Assessment.objects.all(),
            {
                "assessment_id": "id",
                "referral_id": "referral_id",
                "person_id": "person_id",
                "start_date": "start_date",
                "authorised_date": "authorised_date",
            },
        )
        .join(factors, on="assessment_id", how="left")
        .with_columns(pl.col("factors").fill_null(pl.lit([], dtype=pl.List(pl.String))))
    )
    adoptions = _frame(
        "adoptions",
        care.Adoption.objects.all(),
        {
            "person_id": "person_id",
            "decision_date": "decision_date",
            "placement_order_date": "placement_order_date",
            "match_date": "match_date",
            "adoption_order_date": "adoption_order_date",
            "foster_care": "foster_care",
            "number_of_adopters": "number_of_adopters",
            "sex_of_adopters": "sex_of_adopters",
            "adopters_legal_status": "adopters_legal_status",
        },
    )
    ceased = pl.DataFrame(
        list(
            care.PlacedForAdoption.objects.values_list("person_id", "ceased_date", "reason_ceased")
        ),
        schema={
            "person_id": pl.Int64,
            "decision_ceased_date": pl.Date,
            "decision_ceased_reason": pl.String,
        },
        orient="row",
    ).with_columns(pl.col("decision_ceased_reason").replace("", None))
    placed = ceased.unique("person_id", keep="first")
    adoptions = adoptions.join(placed, on="person_id", how="left")
    return {
        "persons": persons,
        "relationships": _frame(
            "relationships",
            people.Relationship.objects.all(),
            {
                "person_id": "person_id",
                "other_person_id": "other_person_id",
                "relationship": "kind",
            },
        ),
        "referrals": _frame(
            "referrals",
            journey.Referral.objects.all(),
            {
                "referral_id": "id",
                "person_id": "person_id",
                "referral_date": "referral_date",
                "source": "source",
                "primary_need": "primary_need",
                "nfa": "nfa",
                "closure_date": "closure_date",
                "closure_reason": "closure_reason",
            },
        ),
        "assessments": assessments,
        "cin_plans": _frame(
            "cin_plans",
            journey.CinPlan.objects.all(),
            {
                "cin_plan_id": "id",
                "referral_id": "referral_id",
                "person_id": "person_id",
                "start_date": "start_date",
                "end_date": "end_date",
            },
        ),
        "s47_enquiries": _frame(
            "s47_enquiries",
            journey.S47Enquiry.objects.all(),
            {
                "s47_id": "id",
                "referral_id": "referral_id",
                "person_id": "person_id",
                "start_date": "start_date",
                "end_date": "end_date",
                "outcome": "outcome",
                "icpc_target_date": "icpc_target_date",
            },
        ),
        "conferences": _frame(
            "conferences",
            journey.Conference.objects.all(),
            {
                "conference_id": "id",
                "referral_id": "referral_id",
                "person_id": "person_id",
                "s47_id": "s47_enquiry_id",
                "cp_plan_id": "cp_plan_id",
                "kind": "kind",
                "conference_date": "conference_date",
                "outcome": "outcome",
            },
        ),
        "cp_plans": _frame(
            "cp_plans",
            journey.CpPlan.objects.all(),
            {
                "cp_plan_id": "id",
                "referral_id": "referral_id",
                "person_id": "person_id",
                "start_date": "start_date",
                "end_date": "end_date",
                "initial_category": "initial_category",
                "latest_category": "latest_category",
            },
        ),
        "cla_episodes": _frame(
            "cla_episodes",
            care.Episode.objects.all(),
            {
                "episode_id": "id",
                "person_id": "person_id",
                "period_id": "period_id",
                "start_date": "start_date",
                "reason_new_episode": "reason_new_episode",
                "legal_status": "legal_status",
                "category_of_need": "category_of_need",
                "placement_type": "placement_type",
                "placement_provider": "placement_provider",
                "home_postcode": "home_postcode",
                "placement_postcode": "placement_postcode",
                "urn": "urn",
                "end_date": "end_date",
                "reason_ceased": "reason_ceased",
                "reason_place_change": "reason_place_change",
            },
        ),
        "cla_reviews": _frame(
            "cla_reviews",
            care.ClaReview.objects.all(),
            {
                "review_id": "id",
                "person_id": "person_id",
                "period_id": "period_id",
                "review_date": "review_date",
                "participation": "participation",
            },
        ),
        "missing_episodes": _frame(
            "missing_episodes",
            care.MissingEpisode.objects.all(),
            {
                "missing_id": "id",
                "person_id": "person_id",
                "kind": "kind",
                "start_date": "start_date",
                "end_date": "end_date",
            },
        ),
        "adoptions": adoptions,
        "care_leaver_contacts": _frame(
            "care_leaver_contacts",
            care.CareLeaverContact.objects.all(),
            {
                "person_id": "person_id",
                "birthday_date": "contact_date",
                "in_touch": "in_touch",
                "activity": "activity",
                "accommodation": "accommodation",
                "staying_put": "staying_put",
            },
        ),
    }


def derive_return(kind: str, year: str) -> ReturnData:
    tables = record_tables()
    if kind == "cin":
        return derive.cin_census(tables, year, la_code=settings.OPENCSC_LA_CODE)
    return derive.ssda903(tables, year, la_code=settings.OPENCSC_LA_CODE)


def build_return(kind: str, year: str, out: Path) -> tuple[ReturnData, list[Path]]:
    """Derive a return from the record and write it; returns the data and the files written."""
    data = derive_return(kind, year)
    if kind == "cin":
        from opencsc.returns.cin.write import write_cin

        return data, [write_cin(data, out)]
    from opencsc.returns.ssda903.write import write_903

    return data, write_903(data, out)
