"""Invariants every generated record must meet: the same rules the forms enforce (valid codes
and identifiers, dates in order) plus the shape of a journey (contiguous episodes, nothing before
birth or after 18). Returns human-readable problems; an empty list means valid."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from opencsc.core import codes
from opencsc.core.identifiers import is_valid_nhs_number, is_valid_upn

Check = Callable[[dict[str, pl.DataFrame]], pl.DataFrame]


def _codes(
    table: str, column: str, code_list: str, *, year: str | None = None
) -> tuple[str, Check]:
    allowed = list(codes.code_list(code_list, year))
    return (
        f"{table}.{column} is a {code_list} code",
        lambda t: t[table].filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed)),
    )


def _order(table: str, first: str, second: str) -> tuple[str, Check]:
    return (
        f"{table}.{first} <= {table}.{second}",
        lambda t: t[table].filter(pl.col(second).is_not_null() & (pl.col(second) < pl.col(first))),
    )


def _with_dob(t: dict[str, pl.DataFrame], table: str) -> pl.DataFrame:
    return t[table].join(t["persons"].select("person_id", "date_of_birth"), on="person_id")


def _episodes_contiguous(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    eps = t["cla_episodes"].sort("period_id", "start_date")
    prev_end = pl.col("end_date").shift(1).over("period_id")
    first = pl.int_range(pl.len()).over("period_id") == 0
    return eps.filter(~first & (prev_end.is_null() | (prev_end != pl.col("start_date"))))


def _periods_do_not_overlap(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    periods = (
        t["cla_episodes"]
        .group_by("person_id", "period_id")
        .agg(
            pl.col("start_date").min(),
            pl.col("end_date").max(),
            pl.col("end_date").is_null().any().alias("open"),
        )
        .sort("person_id", "start_date")
    )
    prev_end = pl.col("end_date").shift(1).over("person_id")
    prev_open = pl.col("open").shift(1).over("person_id")
    return periods.filter(
        prev_open.fill_null(False) | (prev_end.is_not_null() & (prev_end > pl.col("start_date")))
    )


def _looked_after_before_18(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    eps = _with_dob(t, "cla_episodes")
    dob = pl.col("date_of_birth")
    eighteen = dob.dt.offset_by("18y")
    # Someone born on 29 February turns 18 on 1 March in a common year (as in English law).
    leapling = (dob.dt.month() == 2) & (dob.dt.day() == 29) & (eighteen.dt.day() == 28)
    eighteen = pl.when(leapling).then(eighteen.dt.offset_by("1d")).otherwise(eighteen)
    return eps.filter(pl.col("start_date") >= eighteen)


def _no_event_before_birth(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    refs = _with_dob(t, "referrals")
    return refs.filter(pl.col("referral_date") < pl.col("date_of_birth"))


def _provider_blank_for_temporary(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    no_provider = list(codes.PLACEMENT_TYPES_WITHOUT_PROVIDER)
    eps = t["cla_episodes"]
    return eps.filter(
        (pl.col("placement_type").is_in(no_provider) & pl.col("placement_provider").is_not_null())
        | (~pl.col("placement_type").is_in(no_provider) & pl.col("placement_provider").is_null())
    )


def _valid_identifiers(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    p = t["persons"]
    bad_nhs = p.filter(
        pl.col("nhs_number").is_not_null()
        & ~pl.col("nhs_number").map_elements(is_valid_nhs_number, return_dtype=pl.Boolean)
    )
    bad_upn = p.filter(
        pl.col("upn").is_not_null()
        & ~pl.col("upn").map_elements(is_valid_upn, return_dtype=pl.Boolean)
    )
    return pl.concat([bad_nhs, bad_upn])


def _unique_ids(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    dup = [
        pl.DataFrame({"table": [name]})
        for name, df in t.items()
        if df.width
        and df.columns[0].endswith("_id")
        and df.columns[0] != "person_id"
        and df[df.columns[0]].n_unique() != df.height
    ]
    return pl.concat(dup) if dup else pl.DataFrame({"table": []}, schema={"table": pl.String})


def _cp_plan_starts_at_its_conference(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    icpc = t["conferences"].filter(
        (pl.col("kind") == "initial") & pl.col("cp_plan_id").is_not_null()
    )
    joined = icpc.join(t["cp_plans"], on="cp_plan_id", suffix="_plan")
    return joined.filter(pl.col("conference_date") != pl.col("start_date"))


CHECKS: list[tuple[str, Check]] = [
    _codes("contacts", "source", "referral_source"),
    _codes("referrals", "source", "referral_source"),
    _codes("referrals", "primary_need", "primary_need"),
    _codes("referrals", "closure_reason", "reason_for_closure"),
    _codes("persons", "ethnicity", "ethnicity"),
    _codes("persons", "sex", "sex"),
    _codes("cp_plans", "initial_category", "category_of_abuse"),
    _codes("cp_plans", "latest_category", "category_of_abuse"),
    _codes("cla_episodes", "reason_new_episode", "reason_new_episode"),
    _codes("cla_episodes", "legal_status", "legal_status"),
    _codes("cla_episodes", "category_of_need", "category_of_need"),
    _codes("cla_episodes", "placement_provider", "placement_provider"),
    _codes("cla_episodes", "reason_ceased", "reason_episode_ceased"),
    _codes("cla_episodes", "reason_place_change", "reason_place_change"),
    _codes("cla_reviews", "participation", "review_participation"),
    _codes("missing_episodes", "kind", "missing_type"),
    _codes("care_leaver_contacts", "in_touch", "care_leaver_in_touch"),
    _codes("care_leaver_contacts", "activity", "care_leaver_activity"),
    _codes("care_leaver_contacts", "accommodation", "care_leaver_accommodation"),
    (
        "episodes open on or after 1 April 2025 use 2025-26 placement codes",
        lambda t: t["cla_episodes"].filter(
            (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.date(2025, 4, 1)))
            & ~pl.col("placement_type").is_in(list(codes.code_list("placement_type", "2025-26")))
        ),
    ),
    (
        "episodes ended before April 2025 use 2024-25 placement codes",
        lambda t: t["cla_episodes"].filter(
            (pl.col("end_date") < pl.date(2025, 4, 1))
            & ~pl.col("placement_type").is_in(list(codes.code_list("placement_type", "2024-25")))
        ),
    ),
    (
        "assessment factors are valid and 21 stands alone",
        lambda t: t["assessments"].filter(
            pl.col("factors")
            .list.eval(~pl.element().is_in(list(codes.ASSESSMENT_FACTORS)))
            .list.any()
            | (pl.col("factors").list.contains("21") & (pl.col("factors").list.len() > 1))
        ),
    ),
    _order("referrals", "referral_date", "closure_date"),
    _order("referrals", "referral_date", "decision_date"),
    _order("assessments", "start_date", "authorised_date"),
    _order("cin_plans", "start_date", "end_date"),
    _order("s47_enquiries", "start_date", "end_date"),
    _order("cp_plans", "start_date", "end_date"),
    _order("cla_episodes", "start_date", "end_date"),
    _order("missing_episodes", "start_date", "end_date"),
    ("episodes within a period are contiguous", _episodes_contiguous),
    ("periods of care do not overlap", _periods_do_not_overlap),
    ("nobody starts an episode of care at 18 or over", _looked_after_before_18),
    ("no referral before birth", _no_event_before_birth),
    (
        "placement provider blank exactly for temporary and unregistered placements",
        _provider_blank_for_temporary,
    ),
    ("UPN and NHS numbers pass their checks", _valid_identifiers),
    ("ids are unique in their table", _unique_ids),
    (
        "a child protection plan starts on the day of its initial conference",
        _cp_plan_starts_at_its_conference,
    ),
]


def validate_tables(tables: dict[str, pl.DataFrame]) -> list[str]:
    problems = []
    for name, check in CHECKS:
        bad = check(tables)
        if bad.height:
            problems.append(f"{name}: {bad.height} rows, e.g. {bad.head(1).to_dicts()[0]}")
    return problems
