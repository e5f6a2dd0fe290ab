"""SSDA903 tables by collection year: the CSV headers the DfE publishes, typed.

2024-25 is the base (the social worker table arrived the year before); 2025-26 changes the
placement types (our code list is per year, so the column itself does not change); 2026-27 adds
deprivation of liberty orders (DoLo).
"""

from __future__ import annotations

from opencsc.returns.schema import Change, Column, Kind, Table, build_years

D: Kind = "date"
C: Kind = "code"
T: Kind = "text"
N: Kind = "int"


def _t(name: str, *cols: Column) -> Table:
    return Table(name=name, columns=(Column("CHILD", T, required=True), *cols))


def _dob() -> Column:
    return Column("DOB", D, required=True)


BASE = {
    t.name: t
    for t in (
        _t(
            "Header",
            Column("SEX", C, "sex", True),
            _dob(),
            Column("ETHNIC", C, "ethnicity", True),
            Column("UPN", T, required=True),
            Column("MOTHER", C, ("0", "1")),
            Column("MC_DOB", D),
        ),
        _t(
            "Episodes",
            Column("DECOM", D, required=True),
            Column("RNE", C, "reason_new_episode", True),
            Column("LS", C, "legal_status", True),
            Column("CIN", C, "category_of_need", True),
            Column("PLACE", C, "placement_type", True),
            Column("PLACE_PROVIDER", C, "placement_provider"),
            Column("DEC", D),
            Column("REC", C, "reason_episode_ceased"),
            Column("REASON_PLACE_CHANGE", C, "reason_place_change"),
            Column("HOME_POST", T),
            Column("PL_POST", T),
            Column("URN", T),
        ),
        _t(
            "Reviews",
            _dob(),
            Column("REVIEW", D, required=True),
            Column("REVIEW_CODE", C, "review_participation"),
        ),
        _t("UASC", Column("SEX", C, "sex", True), _dob(), Column("DUC", D, required=True)),
        _t(
            "OC2",
            _dob(),
            Column("SDQ_SCORE", N),
            Column("SDQ_REASON", C, "sdq_reason"),
            *(
                Column(n, C, ("0", "1"))
                for n in (
                    "CONVICTED",
                    "HEALTH_CHECK",
                    "IMMUNISATIONS",
                    "TEETH_CHECK",
                    "HEALTH_ASSESSMENT",
                    "SUBSTANCE_MISUSE",
                    "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED",
                )
            ),
        ),
        _t(
            "OC3",
            _dob(),
            Column("IN_TOUCH", C, "care_leaver_in_touch", True),
            Column("ACTIV", C, "care_leaver_activity"),
            Column("ACCOM", C, "care_leaver_accommodation"),
        ),
        _t(
            "AD1",
            _dob(),
            Column("DATE_INT", D, required=True),
            Column("DATE_MATCH", D, required=True),
            Column("FOSTER_CARE", C, ("0", "1"), True),
            Column("NB_ADOPTR", C, ("1", "2"), True),
            Column("SEX_ADOPTR", C, "sex_of_adopters", True),
            Column("LS_ADOPTR", C, "adopters_legal_status", True),
        ),
        _t(
            "PlacedAdoption",
            _dob(),
            Column("DATE_PLACED", D, required=True),
            Column("DATE_PLACED_CEASED", D),
            Column("REASON_PLACED_CEASED", C, "reason_placed_ceased"),
        ),
        _t(
            "PrevPerm",
            _dob(),
            Column("PREV_PERM", C, "previous_permanence"),
            Column("LA_PERM", T),
            Column("DATE_PERM", T),  # may be a partial date (zz/MM/YYYY), so kept as text
        ),
        _t(
            "Missing",
            _dob(),
            Column("MISSING", C, "missing_type", True),
            Column("MIS_START", D, required=True),
            Column("MIS_END", D),
        ),
        _t(
            "SWEpisodes",
            _dob(),
            Column("SW_ID", T, required=True),
            Column("SW_DECOM", D, required=True),
            Column("SW_DEC", D),
            Column("SW_REASON", C, "social_worker_change_reason"),
        ),
    )
}

CHANGES = {
    "2025-26": (
        Change("Placement types K3 and Z11-Z14 replace H5, P2 and Z1 (code list by year)"),
    ),
    "2026-27": (
        Change(
            "Deprivation of liberty orders",
            add_tables=(
                _t("DoLo", _dob(), Column("DOLO_START", D, required=True), Column("DOLO_END", D)),
            ),
        ),
    ),
}

SCHEMAS = build_years(BASE, CHANGES)

# File names the DfE tools and most case systems export, used when writing.
FILE_NAMES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}
