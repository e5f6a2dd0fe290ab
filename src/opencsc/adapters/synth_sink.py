"""Write the synthetic authority's tables into the record.

The one place (with the returns adapter to come) that knows both the data layer's tables and the
Django models. Loads in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import polars as pl
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction

from opencsc.access import models as access
from opencsc.access.audit import audit_log
from opencsc.care import models as care
from opencsc.journey import models as journey
from opencsc.people import models as people

BATCH = 2000
SYNTH_USER_PREFIX = "synth-"

# Leaf-first, so each table can be emptied with one DELETE (nothing still refers to it).
RECORD_MODELS: list[type[models.Model]] = [
    care.CareLeaverContact,
    care.CareLeaver,
    care.PathwayPlan,
    care.PlacedForAdoption,
    care.Adoption,
    care.MissingEpisode,
    care.ClaReview,
    care.Episode,
    care.PeriodOfCare,
    care.UascStatus,
    care.AdvocacyOffer,
    care.PermanenceOrder,
    care.PreviousPermanence,
    care.KinshipArrangement,
    care.CourtOrder,
    care.Hearing,
    care.CareProceedings.children.through,
    care.CareProceedings,
    care.PreProceedings,
    care.HealthAssessment,
    care.SdqScore,
    care.SubstanceMisuse,
    care.Conviction,
    journey.Visit,
    journey.CoreGroup,
    journey.Conference,
    journey.CpPlan,
    journey.S47Enquiry,
    journey.StrategyDiscussion,
    journey.CinPlan,
    journey.AssessmentFactor,
    journey.Assessment,
    journey.Referral,
    journey.Contact,
    journey.FamilyNetworkPlan.network_members.through,
    journey.FamilyNetworkPlan,
    journey.FamilyGroupDecisionMeeting,
    access.AccessGrant,
    access.Restriction.named_users.through,
    access.Restriction,
    access.Allocation,
    people.CaseNote,
    people.Document,
    people.SendStatus,
    people.Involvement,
    people.VoiceOfChild,
    people.Relationship,
    people.Address,
    people.PersonDisability,
    people.Person,
    people.Family,
]


class NotSyntheticDatabase(Exception):
    """Refuse to replace data that was not generated."""


def _rows(df: pl.DataFrame) -> Iterable[dict[str, Any]]:
    return df.iter_rows(named=True)


def _bulk(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    batch: list[models.Model] = []
    n = 0
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            model._default_manager.bulk_create(batch)
            n += len(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
        n += len(batch)
    return n


def _clear_synthetic(la: access.LocalAuthority) -> None:
    deployment = access.Deployment.objects.filter(local_authority=la).first()
    has_people = people.Person.objects.exists()
    if (deployment is not None and not deployment.is_synthetic) or (
        deployment is None and has_people
    ):
        raise NotSyntheticDatabase(
            "this database holds records that were not generated; refusing to replace them"
        )
    for model in RECORD_MODELS:
        # Leaf-first order means no cascades are needed, so a plain DELETE is safe and fast.
        qs = model._default_manager.all()
        qs._raw_delete(qs.db)
    access.User.objects.filter(username__startswith=SYNTH_USER_PREFIX).delete()
    access.Team.objects.filter(local_authority=la).delete()


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Explicit ids were inserted; move PostgreSQL's sequences past them."""
    for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
        with connection.cursor() as cur:
            cur.execute(sql)


@transaction.atomic
def write_tables(
    tables: dict[str, pl.DataFrame],
    *,
    population: int,
    years: int,
    seed: int,
    end_date: date,
    la_code: str,
    la_name: str,
) -> dict[str, int]:
    """Replace any earlier synthetic data with these tables. Returns rows written per model."""
    la, _ = access.LocalAuthority.objects.get_or_create(code=la_code, defaults={"name": la_name})
    _clear_synthetic(la)
    access.Deployment.objects.update_or_create(
        local_authority=la,
        defaults={
            "is_synthetic": True,
            "seed": seed,
            "population": population,
            "years": years,
            "end_date": end_date,
        },
    )
    n: dict[str, int] = {}
    t = tables
    fam = t["families"]
    names = dict(t["persons"].group_by("family_id").agg(pl.col("family_name").first()).iter_rows())
    n["families"] = _bulk(
        people.Family,
        (
            people.Family(
                id=r["family_id"],
                local_authority=la,
                name=f"{names.get(r['family_id'], '')} family",
            )
            for r in _rows(fam)
        ),
    )
    n["persons"] = _bulk(
        people.Person,
        (
            people.Person(
                id=r["person_id"],
                local_authority=la,
                la_child_id=r["la_child_id"] or "",
                is_child=r["is_child"],
                given_name=r["given_name"],
                family_name=r["family_name"],
                date_of_birth=r["date_of_birth"],
                sex=r["sex"],
                ethnicity=r["ethnicity"] or "",
                upn=r["upn"] or "",
                nhs_number=r["nhs_number"] or "",
                family_id=r["family_id"],
                date_of_death=r["date_of_death"],
            )
            for r in _rows(t["persons"])
        ),
    )
    n["disabilities"] = _bulk(
        people.PersonDisability,
        (
            people.PersonDisability(person_id=r["person_id"], code=code)
            for r in _rows(t["persons"].filter(pl.col("disabilities").list.len() > 0))
            for code in r["disabilities"]
        ),
    )
    homes = t["persons"].select("person_id", "family_id", "date_of_birth").join(fam, on="family_id")
    n["addresses"] = _bulk(
        people.Address,
        (
            people.Address(
                person_id=r["person_id"],
                postcode=r["postcode"],
                lsoa=r["lsoa"],
                imd_decile=r["imd_decile"],
                start_date=r["date_of_birth"],
            )
            for r in _rows(homes)
        ),
    )
    n["relationships"] = _bulk(
        people.Relationship,
        (
            people.Relationship(
                person_id=r["person_id"],
                other_person_id=r["other_person_id"],
                kind=r["relationship"],
                parental_responsibility=r["relationship"] == "parent",
            )
            for r in _rows(t["relationships"])
        ),
    )
    n["uasc"] = _bulk(
        care.UascStatus,
        (
            care.UascStatus(person_id=r["person_id"], uasc=True, ceased_date=r["uasc_ceased"])
            for r in _rows(t["persons"].filter(pl.col("uasc")))
        ),
    )

    # Staff: teams, then workers as users who cannot sign in (no usable password).
    n["teams"] = _bulk(
        access.Team,
        (
            access.Team(id=r["team_id"], local_authority=la, name=r["name"], kind=r["kind"])
            for r in _rows(t["teams"])
        ),
    )
    unusable = make_password(None)
    _bulk(
        access.User,
        (
            access.User(
                username=f"{SYNTH_USER_PREFIX}{r['worker_id']}",
                first_name=r["given_name"],
                last_name=r["family_name"],
                role=r["role"],
                team_id=r["team_id"],
                local_authority=la,
                password=unusable,
            )
            for r in _rows(t["workers"])
        ),
    )
    user_ids = {
        int(u.removeprefix(SYNTH_USER_PREFIX)): pk
        for u, pk in access.User.objects.filter(username__startswith=SYNTH_USER_PREFIX).values_list(
            "username", "id"
        )
    }
    n["workers"] = len(user_ids)
    for r in _rows(t["workers"].filter(pl.col("role") == "team_manager")):
        access.Team.objects.filter(id=r["team_id"]).update(manager_id=user_ids[r["worker_id"]])
    n["allocations"] = _bulk(
        access.Allocation,
        (
            access.Allocation(
                id=r["allocation_id"],
                person_id=r["person_id"],
                worker_id=user_ids[r["worker_id"]],
                role=r["role"],
                start_date=r["start_date"],
                end_date=r["end_date"],
            )
            for r in _rows(t["allocations"])
        ),
    )

    n["contacts"] = _bulk(
        journey.Contact,
        (
            journey.Contact(
                id=r["contact_id"],
                person_id=r["person_id"],
                contact_date=r["contact_date"],
                source=r["source"],
                outcome=r["outcome"] or "",
            )
            for r in _rows(t["contacts"])
        ),
    )
    n["referrals"] = _bulk(
        journey.Referral,
        (
            journey.Referral(
                id=r["referral_id"],
                person_id=r["person_id"],
                contact_id=r["contact_id"],
                referral_date=r["referral_date"],
                source=r["source"],
                primary_need=r["primary_need"] or "",
                decision_date=r["decision_date"],
                nfa=r["nfa"],
                closure_date=r["closure_date"],
                closure_reason=r["closure_reason"] or "",
            )
            for r in _rows(t["referrals"])
        ),
    )
    n["assessments"] = _bulk(
        journey.Assessment,
        (
            journey.Assessment(
                id=r["assessment_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                start_date=r["start_date"],
                authorised_date=r["authorised_date"],
            )
            for r in _rows(t["assessments"])
        ),
    )
    n["factors"] = _bulk(
        journey.AssessmentFactor,
        (
            journey.AssessmentFactor(assessment_id=r["assessment_id"], code=code)
            for r in _rows(t["assessments"].filter(pl.col("factors").list.len() > 0))
            for code in r["factors"]
        ),
    )
    n["cin_plans"] = _bulk(
        journey.CinPlan,
        (
            journey.CinPlan(
                id=r["cin_plan_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                start_date=r["start_date"],
                end_date=r["end_date"],
            )
            for r in _rows(t["cin_plans"])
        ),
    )
    n["strategy_discussions"] = _bulk(
        journey.StrategyDiscussion,
        (
            journey.StrategyDiscussion(
                id=r["strategy_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                discussion_date=r["discussion_date"],
            )
            for r in _rows(t["strategy_discussions"])
        ),
    )
    n["s47_enquiries"] = _bulk(
        journey.S47Enquiry,
        (
            journey.S47Enquiry(
                id=r["s47_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                strategy_discussion_id=r["strategy_id"],
                start_date=r["start_date"],
                end_date=r["end_date"],
                outcome=r["outcome"] or "",
                icpc_target_date=r["icpc_target_date"],
            )
            for r in _rows(t["s47_enquiries"])
        ),
    )
    n["cp_plans"] = _bulk(
        journey.CpPlan,
        (
            journey.CpPlan(
                id=r["cp_plan_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                start_date=r["start_date"],
                end_date=r["end_date"],
                initial_category=r["initial_category"],
                latest_category=r["latest_category"],
            )
            for r in _rows(t["cp_plans"])
        ),
    )
    n["conferences"] = _bulk(
        journey.Conference,
        (
            journey.Conference(
                id=r["conference_id"],
                person_id=r["person_id"],
                referral_id=r["referral_id"],
                kind=r["kind"],
                s47_enquiry_id=r["s47_id"],
                cp_plan_id=r["cp_plan_id"],
                conference_date=r["conference_date"],
                outcome=r["outcome"] or "",
            )
            for r in _rows(t["conferences"])
        ),
    )
    n["visits"] = _bulk(
        journey.Visit,
        (
            journey.Visit(
                id=r["visit_id"],
                person_id=r["person_id"],
                kind=r["kind"],
                visit_date=r["visit_date"],
                seen=r["seen"],
                seen_alone=r["seen_alone"],
            )
            for r in _rows(t["visits"])
        ),
    )

    eps = t["cla_episodes"]
    periods = eps.group_by("period_id", "person_id").agg(
        pl.col("start_date").min(),
        pl.col("end_date").max(),
        pl.col("end_date").is_null().any().alias("open"),
    )
    n["periods_of_care"] = _bulk(
        care.PeriodOfCare,
        (
            care.PeriodOfCare(
                id=r["period_id"],
                person_id=r["person_id"],
                start_date=r["start_date"],
                end_date=None if r["open"] else r["end_date"],
            )
            for r in _rows(periods)
        ),
    )
    n["episodes"] = _bulk(
        care.Episode,
        (
            care.Episode(
                id=r["episode_id"],
                person_id=r["person_id"],
                period_id=r["period_id"],
                start_date=r["start_date"],
                reason_new_episode=r["reason_new_episode"],
                legal_status=r["legal_status"],
                category_of_need=r["category_of_need"],
                placement_type=r["placement_type"],
                placement_provider=r["placement_provider"] or "",
                home_postcode=r["home_postcode"] or "",
                placement_postcode=r["placement_postcode"] or "",
                urn=r["urn"] or "",
                end_date=r["end_date"],
                reason_ceased=r["reason_ceased"] or "",
                reason_place_change=r["reason_place_change"] or "",
            )
            for r in _rows(eps)
        ),
    )
    n["cla_reviews"] = _bulk(
        care.ClaReview,
        (
            care.ClaReview(
                id=r["review_id"],
                person_id=r["person_id"],
                period_id=r["period_id"],
                review_date=r["review_date"],
                participation=r["participation"],
            )
            for r in _rows(t["cla_reviews"])
        ),
    )
    n["missing_episodes"] = _bulk(
        care.MissingEpisode,
        (
            care.MissingEpisode(
                id=r["missing_id"],
                person_id=r["person_id"],
                kind=r["kind"],
                start_date=r["start_date"],
                end_date=r["end_date"],
            )
            for r in _rows(t["missing_episodes"])
        ),
    )
    n["adoptions"] = _bulk(
        care.Adoption,
        (
            care.Adoption(
                person_id=r["person_id"],
                decision_date=r["decision_date"],
                placement_order_date=r["placement_order_date"],
                match_date=r["match_date"],
                adoption_order_date=r["adoption_order_date"],
                foster_care=r["foster_care"],
                number_of_adopters=r["number_of_adopters"],
                sex_of_adopters=r["sex_of_adopters"] or "",
                adopters_legal_status=r["adopters_legal_status"] or "",
            )
            for r in _rows(t["adoptions"])
        ),
    )
    n["placed_for_adoption"] = _bulk(
        care.PlacedForAdoption,
        (
            care.PlacedForAdoption(
                person_id=r["person_id"],
                # DATE_PLACED is the date of the decision that the child should be placed.
                placed_date=r["decision_date"],
                ceased_date=r["decision_ceased_date"],
                reason_ceased=r["decision_ceased_reason"] or "",
            )
            for r in _rows(t["adoptions"].filter(pl.col("decision_date").is_not_null()))
        ),
    )
    leavers = t["care_leaver_contacts"]
    n["care_leavers"] = _bulk(
        care.CareLeaver,
        (
            care.CareLeaver(
                person_id=r["person_id"],
                eligibility="former_relevant",
                staying_put=r["staying_put"],
            )
            for r in _rows(
                leavers.group_by("person_id").agg(pl.col("staying_put").any()).sort("person_id")
            )
        ),
    )
    n["care_leaver_contacts"] = _bulk(
        care.CareLeaverContact,
        (
            care.CareLeaverContact(
                person_id=r["person_id"],
                contact_date=r["birthday_date"],
                in_touch=r["in_touch"],
                activity=r["activity"] or "",
                accommodation=r["accommodation"] or "",
                staying_put=r["staying_put"],
            )
            for r in _rows(leavers)
        ),
    )
    _reset_sequences(
        [
            people.Family,
            people.Person,
            access.Team,
            access.Allocation,
            journey.Contact,
            journey.Referral,
            journey.Assessment,
            journey.CinPlan,
            journey.StrategyDiscussion,
            journey.S47Enquiry,
            journey.CpPlan,
            journey.Conference,
            journey.Visit,
            care.PeriodOfCare,
            care.Episode,
            care.ClaReview,
            care.MissingEpisode,
        ]
    )
    audit_log(
        actor=None,
        action="synthetic_load",
        detail={
            "population": population,
            "years": years,
            "seed": seed,
            "end_date": end_date.isoformat(),
            "rows": n,
        },
    )
    return n


# Tables whose row counts must match the database exactly (the report's proof of what was loaded).
COUNTED: dict[str, type[models.Model]] = {
    "persons": people.Person,
    "referrals": journey.Referral,
    "assessments": journey.Assessment,
    "s47_enquiries": journey.S47Enquiry,
    "cp_plans": journey.CpPlan,
    "conferences": journey.Conference,
    "visits": journey.Visit,
    "cla_episodes": care.Episode,
    "cla_reviews": care.ClaReview,
    "missing_episodes": care.MissingEpisode,
    "care_leaver_contacts": care.CareLeaverContact,
}


def count_mismatches(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Tables whose database row count differs from the regenerated table."""
    out = []
    for name, model in COUNTED.items():
        in_db = model._default_manager.count()
        if in_db != tables[name].height:
            out.append(f"{name}: {in_db} in the database, {tables[name].height} generated")
    return out
