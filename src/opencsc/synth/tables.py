"""The synthetic authority's tables: the contract between the generator and its sinks.

`simulate()` returns one Polars DataFrame per table below, with exactly these columns and types
(extra columns are not allowed, so a sink never silently drops data). The Django sink
(`opencsc.adapters.synth_sink`) writes each row into the record; the calibration report reads the
same frames. Codes are the DfE CIN census and SSDA903 codes (see `opencsc.core.codes`).

Conventions: ids are positive Int64, unique within their table and stable for a seed; every date
is a `pl.Date`; a null end date means still open at the end of the simulated period.
"""

from __future__ import annotations

import polars as pl

Date = pl.Date()
Str = pl.String()
Int = pl.Int64()
Bool = pl.Boolean()
Codes = pl.List(pl.String())

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    # Households: where a family lives. IMD decile 1 is the most deprived tenth of England.
    "families": {"family_id": Int, "postcode": Str, "lsoa": Str, "imd_decile": pl.Int8()},
    # Children and the adults around them (parents and carers are persons too).
    "persons": {
        "person_id": Int,
        "family_id": Int,
        "is_child": Bool,
        "la_child_id": Str,  # null for adults
        "given_name": Str,
        "family_name": Str,
        "date_of_birth": Date,
        "sex": Str,  # M, F (U only for an unborn child)
        "ethnicity": Str,  # DfE 4-letter code
        "upn": Str,  # valid check letter, or null
        "nhs_number": Str,  # 10 digits with a valid modulus-11 check digit, or null
        "disabilities": Codes,  # DfE codes; empty list = none recorded
        "date_of_death": Date,
        "uasc": Bool,  # unaccompanied asylum-seeking child
        "uasc_ceased": Date,  # date UASC status ceased (903 DUC), if it has
    },
    # person_id is <relationship> of other_person_id: parent | sibling
    "relationships": {"person_id": Int, "other_person_id": Int, "relationship": Str},
    # The authority's social care teams and case-holding workers.
    "teams": {
        "team_id": Int,
        "name": Str,
        "kind": Str,
    },  # kind: front_door|assessment|family_help|child_protection|children_in_care|leaving_care
    "workers": {
        "worker_id": Int,
        "team_id": Int,
        "role": Str,  # social_worker | team_manager | cp_chair_iro
        "given_name": Str,
        "family_name": Str,
    },
    "allocations": {
        "allocation_id": Int,
        "person_id": Int,
        "worker_id": Int,
        "role": Str,  # allocated_worker | personal_adviser | iro
        "start_date": Date,
        "end_date": Date,
    },
    "contacts": {
        "contact_id": Int,
        "person_id": Int,
        "contact_date": Date,
        "source": Str,  # CIN ReferralSource code
        "outcome": Str,  # referral | early_help | information_advice | nfa
    },
    "referrals": {
        "referral_id": Int,
        "person_id": Int,
        "contact_id": Int,
        "referral_date": Date,
        "source": Str,  # CIN ReferralSource
        "primary_need": Str,  # N0..N9
        "decision_date": Date,  # the 1-working-day decision
        "nfa": Bool,  # CIN ReferralNFA
        "closure_date": Date,
        "closure_reason": Str,  # RC1..RC9, null while open
    },
    "assessments": {
        "assessment_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "start_date": Date,
        "authorised_date": Date,
        "factors": Codes,  # CIN AssessmentFactors codes
    },
    "cin_plans": {
        "cin_plan_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "start_date": Date,
        "end_date": Date,
    },
    "strategy_discussions": {
        "strategy_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "discussion_date": Date,
    },
    "s47_enquiries": {
        "s47_id": Int,
        "strategy_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "start_date": Date,
        "end_date": Date,
        "outcome": Str,  # icpc | cin | nfa
        "icpc_target_date": Date,  # 15 working days after the strategy discussion
    },
    "conferences": {
        "conference_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "s47_id": Int,  # set for an initial conference
        "cp_plan_id": Int,  # set for a review conference (and for an ICPC that made a plan)
        "kind": Str,  # initial | review
        "conference_date": Date,
        "outcome": Str,  # plan | no_plan (initial); continue | end (review)
    },
    "cp_plans": {
        "cp_plan_id": Int,
        "referral_id": Int,
        "person_id": Int,
        "start_date": Date,
        "end_date": Date,
        "initial_category": Str,  # NEG PHY SAB EMO MUL
        "latest_category": Str,
    },
    # Statutory visits. kind: cp | cla | cin
    "visits": {
        "visit_id": Int,
        "person_id": Int,
        "kind": Str,
        "visit_date": Date,
        "seen": Bool,
        "seen_alone": Bool,
    },
    # Looked after: one row per SSDA903 episode; period_id groups a continuous period of care.
    "cla_episodes": {
        "episode_id": Int,
        "person_id": Int,
        "period_id": Int,
        "start_date": Date,  # DECOM
        "reason_new_episode": Str,  # RNE: S L P T U B
        "legal_status": Str,  # LS
        "category_of_need": Str,  # CIN: N1..N8
        "placement_type": Str,  # PLACE
        "placement_provider": Str,  # PR0..PR5, null where the 903 requires blank
        "home_postcode": Str,
        "placement_postcode": Str,
        "urn": Str,  # Ofsted URN, or XXXXXXX where none applies
        "end_date": Date,  # DEC
        "reason_ceased": Str,  # REC
        "reason_place_change": Str,  # only when the placement changed
    },
    "cla_reviews": {
        "review_id": Int,
        "person_id": Int,
        "period_id": Int,
        "review_date": Date,
        "participation": Str,  # PN0..PN7
    },
    "missing_episodes": {
        "missing_id": Int,
        "person_id": Int,
        "kind": Str,  # M missing | A away without authorisation
        "start_date": Date,
        "end_date": Date,
    },
    # Adoption and other permanence milestones.
    "adoptions": {
        "person_id": Int,
        "decision_date": Date,  # 903 DATE_INT: decision the child should be placed for adoption
        "placement_order_date": Date,
        "match_date": Date,  # DATE_MATCH
        "placed_date": Date,  # placed with the adopters (A5/A6); not DATE_PLACED, the decision
        "adoption_order_date": Date,
        "foster_care": Bool,  # adopted by foster carer
        "number_of_adopters": pl.Int8(),
        "sex_of_adopters": Str,  # M1 F1 MM FF MF
        "adopters_legal_status": Str,  # L0 L11 L12 L2 L3 L4
        # The decision reversed (903 DATE_PLACED_CEASED, REASON_PLACED_CEASED RD1-RD4).
        "decision_ceased_date": Date,
        "decision_ceased_reason": Str,
    },
    # Care leavers: the OC3 answers on each birthday from 17 to 21.
    "care_leaver_contacts": {
        "person_id": Int,
        "birthday_date": Date,
        "in_touch": Str,  # YES NO DIED REFU NREQ RHOM
        "activity": Str,  # F1 P1 F2 ...
        "accommodation": Str,  # B1 ... Z2
        "staying_put": Bool,
    },
}


class TableContractError(ValueError):
    """A generated table does not match the contract."""


def check_tables(tables: dict[str, pl.DataFrame]) -> None:
    """Raise TableContractError naming every table and column that breaks the contract."""
    problems: list[str] = []
    for name in sorted(set(SCHEMAS) | set(tables)):
        if name not in tables:
            problems.append(f"{name}: missing table")
            continue
        if name not in SCHEMAS:
            problems.append(f"{name}: table not in the contract")
            continue
        want = SCHEMAS[name]
        got = dict(tables[name].schema)
        if list(got) != list(want):
            problems.append(f"{name}: columns {list(got)} != {list(want)}")
            continue
        for col, dtype in want.items():
            if got[col] != dtype:
                problems.append(f"{name}.{col}: {got[col]} != {dtype}")
    if problems:
        raise TableContractError("; ".join(problems))


def empty_tables() -> dict[str, pl.DataFrame]:
    return {name: pl.DataFrame(schema=schema) for name, schema in SCHEMAS.items()}
