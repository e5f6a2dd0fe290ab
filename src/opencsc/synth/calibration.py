"""Measure a synthetic authority against England's published figures.

Each figure is computed from the generated tables for the last collection year ending on a
31 March, beside its national target (calibration_england.csv, shipped as package data). The
tolerance is max(floor, 3.5 standard errors at the figure's own denominator): a small authority
has few children in care, so its 2% share of placements for adoption is only known to within
about a point. The floors allow for what the model simplifies. docs/synthetic-data.md lists them.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import numpy as np
import polars as pl

from opencsc.core.codes import CARE_LEAVER_EET
from opencsc.core.workingdays import working_days_between_arrays

Z = 3.5
# Families are referred, protected and looked after together, so counts of children are clustered
# (mean family size about 1.6): standard errors are inflated by the square root of that design effect.
DESIGN_EFFECT = 1.6


@dataclass(frozen=True)
class Figure:
    name: str
    generated: float
    target: float
    tolerance: float
    unit: str

    @property
    def ok(self) -> bool:
        return math.isfinite(self.generated) and abs(self.generated - self.target) <= self.tolerance


def load_targets() -> dict[str, float]:
    text = resources.files("opencsc.synth").joinpath("data/calibration_england.csv").read_text()
    return {row["measure"]: float(row["value"]) for row in csv.DictReader(text.splitlines())}


def last_31_march(on: date) -> date:
    return date(on.year, 3, 31) if on >= date(on.year, 3, 31) else date(on.year - 1, 3, 31)


def _pct(num: int, den: int) -> float:
    return 100.0 * num / den if den else float("nan")


def _pct_figure(name: str, num: int, den: int, target: float, floor: float) -> Figure:
    p = target / 100
    se = 100 * math.sqrt(DESIGN_EFFECT * p * (1 - p) / den) if den else float("inf")
    return Figure(name, _pct(num, den), target, max(floor, Z * se), "%")


def _rate_figure(
    name: str, count: int, population: int, target: float, floor_rel: float, unit: str = "per 10k"
) -> Figure:
    expected = target * population / 10_000
    rel_se = math.sqrt(DESIGN_EFFECT / expected) if expected > 0 else float("inf")
    return Figure(
        name, count * 10_000 / population, target, target * max(floor_rel, Z * rel_se), unit
    )


def figures(tables: dict[str, pl.DataFrame], population: int, end_date: date) -> list[Figure]:
    t = load_targets()
    ref = last_31_march(end_date)
    start = ref - timedelta(days=364)
    in_year = lambda col: pl.col(col).is_between(start, ref)  # noqa: E731
    open_on = lambda s, e: (pl.col(s) <= ref) & (pl.col(e).is_null() | (pl.col(e) > ref))  # noqa: E731
    out: list[Figure] = []

    refs = tables["referrals"].sort("referral_date")
    year_refs = refs.filter(in_year("referral_date"))
    n_refs = year_refs.height
    out.append(_rate_figure("referral rate", n_refs, population, t["referral_rate"], 0.10))
    prev = refs.with_columns(prev=pl.col("referral_date").shift(1).over("person_id")).filter(
        in_year("referral_date")
    )
    rerefs = prev.filter(
        pl.col("prev").is_not_null()
        & (pl.col("referral_date") - pl.col("prev") <= timedelta(days=365))
    ).height
    out.append(
        _pct_figure(
            "re-referrals within 12 months", rerefs, n_refs, t["rereferral_within_12m_pct"], 4
        )
    )
    out.append(
        _pct_figure(
            "referrals with no further action",
            year_refs.filter(pl.col("nfa")).height,
            n_refs,
            t["referral_nfa_pct"],
            2,
        )
    )

    assess = tables["assessments"].filter(in_year("authorised_date"))
    out.append(
        _rate_figure(
            "assessments completed",
            assess.height,
            population,
            t["assessments_completed"] / t["population_0_17_england"] * 10_000,
            0.12,
        )
    )
    wd = working_days_between_arrays(
        assess["start_date"].to_numpy(), assess["authorised_date"].to_numpy()
    )
    out.append(
        _pct_figure(
            "assessments within 45 working days",
            int((wd <= 45).sum()),
            assess.height,
            t["assessment_within_45_working_days_pct"],
            4,
        )
    )
    out.append(
        Figure(
            "assessment median working days",
            float(np.median(wd)) if len(wd) else float("nan"),
            t["assessment_median_working_days"],
            4,
            "working days",
        )
    )

    s47 = tables["s47_enquiries"].filter(in_year("start_date"))
    out.append(
        _rate_figure(
            "section 47 enquiries",
            s47.height,
            population,
            t["section47_started"] / t["population_0_17_england"] * 10_000,
            0.12,
        )
    )
    icpcs = tables["conferences"].filter((pl.col("kind") == "initial") & in_year("conference_date"))
    s47_icpc = s47.filter(pl.col("outcome") == "icpc").height
    out.append(
        _pct_figure(
            "section 47s leading to an initial conference",
            s47_icpc,
            s47.height,
            t["icpc_per_s47_pct"],
            4,
        )
    )
    strat = tables["strategy_discussions"].select("strategy_id", "discussion_date")
    timed = icpcs.join(tables["s47_enquiries"].select("s47_id", "strategy_id"), on="s47_id").join(
        strat, on="strategy_id"
    )
    wd_icpc = working_days_between_arrays(
        timed["discussion_date"].to_numpy(), timed["conference_date"].to_numpy()
    )
    out.append(
        _pct_figure(
            "initial conferences within 15 working days",
            int((wd_icpc <= 15).sum()),
            timed.height,
            t["icpc_within_15_working_days_pct"],
            5,
        )
    )
    plan_starts = tables["cp_plans"].filter(in_year("start_date"))
    out.append(
        _pct_figure(
            "initial conferences leading to a plan",
            icpcs.filter(pl.col("outcome") == "plan").height,
            icpcs.height,
            t["cpp_start_per_icpc_pct"],
            5,
        )
    )
    plans = tables["cp_plans"].sort("start_date")
    numbered = plans.with_columns(n=pl.int_range(pl.len()).over("person_id")).filter(
        in_year("start_date")
    )
    out.append(
        _pct_figure(
            "plans that are a second or later plan",
            numbered.filter(pl.col("n") > 0).height,
            plan_starts.height,
            t["cpp_repeat_second_or_subsequent_pct"],
            7,
        )
    )
    cp_stock = plans.filter(open_on("start_date", "end_date"))
    out.append(
        _rate_figure(
            "children on a protection plan at 31 March",
            cp_stock.height,
            population,
            t["cpp_rate"],
            0.15,
        )
    )
    for code, key in [
        ("NEG", "neglect"),
        ("EMO", "emotional"),
        ("PHY", "physical"),
        ("SAB", "sexual"),
    ]:
        out.append(
            _pct_figure(
                f"plans at 31 March: {key}",
                cp_stock.filter(pl.col("latest_category") == code).height,
                cp_stock.height,
                t[f"cpp_cat_{key}_pct"],
                4,
            )
        )

    cin_stock = refs.filter(open_on("referral_date", "closure_date")).select("person_id").unique()
    out.append(
        _rate_figure(
            "children in need at 31 March", cin_stock.height, population, t["cin_rate"], 0.15
        )
    )

    eps = tables["cla_episodes"]
    persons = tables["persons"]
    stock = eps.filter(open_on("start_date", "end_date")).join(persons, on="person_id")
    n_cla = stock.height
    out.append(
        _rate_figure("children looked after at 31 March", n_cla, population, t["cla_rate"], 0.12)
    )
    starts = eps.filter((pl.col("reason_new_episode") == "S") & in_year("start_date")).height
    ceases = eps.filter((pl.col("reason_ceased") != "X1") & in_year("end_date")).height
    out.append(
        _rate_figure(
            "started to be looked after",
            starts,
            population,
            t["cla_starts"] / t["population_0_17_england"] * 10_000,
            0.15,
            "per 10k a year",
        )
    )
    out.append(
        _rate_figure(
            "ceased to be looked after",
            ceases,
            population,
            t["cla_ceases"] / t["population_0_17_england"] * 10_000,
            0.15,
            "per 10k a year",
        )
    )
    out.append(
        _pct_figure(
            "looked after who are UASC",
            stock.filter(pl.col("uasc")).height,
            n_cla,
            100 * t["cla_uasc_at_31_march"] / t["cla_at_31_march"],
            3,
        )
    )
    place = pl.col("placement_type")
    mix = {
        "foster placements": (place.str.starts_with("U"), t["cla_foster_pct"], 6),
        "children's homes and secure": (
            place.is_in(["K1", "K2"]),
            t["cla_childrens_homes_secure_pct"],
            4,
        ),
        "independent and supported living": (
            place.is_in(["H5", "P2", "K3"]),
            t["cla_independent_supported_pct"],
            4,
        ),
        "placed with parents": (place == "P1", t["cla_placed_with_parents_pct"], 3),
        "placed for adoption": (place.str.starts_with("A"), t["cla_placed_for_adoption_pct"], 2),
    }
    for name, (expr, target, floor) in mix.items():
        out.append(
            _pct_figure(f"at 31 March: {name}", stock.filter(expr).height, n_cla, target, floor)
        )
    for code, key, floor in [
        ("C2", "full_care_order", 7),
        ("C1", "interim_care_order", 5),
        ("E1", "placement_order", 3),
        ("V2", "s20", 5),
    ]:
        out.append(
            _pct_figure(
                f"legal status {code}",
                stock.filter(pl.col("legal_status") == code).height,
                n_cla,
                t[f"cla_legal_{key}_pct"],
                floor,
            )
        )
    age = ((pl.lit(ref) - pl.col("date_of_birth")).dt.total_days() / 365.25).floor()
    for (lo, hi), key in [
        ((0, 1), "under1"),
        ((1, 5), "1_4"),
        ((5, 10), "5_9"),
        ((10, 16), "10_15"),
        ((16, 99), "16plus"),
    ]:
        out.append(
            _pct_figure(
                f"looked after aged {key.replace('_', '-')}",
                stock.filter(age.is_between(lo, hi - 1)).height,
                n_cla,
                t[f"cla_age_{key}_pct"],
                4,
            )
        )
    for code, key in [
        ("N1", "abuse_neglect"),
        ("N5", "family_dysfunction"),
        ("N4", "acute_stress"),
        ("N8", "absent_parenting"),
    ]:
        out.append(
            _pct_figure(
                f"need {code}",
                stock.filter(pl.col("category_of_need") == code).height,
                n_cla,
                t[f"cla_need_{key}_pct"],
                4,
            )
        )
    out.append(
        _pct_figure(
            "looked after who are male",
            stock.filter(pl.col("sex") == "M").height,
            n_cla,
            t["cla_male_pct"],
            5,
        )
    )
    during = eps.filter(
        (pl.col("start_date") <= ref)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= start))
    )
    placements = during.filter(
        pl.col("reason_new_episode").is_in(["S", "P", "B", "T", "U"])
        | (pl.col("start_date") < start)
    )
    per_child = placements.group_by("person_id").len()
    out.append(
        _pct_figure(
            "three or more placements in the year",
            per_child.filter(pl.col("len") >= 3).height,
            per_child.height,
            t["cla_3plus_placements_in_year_pct"],
            4,
        )
    )
    ceased = eps.filter(in_year("end_date"))
    for codes, key, target in [
        (["E11", "E12"], "adoptions", t["adoptions"]),
        (
            ["E43", "E44", "E45", "E46", "E47", "E48"],
            "special guardianship orders",
            t["sgo_from_care"],
        ),
    ]:
        out.append(
            _rate_figure(
                f"left care: {key}",
                ceased.filter(pl.col("reason_ceased").is_in(codes)).height,
                population,
                target / t["population_0_17_england"] * 10_000,
                0.25,
                "per 10k a year",
            )
        )

    leavers = (
        tables["care_leaver_contacts"]
        .filter(in_year("birthday_date"))
        .join(persons.select("person_id", "date_of_birth"), on="person_id")
    )
    aged = leavers.with_columns(
        age=(pl.col("birthday_date").dt.year() - pl.col("date_of_birth").dt.year())
    )
    for lo, hi, key in [(19, 21, "19_21"), (17, 18, "17_18")]:
        group = aged.filter(pl.col("age").is_between(lo, hi))
        out.append(
            _pct_figure(
                f"care leavers {lo}-{hi} in education, employment or training",
                group.filter(pl.col("activity").is_in(list(CARE_LEAVER_EET))).height,
                group.height,
                t[f"care_leavers_{key}_eet_pct"],
                6,
            )
        )
        out.append(
            _pct_figure(
                f"care leavers {lo}-{hi} in suitable accommodation",
                group.filter(pl.col("accommodation").str.ends_with("1")).height,
                group.height,
                t[f"care_leavers_{key}_suitable_accom_pct"],
                5,
            )
        )

    # Deprivation: children looked after during the year per child in the decile (deciles hold a
    # tenth of children each), most deprived tenth against least.
    with_decile = (
        during.select("person_id")
        .unique()
        .join(persons.select("person_id", "family_id"), on="person_id")
        .join(tables["families"].select("family_id", "imd_decile"), on="family_id")
    )
    most = with_decile.filter(pl.col("imd_decile") == 1).height
    least = with_decile.filter(pl.col("imd_decile") == 10).height
    ratio = most / least if least else float("inf")
    log_se = math.sqrt(1 / max(most, 1) + 1 / max(least, 1))
    target = t["deprivation_gradient_cla_decile10_vs_1"]
    out.append(
        Figure(
            "looked after: most vs least deprived tenth",
            ratio,
            target,
            max(target * (math.exp(Z * log_se) - 1), target * 0.3),
            "ratio",
        )
    )
    return out


def all_within_tolerance(figs: list[Figure]) -> bool:
    return all(f.ok for f in figs)
