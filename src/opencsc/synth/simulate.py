"""Simulate children's journeys through one authority's social care.

Arrivals come from population x national rates; each journey's durations are drawn directly (no
day-by-day stepping). Families are referred together, so siblings share their history. Periods of
care reach back 20 years (a warm-up, so the children in care on 31 March include long stays) and are
recorded from their start; referral history covers the requested years plus a two-year warm-up.
Placements, legal status, exits and their timing follow the national mix (see calibration.py for
the figures this is measured against). Everything is a function of (population, years, seed,
end_date): the same inputs give the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from opencsc.core.codes import UPN_LA_CODES
from opencsc.core.identifiers import make_nhs_number, make_upn
from opencsc.core.workingdays import add_months, add_working_days
from opencsc.synth.tables import SCHEMAS, check_tables

YEAR = 365.25
NEW_PLACEMENT_CODES_FROM = date(2025, 4, 1)

# --- national rates (calibration_england.csv), per child aged 0-17 per year ---------------------
REFERRALS_PER_CHILD = 519 / 10_000
CLA_STARTS_PER_CHILD = 26.5 / 10_000
UASC_SHARE_OF_STARTS = 6950 / 32270

FAMILY_SIZES = ([1, 2, 3, 4], [0.62, 0.24, 0.10, 0.04])
REFERRAL_AGE_BANDS = ([(0, 1), (1, 5), (5, 10), (10, 16), (16, 18)], [0.12, 0.21, 0.26, 0.32, 0.09])
# Non-UASC care entrants' age at entry (bands in years, probabilities).
CARE_AGE_BANDS = ([(0, 1), (1, 5), (5, 10), (10, 16), (16, 18)], [0.20, 0.15, 0.17, 0.35, 0.13])

P_NFA = 0.065
P_NOT_IN_NEED = 0.308
P_S47 = 0.34
P_ICPC_GIVEN_S47 = 0.313
P_CPP_GIVEN_ICPC = 0.858
P_REPEAT_REFERRAL = 0.34
# Families whose child was on a plan are re-referred more often, and half of those referrals lead
# to a plan again: a quarter of plans nationally are a second or later plan.
P_REPEAT_AFTER_PLAN = 0.45
P_PLAN_AGAIN = 0.38

CPP_CATEGORIES = (["NEG", "EMO", "PHY", "SAB", "MUL"], [0.505, 0.357, 0.074, 0.038, 0.026])
NEED_NON_UASC = (
    ["N1", "N5", "N4", "N2", "N3", "N6", "N8", "N7"],
    [0.72, 0.13, 0.075, 0.022, 0.022, 0.011, 0.01, 0.01],
)
ETHNIC_GROUPS = {
    # group: (population share of children, relative CLA rate, detailed codes and weights)
    "white": (0.72, 64, (["WBRI", "WOTH", "WIRI", "WROM", "WIRT"], [0.86, 0.11, 0.01, 0.01, 0.01])),
    "mixed": (0.07, 110, (["MWBC", "MWBA", "MWAS", "MOTH"], [0.35, 0.15, 0.2, 0.3])),
    "asian": (0.11, 22, (["APKN", "AIND", "ABAN", "AOTH"], [0.4, 0.3, 0.15, 0.15])),
    "black": (0.06, 87, (["BAFR", "BCRB", "BOTH"], [0.6, 0.25, 0.15])),
    "other": (0.04, 60, (["OOTH", "CHNE"], [0.9, 0.1])),
}
UASC_ETHNICITY = (["OOTH", "BAFR", "AOTH", "BOTH", "MOTH"], [0.45, 0.25, 0.15, 0.1, 0.05])
REFERRAL_SOURCES = (
    ["6", "2A", "3A", "3E", "3F", "5A", "5D", "1A", "8", "4", "7", "1C", "9", "10"],
    [0.29, 0.20, 0.03, 0.04, 0.07, 0.06, 0.05, 0.06, 0.06, 0.03, 0.03, 0.03, 0.02, 0.03],
)
FACTORS = (
    [
        "3B",
        "4B",
        "2B",
        "1B",
        "16A",
        "17A",
        "3A",
        "4A",
        "18C",
        "5B",
        "6B",
        "24A",
        "11A",
        "10A",
        "14A",
        "20",
    ],
    [
        0.16,
        0.16,
        0.08,
        0.07,
        0.08,
        0.09,
        0.06,
        0.06,
        0.04,
        0.03,
        0.03,
        0.03,
        0.02,
        0.03,
        0.03,
        0.03,
    ],
)
DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]

# Placement types by age, before the 2025-26 codes; "ind" becomes H5/P2 before April 2025 and K3
# after. Probabilities are for a new placement at that age.
_FOSTER_KIN = (["U3", "U1"], [0.7, 0.3])
_FOSTER = (["U6", "U4", "U5"], [0.62, 0.35, 0.03])
_FOSTER_CODES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
# Placement types for which a URN of XXXXXXX stands for the adoption or fostering agency.
_ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})
PLACEMENT_MIX = {
    # age band: (kind weights) kinds: kin, foster, home, secure, parents, ind, other
    (0, 5): [0.22, 0.62, 0.01, 0.0, 0.10, 0.0, 0.05],
    (5, 10): [0.20, 0.66, 0.05, 0.0, 0.06, 0.0, 0.03],
    (10, 16): [0.13, 0.52, 0.26, 0.01, 0.05, 0.0, 0.03],
    (16, 18): [0.06, 0.28, 0.20, 0.01, 0.03, 0.40, 0.02],
}
PLACEMENT_KINDS = ["kin", "foster", "home", "secure", "parents", "ind", "other"]

# Exit routes by age band at entry: (routes, probabilities). "18" = stays until 18. Tuned so the
# 31 March stock by age is near the national one; at 60,000 children the 1-4 share still
# runs a few points high and varies by seed (too few children in care to be steadier).
EXITS = {
    (0, 1): (["home", "adoption", "sgo", "cao", "18"], [0.30, 0.38, 0.24, 0.04, 0.04]),
    (1, 5): (["home", "adoption", "sgo", "cao", "18"], [0.49, 0.16, 0.22, 0.06, 0.07]),
    (5, 10): (["home", "sgo", "cao", "adoption", "18"], [0.30, 0.14, 0.05, 0.02, 0.49]),
    (10, 16): (["home", "sgo", "other", "18"], [0.38, 0.04, 0.06, 0.52]),
    (16, 18): (["home", "other", "18"], [0.30, 0.08, 0.62]),
}

GIVEN_NAMES_F = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Grace",
    "Freya",
    "Aisha",
    "Zara",
    "Maryam",
    "Ruby",
    "Evie",
    "Poppy",
    "Sofia",
    "Layla",
    "Hannah",
    "Chloe",
    "Nia",
]
GIVEN_NAMES_M = [
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Jacob",
    "Ali",
    "Kai",
    "Theo",
    "Isaac",
    "Adam",
    "Ethan",
    "Reuben",
    "Yusuf",
    "Kofi",
    "Finley",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Khan",
    "Ahmed",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Begum",
    "Hussain",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Murphy",
    "Kelly",
    "Clarke",
    "Lewis",
    "Hughes",
    "Edwards",
    "Shah",
    "Ali",
]


def _years(n: float) -> timedelta:
    return timedelta(days=round(n * YEAR))


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return date(dob.year + years, 3, 1)


def _within_episodes(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Keep plans, conferences and assessments inside their CIN episode.

    An episode's closure can move after its plans were drawn (a child reaching 18 closes it the
    day before), so the rows are trimmed here rather than at each place that sets a closure.
    """
    closure = tables["referrals"].select("referral_id", pl.col("closure_date").alias("_close"))
    out = dict(tables)
    plans = tables["cin_plans"].join(closure, on="referral_id", how="left")
    out["cin_plans"] = (
        plans.filter(pl.col("_close").is_null() | (pl.col("start_date") < pl.col("_close")))
        .with_columns(
            pl.when(
                pl.col("_close").is_not_null()
                & (pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("_close")))
            )
            .then(pl.col("_close"))
            .otherwise(pl.col("end_date"))
            .alias("end_date")
        )
        .drop("_close")
    )
    cpp = tables["cp_plans"].join(closure, on="referral_id", how="left")
    out["cp_plans"] = (
        cpp.filter(pl.col("_close").is_null() | (pl.col("start_date") <= pl.col("_close")))
        .with_columns(
            pl.when(
                pl.col("_close").is_not_null()
                & (pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("_close")))
            )
            .then(pl.col("_close"))
            .otherwise(pl.col("end_date"))
            .alias("end_date")
        )
        .drop("_close")
    )
    conf = tables["conferences"].join(closure, on="referral_id", how="left")
    out["conferences"] = conf.filter(
        pl.col("_close").is_null() | (pl.col("conference_date") <= pl.col("_close"))
    ).drop("_close")
    ass = tables["assessments"].join(closure, on="referral_id", how="left")
    out["assessments"] = (
        ass.filter(pl.col("_close").is_null() | (pl.col("start_date") <= pl.col("_close")))
        .with_columns(
            pl.when(pl.col("_close").is_not_null() & (pl.col("authorised_date") > pl.col("_close")))
            .then(pl.col("_close"))
            .otherwise(pl.col("authorised_date"))
            .alias("authorised_date")
        )
        .drop("_close")
    )
    return out


@dataclass
class _Tables:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {n: [] for n in SCHEMAS})
    ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def add(self, table: str, *values: Any) -> None:
        self.rows[table].append(values)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {
            name: pl.DataFrame(self.rows[name], schema=schema, orient="row")
            for name, schema in SCHEMAS.items()
        }


@dataclass
class _Child:
    person_id: int
    family_id: int
    dob: date
    sex: str
    uasc: bool = False
    open_until: date | None = None  # the end of the child's current CIN episode
    statuses: list[tuple[str, date, date | None]] = field(default_factory=list)


class Simulation:
    def __init__(
        self, population: int, years: int, seed: int, end_date: date, la_code: str
    ) -> None:
        if population < 100:
            raise ValueError("population must be at least 100 children")
        if not 1 <= years <= 20:
            raise ValueError("years must be between 1 and 20")
        self.population, self.years, self.end = population, years, end_date
        self.la_code = la_code
        # A UPN carries a recognised LA code; the test-range authority (999) has none, so its
        # children get the pseudo-LA code 001 (UPNs are still unique and check-lettered).
        self.upn_la = int(la_code) if la_code in UPN_LA_CODES else 1
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.t = _Tables()
        self.referral_start = end_date - _years(years + 2)
        self.care_start = end_date - _years(20)
        self.children: list[_Child] = []
        # One adoption plan per child (the record holds one): a child re-entering care with a
        # plan already made does not get a second.
        self.adoption_plans: set[int] = set()
        self._made_plan = False
        self.family_decile: dict[int, int] = {}
        self.family_ethnic: dict[int, str] = {}
        self.family_postcode: dict[int, str] = {}
        self.family_given: dict[int, set[str]] = {}
        # Per-decile weights: the most deprived tenth is referred about ten times as often as the
        # least (Bywaters et al., CWIP).
        self.decile_weights = np.exp(-np.log(11.0) * (np.arange(10)) / 9.0)
        self.decile_weights /= self.decile_weights.sum()

    # -- small helpers ------------------------------------------------------------------------
    def choice(self, options: tuple[list[Any], list[float]]) -> Any:
        values, weights = options
        p = np.asarray(weights, dtype=float)
        return values[int(self.rng.choice(len(values), p=p / p.sum()))]

    def uniform_date(self, start: date, end: date) -> date:
        span = max((end - start).days, 0)
        return start + timedelta(days=int(self.rng.integers(0, span + 1)))

    def days(self, mean: float, sigma: float = 0.6, lo: int = 1) -> int:
        """A lognormal duration in days with the given mean."""
        mu = np.log(mean) - sigma**2 / 2
        return max(lo, round(float(self.rng.lognormal(mu, sigma))))

    # -- families and persons ---------------------------------------------------------------
    def new_family(self, *, uasc: bool = False) -> int:
        fid = self.t.next_id("families")
        decile = 1 + int(self.rng.choice(10, p=self.decile_weights))
        district = 1 + (decile * 7 + int(self.rng.integers(0, 7))) % 20
        postcode = f"ZZ{district} {self.rng.integers(1, 10)}{chr(65 + self.rng.integers(0, 26))}{chr(65 + self.rng.integers(0, 26))}"
        lsoa = f"E0{1000000 + (fid % 900) * 10 + decile:07d}"[:9]
        self.t.add("families", fid, postcode, lsoa, decile)
        self.family_decile[fid] = decile
        self.family_postcode[fid] = postcode
        if uasc:
            self.family_ethnic[fid] = self.choice(UASC_ETHNICITY)
        else:
            groups = list(ETHNIC_GROUPS)
            w = np.array([ETHNIC_GROUPS[g][0] * ETHNIC_GROUPS[g][1] for g in groups])
            group = groups[int(self.rng.choice(len(groups), p=w / w.sum()))]
            self.family_ethnic[fid] = self.choice(ETHNIC_GROUPS[group][2])
        return fid

    def new_child(
        self, fid: int, dob: date, *, uasc: bool = False, male_share: float = 0.52
    ) -> _Child:
        pid = self.t.next_id("persons")
        sex = "M" if self.rng.random() < male_share else "F"
        names = GIVEN_NAMES_M if sex == "M" else GIVEN_NAMES_F
        used = self.family_given.setdefault(fid, set())
        free = [n for n in names if n not in used] or names  # siblings are not named alike
        given = free[int(self.rng.integers(0, len(free)))]
        used.add(given)
        family_name = FAMILY_NAMES[fid % len(FAMILY_NAMES)]
        upn = None
        if not uasc and age_on(dob, self.end) >= 5 and self.rng.random() < 0.9:
            upn = make_upn(
                self.upn_la, int(self.rng.integers(1000, 7000)), dob.year + 5, pid % 1000
            )
        disabilities: list[str] = []
        if self.rng.random() < 0.09:
            disabilities = sorted(
                set(self.rng.choice(DISABILITIES, size=int(self.rng.integers(1, 3))).tolist())
            )
        self.t.add(
            "persons",
            pid,
            fid,
            True,
            f"{self.la_code}{pid:07d}",
            given,
            family_name,
            dob,
            sex,
            self.family_ethnic[fid],
            upn,
            make_nhs_number(pid),
            disabilities,
            None,
            uasc,
            None,
        )
        child = _Child(pid, fid, dob, sex, uasc)
        self.children.append(child)
        return child

    def add_parents(self, fid: int, eldest_dob: date, children: list[_Child]) -> None:
        parents = 1 if self.rng.random() < 0.45 else 2
        for i in range(parents):
            pid = self.t.next_id("persons")
            sex = "F" if i == 0 else "M"
            dob = eldest_dob - _years(float(self.rng.uniform(18, 38)))
            names = GIVEN_NAMES_F if sex == "F" else GIVEN_NAMES_M
            self.t.add(
                "persons",
                pid,
                fid,
                False,
                None,
                names[int(self.rng.integers(0, len(names)))],
                FAMILY_NAMES[fid % len(FAMILY_NAMES)],
                dob,
                sex,
                self.family_ethnic[fid],
                None,
                make_nhs_number(pid),
                [],
                None,
                False,
                None,
            )
            for c in children:
                self.t.add("relationships", pid, c.person_id, "parent")
        for a in children:
            for b in children:
                if a is not b:
                    self.t.add("relationships", a.person_id, b.person_id, "sibling")

    # -- the journey ---------------------------------------------------------------------------
    def run(self) -> dict[str, pl.DataFrame]:
        self.simulate_referrals()
        self.simulate_legacy_care()
        self.simulate_uasc()
        self.allocate_workers()
        tables = _within_episodes(self.t.frames())
        check_tables(tables)
        return tables

    def simulate_referrals(self) -> None:
        span_years = (self.end - self.referral_start).days / YEAR
        mean_size = float(np.dot(*FAMILY_SIZES))
        n_first = self.rng.poisson(
            REFERRALS_PER_CHILD * self.population * span_years * (1 - P_REPEAT_REFERRAL) / mean_size
        )
        starts = sorted(self.uniform_date(self.referral_start, self.end) for _ in range(n_first))
        for first in starts:
            size = self.choice(FAMILY_SIZES)
            fid = self.new_family()
            lo, hi = self.choice(REFERRAL_AGE_BANDS)
            eldest_age = min(float(self.rng.uniform(lo, hi)), 17.9)
            kids = []
            for i in range(size):
                age = max(0.0, eldest_age - i * float(self.rng.uniform(1.0, 3.5)))
                dob = first - timedelta(days=int(age * YEAR) + 1)
                kids.append(self.new_child(fid, dob))
            self.add_parents(fid, kids[0].dob, kids)
            when: date | None = first
            prior_plan = False
            while when is not None and when <= self.end:
                closed = self.referral_episode(kids, when, prior_plan=prior_plan)
                prior_plan = prior_plan or self._made_plan
                when = None
                repeat = P_REPEAT_AFTER_PLAN if prior_plan else P_REPEAT_REFERRAL
                if closed is not None and self.rng.random() < repeat:
                    when = closed + timedelta(days=self.days(110, 0.9))
                    kids = [k for k in kids if age_on(k.dob, when) < 18]
                    if not kids:
                        when = None

    def referral_episode(
        self, kids: list[_Child], ref_date: date, *, prior_plan: bool = False
    ) -> date | None:
        """One referral for a family group; returns the date the episode closed (None if open)."""
        r = self.rng.random()
        again = prior_plan and self.rng.random() < P_PLAN_AGAIN
        if again:
            r = P_NFA  # straight to the section 47 path
        self._made_plan = False
        source = self.choice(REFERRAL_SOURCES)
        contact_ids = []
        for k in kids:
            cid = self.t.next_id("contacts")
            self.t.add("contacts", cid, k.person_id, ref_date, source, "referral")
            contact_ids.append(cid)
            if self.rng.random() < 0.6:  # earlier contacts that did not become referrals
                before = ref_date - timedelta(days=self.days(200, 1.0))
                if before > k.dob and before >= self.referral_start:
                    self.t.add(
                        "contacts",
                        self.t.next_id("contacts"),
                        k.person_id,
                        before,
                        self.choice(REFERRAL_SOURCES),
                        self.choice(
                            (["information_advice", "early_help", "nfa"], [0.4, 0.35, 0.25])
                        ),
                    )
        decision = add_working_days(ref_date, 0 if self.rng.random() < 0.7 else 1)
        if r < P_NFA:
            close = decision
            return self.close_referrals(
                kids, contact_ids, ref_date, source, "N9", decision, close, "RC8", nfa=True
            )

        need = (
            self.choice(NEED_NON_UASC)
            if self.rng.random() < 0.8
            else self.choice(
                (
                    ["N1", "N4", "N5", "N3", "N2", "N6", "N7", "N8"],
                    [0.45, 0.15, 0.15, 0.08, 0.07, 0.04, 0.03, 0.03],
                )
            )
        )
        ref_ids = [self.t.next_id("referrals") for _ in kids]
        # Assessment: median about 33 working days, 86% within 45.
        wd = self._assessment_wd()
        authorised = add_working_days(ref_date, wd)
        path_r = (r - P_NFA) / (1 - P_NFA)
        s47 = path_r < P_S47 / (1 - P_NFA)
        end: date | None
        closure_reason = "RC7"
        cpp_end: date | None = None
        care: tuple[date, str] | None = None
        if s47:
            strategy = add_working_days(ref_date, int(self.rng.choice([0, 0, 1, 2, 3])))
            s47_end = add_working_days(strategy, int(self.rng.integers(5, 16)))
            icpc = again or self.rng.random() < P_ICPC_GIVEN_S47
            icpc_date = add_working_days(strategy, self._icpc_wd()) if icpc else None
            cpp = icpc and (again or self.rng.random() < P_CPP_GIVEN_ICPC)
            self._made_plan = cpp
            authorised = max(authorised, s47_end)
            if cpp and icpc_date is not None:
                cpp_days = self.days(285, 0.65, lo=60)
                cpp_end = icpc_date + timedelta(days=cpp_days)
                if self.rng.random() < 0.2 * self._care_weight(kids, icpc_date):
                    care = (
                        icpc_date + timedelta(days=int(self.rng.integers(20, max(21, cpp_days)))),
                        "cp",
                    )
                    cpp_end = care[0]
                end = (
                    (cpp_end + timedelta(days=self.days(120, 0.8)))
                    if self.rng.random() < 0.6
                    else cpp_end
                )
            elif icpc or self.rng.random() < 0.55:
                end = authorised + timedelta(days=self.days(240, 0.7))
            else:
                # After an enquiry the case is not "closed after assessment" (RC8 would
                # contradict the s47 recorded on the episode: CIN census rule 2990).
                end = authorised
            self._s47_rows(kids, ref_ids, ref_date, strategy, s47_end, icpc_date, cpp, cpp_end)
        elif path_r < (P_S47 + P_NOT_IN_NEED) / (1 - P_NFA):
            end, closure_reason = authorised, ("RC8" if self.rng.random() < 0.7 else "RC9")
        else:
            end = authorised + timedelta(days=self.days(250, 0.7))
            if self.rng.random() < 0.052 * self._care_weight(kids, authorised):
                care = (authorised + timedelta(days=int(self.rng.integers(10, 200))), "cin")
        # Assessment rows (every non-NFA referral has one).
        factors = sorted(
            set(
                self.rng.choice(
                    FACTORS[0],
                    size=int(self.rng.integers(1, 4)),
                    p=np.array(FACTORS[1]) / sum(FACTORS[1]),
                ).tolist()
            )
        )
        # About one episode in eight needs a second assessment (circumstances changed).
        second = None
        if (end is None or (end - authorised).days > 150) and self.rng.random() < 0.13:
            s2 = authorised + timedelta(days=self.days(120, 0.5, lo=30))
            second = (s2, add_working_days(s2, self._assessment_wd()))
        for k, rid in zip(kids, ref_ids, strict=True):
            self.t.add(
                "assessments",
                self.t.next_id("assessments"),
                rid,
                k.person_id,
                ref_date,
                authorised if authorised <= self.end else None,
                factors if authorised <= self.end else [],
            )
            if second is not None and second[0] <= self.end and (end is None or second[1] < end):
                self.t.add(
                    "assessments",
                    self.t.next_id("assessments"),
                    rid,
                    k.person_id,
                    second[0],
                    second[1] if second[1] <= self.end else None,
                    factors if second[1] <= self.end else [],
                )
        if closure_reason not in {"RC8", "RC9"} and (not s47 or cpp_end is None or end != cpp_end):
            plan_start = cpp_end if (s47 and cpp_end is not None and cpp_end < end) else authorised
            plan_end = care[0] if care is not None else end
            if plan_start < plan_end and plan_start <= self.end:
                for k, rid in zip(kids, ref_ids, strict=True):
                    self.t.add(
                        "cin_plans",
                        self.t.next_id("cin_plans"),
                        rid,
                        k.person_id,
                        plan_start,
                        plan_end if plan_end <= self.end else None,
                    )
        # Care: a share of the children enter care together.
        reason = closure_reason
        if care is not None and care[0] <= self.end:
            ends: list[date | None] = []
            for k in kids:
                if age_on(k.dob, care[0]) >= 18:
                    continue
                if any(s == "cla" and (b is None or b > care[0]) for s, _, b in k.statuses):
                    # Already looked after (or from a later date): one period of care at a time.
                    continue
                care_end_k, reason = self.period_of_care(k, care[0], referral_need=need)
                ends.append(care_end_k)
            if ends:
                # The CIN episode stays open while any of the children is looked after.
                end = (
                    None if any(e is None for e in ends) else max(e for e in ends if e is not None)
                )
        if end is not None:
            limit = min(birthday(k.dob, 18) for k in kids)
            if end >= limit:
                end, reason = max(ref_date, limit - timedelta(days=1)), "RC7"
        return self.close_referrals(
            kids, contact_ids, ref_date, source, need, decision, end, reason, ref_ids=ref_ids
        )

    def _care_weight(self, kids: list[_Child], on: date) -> float:
        """Babies are far likelier than older children to come into care from a plan."""
        youngest = min(age_on(k.dob, on) for k in kids)
        return 2.2 if youngest < 1 else (0.45 if youngest < 10 else 1.6)

    def _assessment_wd(self) -> int:
        if self.rng.random() > 0.857:
            return int(self.rng.integers(46, 91))
        return int(self.rng.triangular(1, 42, 45.999))

    def _icpc_wd(self) -> int:
        if self.rng.random() < 0.814:
            return int(self.rng.integers(10, 16))
        return int(self.rng.integers(16, 31))

    def _s47_rows(
        self,
        kids: list[_Child],
        ref_ids: list[int],
        ref_date: date,
        strategy: date,
        s47_end: date,
        icpc_date: date | None,
        cpp: bool,
        cpp_end: date | None,
    ) -> None:
        category = self.choice(CPP_CATEGORIES)
        latest = category if self.rng.random() < 0.9 else self.choice(CPP_CATEGORIES)
        for k, rid in zip(kids, ref_ids, strict=True):
            if strategy > self.end:
                return
            sid = self.t.next_id("strategy_discussions")
            self.t.add("strategy_discussions", sid, rid, k.person_id, strategy)
            outcome = (
                "icpc" if icpc_date is not None else ("cin" if self.rng.random() < 0.5 else "nfa")
            )
            s47_id = self.t.next_id("s47_enquiries")
            self.t.add(
                "s47_enquiries",
                s47_id,
                sid,
                rid,
                k.person_id,
                strategy,
                s47_end if s47_end <= self.end else None,
                outcome if s47_end <= self.end else None,
                add_working_days(strategy, 15),
            )
            if icpc_date is None or icpc_date > self.end:
                continue
            cp_id = None
            if cpp:
                cp_id = self.t.next_id("cp_plans")
                end = cpp_end if cpp_end is not None and cpp_end <= self.end else None
                self.t.add("cp_plans", cp_id, rid, k.person_id, icpc_date, end, category, latest)
                k.statuses.append(("cp", icpc_date, end))
                self._cp_reviews_and_visits(k, rid, cp_id, icpc_date, end)
            self.t.add(
                "conferences",
                self.t.next_id("conferences"),
                rid,
                k.person_id,
                s47_id,
                cp_id,
                "initial",
                icpc_date,
                "plan" if cpp else "no_plan",
            )

    def _cp_reviews_and_visits(
        self, k: _Child, rid: int, cp_id: int, start: date, end: date | None
    ) -> None:
        stop = end or self.end
        review = add_months(start, 3) - timedelta(days=int(self.rng.integers(0, 10)))
        while review < stop and review <= self.end:
            outcome = "continue"
            self.t.add(
                "conferences",
                self.t.next_id("conferences"),
                rid,
                k.person_id,
                None,
                cp_id,
                "review",
                review,
                outcome,
            )
            review = add_months(review, 6) - timedelta(days=int(self.rng.integers(0, 10)))
        visit = add_working_days(start, int(self.rng.integers(3, 10)))
        last_year = self.end - timedelta(days=365)
        while visit < stop and visit <= self.end:
            if visit >= last_year:
                self._visit(k, "cp", visit)
            visit = add_working_days(visit, int(self.rng.integers(6, 11)))

    def _visit(self, k: _Child, kind: str, when: date) -> None:
        seen = bool(self.rng.random() < 0.95)
        alone = seen and age_on(k.dob, when) >= 5 and bool(self.rng.random() < 0.7)
        self.t.add("visits", self.t.next_id("visits"), k.person_id, kind, when, seen, alone)

    def close_referrals(
        self,
        kids: list[_Child],
        contact_ids: list[int],
        ref_date: date,
        source: str,
        need: str,
        decision: date,
        end: date | None,
        reason: str,
        *,
        nfa: bool = False,
        ref_ids: list[int] | None = None,
    ) -> date | None:
        ids = ref_ids or [self.t.next_id("referrals") for _ in kids]
        closed = end if end is not None and end <= self.end else None
        for k, rid, cid in zip(kids, ids, contact_ids, strict=True):
            self.t.add(
                "referrals",
                rid,
                k.person_id,
                cid,
                ref_date,
                source,
                need,
                decision if decision <= self.end else None,
                nfa,
                closed,
                reason if closed is not None else None,
            )
            k.statuses.append(("cin", ref_date, closed))
        return closed

    # -- looked after ---------------------------------------------------------------------------
    def period_of_care(
        self, k: _Child, start: date, *, referral_need: str = "N1", route: str | None = None
    ) -> tuple[date | None, str]:
        """Simulate one period of care; returns (end or None if open at end_date, CIN closure)."""
        age = age_on(k.dob, start)
        band = next(b for b in EXITS if b[0] <= age < b[1])
        if route is None:
            route = self.choice(EXITS[band])
        eighteen = birthday(k.dob, 18)
        mean_days = {
            "home": 330,
            "adoption": 680,
            "sgo": 560,
            "cao": 560,
            "other": 300 if k.uasc else 500,
        }
        if route == "18":
            end = eighteen
        else:
            end = start + timedelta(
                days=self.days(mean_days[route], 0.7 if route == "home" else 0.4, lo=7)
            )
            if route == "adoption":
                # Decision, placement order, match and placement take well over a year.
                end = max(end, start + timedelta(days=450))
            if end >= eighteen:
                end, route = eighteen, "18"
        rec = {
            "home": self.choice((["E4A", "E4B", "E13"], [0.8, 0.05, 0.15])),
            "adoption": self.choice((["E11", "E12"], [0.4, 0.6])),
            "sgo": self.choice((["E45", "E46", "E47", "E48"], [0.35, 0.15, 0.4, 0.1])),
            "cao": "E41",
            "other": self.choice((["E3", "E8", "E9", "E7"], [0.3, 0.5, 0.1, 0.1])),
            "18": self.choice((["E17", "E5", "E6", "E8"], [0.3, 0.35, 0.1, 0.25])),
        }[route]
        if k.uasc:
            rec = (
                self.choice((["E5", "E17", "E8", "E15"], [0.55, 0.2, 0.15, 0.1]))
                if route == "18"
                else "E8"
            )
        need = (
            "N8"
            if k.uasc
            else (
                referral_need
                if referral_need in NEED_NON_UASC[0] and self.rng.random() < 0.3
                else self.choice(NEED_NON_UASC)
            )
        )
        # Legal status: a court route starts on an interim care order and moves to a full order
        # when proceedings end (about 40 weeks); section 20 accommodation stays V2.
        s20 = k.uasc or self.rng.random() < (
            {"home": 0.3, "other": 0.3, "18": 0.12}.get(route, 0.04) if age < 16 else 0.4
        )
        changes: list[tuple[date, str, str]] = []  # (date, what, value)
        ls = "V2" if s20 else "C1"
        if not s20:
            full = start + timedelta(days=self.days(230, 0.3, lo=60))
            if full < end:
                changes.append((full, "ls", "C2"))
        placed_for_adoption: date | None = None
        adoption_row: list[Any] | None = None
        by_foster_carers = False
        if not s20 and route in {"18", "sgo"} and age < 5 and self.rng.random() < 0.35:
            # An adoption plan that was not achieved: a placement order that stays in force.
            po_date = start + timedelta(days=self.days(420, 0.3, lo=120))
            decision = max(start, po_date - timedelta(days=int(self.rng.integers(30, 120))))
            if po_date < end and k.person_id not in self.adoption_plans:
                changes.append((po_date, "ls", "E1"))
                self.adoption_plans.add(k.person_id)
            if po_date < end and decision <= self.end:
                # The decision that the child should be placed is reversed when they leave care
                # another way (rule 557): adopters could not be found, or their needs changed.
                ceased = end if end <= self.end else None
                self.t.add(
                    "adoptions",
                    k.person_id,
                    decision,
                    po_date if po_date <= self.end else None,
                    *[None] * 7,
                    ceased,
                    self.choice((["RD3", "RD1", "RD4"], [0.5, 0.3, 0.2])) if ceased else None,
                )
        if route == "adoption":
            # Placement order, then a match about ten months later, placed, adoption order.
            placed_for_adoption = end - timedelta(days=int(self.rng.integers(120, 300)))
            # About one adoption in eight is by the child's foster carers (placement A5, not A6).
            by_foster_carers = bool(self.rng.random() < 0.12)
            po = max(
                start + timedelta(days=60),
                placed_for_adoption - timedelta(days=self.days(300, 0.3)),
            )
            if po < placed_for_adoption:
                # The care order is made at or before the placement order, never after it.
                changes[:] = [c for c in changes if not (c[1] == "ls" and c[0] >= po)]
                changes.append((po, "ls", "E1"))
            changes.append((placed_for_adoption, "place", "adopt"))
            decision = po - timedelta(days=int(self.rng.integers(30, 120)))
            decision = max(decision, start)
            # The match follows the decision (rule 333).
            match = max(
                decision, placed_for_adoption - timedelta(days=int(self.rng.integers(7, 40)))
            )
            if decision <= self.end and k.person_id not in self.adoption_plans:
                self.adoption_plans.add(k.person_id)
                # Added once the placements are known: whether the adopters are the foster carers.
                adoption_row = [
                    k.person_id,
                    decision,
                    po if po <= self.end else None,
                    match if match <= self.end else None,
                    placed_for_adoption if placed_for_adoption <= self.end else None,
                    end if end <= self.end else None,
                    by_foster_carers,
                    *self._adopters(),
                    None,
                    None,
                ]
        # Placement moves: a Poisson process. Most children are settled; about one in seven has
        # an unstable period with a move every few months.
        t = start
        interval = 110 if self.rng.random() < 0.14 else 1300
        while True:
            t = t + timedelta(days=self.days(interval, 0.8, lo=14))
            if t >= end or (placed_for_adoption and t >= placed_for_adoption):
                break
            changes.append((t, "place", "move"))
        changes.sort()
        # Build contiguous episodes.
        period_id = self.t.next_id("cla_episodes")  # period ids share the episode counter's space
        episodes: list[list[Any]] = []
        place = self._placement(k, start, route, ls)
        provider = self._provider(place)
        cur_start, cur_ls, rne = start, ls, "S"
        for when, what, value in changes:
            if when <= cur_start:
                continue
            if what == "ls":
                episodes.append([cur_start, rne, cur_ls, place, provider, when, "X1", None])
                cur_start, cur_ls, rne = when, value, "L"
            else:
                episodes.append(
                    [
                        cur_start,
                        rne,
                        cur_ls,
                        place,
                        provider,
                        when,
                        "X1",
                        "CARPL"
                        if value == "adopt"
                        else self.choice(
                            (
                                ["CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "STAND", "OTHER"],
                                [0.45, 0.15, 0.12, 0.08, 0.08, 0.04, 0.08],
                            )
                        ),
                    ]
                )
                rne = "P"
                if value == "adopt":
                    # Adopters who are the child's foster carers: only from a foster placement
                    # (rule 336), and the carers stay the same, so the placement type alone
                    # changes (T, rule 217).
                    by_foster_carers = by_foster_carers and place in _FOSTER_CODES
                    place, rne = ("A5", "T") if by_foster_carers else ("A6", "P")
                else:
                    place = self._placement(k, when, route, cur_ls)
                provider = self._provider(place)
                cur_start = when
        episodes.append([cur_start, rne, cur_ls, place, provider, end, rec, None])
        if adoption_row is not None:
            adoption_row[6] = by_foster_carers
            self.t.add("adoptions", *adoption_row)
        last_year = self.end - timedelta(days=365)
        postcode_home = self.family_postcode[k.family_id]
        first_episode = True
        location: tuple[str, str | None] = ("", None)
        for ep in episodes:
            ep_start, rne, ep_ls, ep_place, ep_provider, ep_end, ep_rec, change = ep
            if ep_start > self.end:
                break
            open_ = ep_end > self.end
            if first_episode:
                episode_id = period_id
                first_episode = False
            else:
                episode_id = self.t.next_id("cla_episodes")
            code = self._year_code(ep_place, ep_end if not open_ else self.end)
            if rne not in {"L", "T"}:
                # A new placement has its own postcode and URN; a change of legal status alone,
                # or of placement type with the same carers, keeps the child where they are
                # (rule 434).
                location = (
                    f"ZZ{1 + int(self.rng.integers(0, 20))} {1 + int(self.rng.integers(0, 9))}PL",
                    # A URN for registered settings; XXXXXXX only for adoption agencies (242).
                    f"SC{int(self.rng.integers(100000, 999999))}"
                    if code in {"K1", "K2"}
                    else ("XXXXXXX" if code in _ADOPTION_PLACEMENTS else None),
                )
            self.t.add(
                "cla_episodes",
                episode_id,
                k.person_id,
                period_id,
                ep_start,
                rne,
                ep_ls,
                need,
                code,
                None
                if code in {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
                else ep_provider,
                postcode_home,
                *location,
                None if open_ else ep_end,
                None if open_ else ep_rec,
                None if open_ else change,
            )
        open_end = None if end > self.end else end
        k.statuses.append(("cla", start, open_end))
        # Reviews to timescale: 20 working days, 3 months, then 6-monthly.
        review = add_working_days(start, int(self.rng.integers(10, 21)))
        n = 0
        while review < end and review <= self.end:
            self.t.add(
                "cla_reviews",
                self.t.next_id("cla_reviews"),
                k.person_id,
                period_id,
                review,
                "PN0"
                if age_on(k.dob, review) < 4
                else self.choice(
                    (
                        ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"],
                        [0.5, 0.08, 0.04, 0.04, 0.12, 0.12, 0.1],
                    )
                ),
            )
            n += 1
            review = add_months(review, 3 if n == 1 else 6) - timedelta(
                days=int(self.rng.integers(0, 14))
            )
        # Statutory visits in the last year (older visits are not generated, to keep the demo small).
        visit = start + timedelta(days=int(self.rng.integers(1, 7)))
        while visit < end and visit <= self.end:
            if visit >= last_year:
                self._visit(k, "cla", visit)
            visit = visit + timedelta(days=int(self.rng.integers(28, 43)))
        # Missing episodes, mostly for teenagers.
        at_risk = age_on(k.dob, start) >= 11 or (end - start).days > 1500
        if at_risk and self.rng.random() < 0.18:
            starts = sorted(
                self.uniform_date(max(start, birthday(k.dob, 11)), min(end, self.end))
                for _ in range(int(self.rng.integers(1, 6)))
            )
            last_end: date | None = None
            for ms in starts:
                if ms >= end or ms > self.end or (last_end is not None and ms <= last_end):
                    continue  # one missing period at a time (rule 574)
                me = ms + timedelta(days=int(self.rng.integers(0, 4)))
                last_end = me
                kind = self.choice((["M", "A"], [0.75, 0.25]))
                self.t.add(
                    "missing_episodes",
                    self.t.next_id("missing_episodes"),
                    k.person_id,
                    kind,
                    ms,
                    me if me <= self.end and me < end else None,
                )
        if route == "18" and end <= self.end:
            self._care_leaver(k, end, rec)
        closure = {"adoption": "RC1", "sgo": "RC4", "cao": "RC3"}.get(route, "RC7")
        return open_end, closure

    def _placement(self, k: _Child, on: date, route: str, ls: str) -> str:
        age = age_on(k.dob, on)
        band = next(b for b in PLACEMENT_MIX if b[0] <= age < b[1])
        weights = PLACEMENT_MIX[band]
        if k.uasc:
            weights = (
                [0.02, 0.38, 0.10, 0.0, 0.0, 0.48, 0.02]
                if age >= 16
                else [0.02, 0.75, 0.18, 0.0, 0.0, 0.0, 0.05]
            )
        kind = self.choice((PLACEMENT_KINDS, weights))
        if route in {"sgo", "cao"} and kind in {"foster", "home"} and self.rng.random() < 0.6:
            kind = "kin"
        if kind == "parents" and ls == "V2":
            # Placement with parents needs an order: not possible under section 20 (rule 378).
            kind = "foster"
        return {
            "kin": lambda: self.choice(_FOSTER_KIN),
            "foster": lambda: self.choice(_FOSTER),
            "home": lambda: "K2",
            "secure": lambda: "K1",
            "parents": lambda: "P1",
            "ind": lambda: "ind",
            "other": lambda: self._other_placement(age),
        }[kind]()

    def _adopters(self) -> tuple[int, str, str]:
        """Number, sexes and legal status of the adopters, consistent with each other (903
        rules 511, 514 and 517-524)."""
        if self.rng.random() < 0.16:
            return 1, self.choice((["F1", "M1"], [0.88, 0.12])), "L0"
        sexes = self.choice((["MF", "FF", "MM"], [0.82, 0.1, 0.08]))
        if sexes == "MF":
            return 2, sexes, self.choice((["L11", "L3"], [0.75, 0.25]))
        return 2, sexes, self.choice((["L12", "L2", "L4"], [0.35, 0.35, 0.3]))

    def _other_placement(self, age: int) -> str:
        # Youth custody from 10 (rule 372) and residential schools from 4 (rule 373).
        codes, weights = ["R1", "R2", "R3"], [0.2, 0.2, 0.2]
        if age >= 4:
            codes, weights = [*codes, "S1"], [*weights, 0.3]
        if age >= 10:
            codes, weights = [*codes, "R5"], [*weights, 0.1]
        total = sum(weights)
        return self.choice((codes, [w / total for w in weights]))

    def _year_code(self, place: str, on: date) -> str:
        """Placement codes changed in 2025-26; an episode still open then carries the new code."""
        if place != "ind":
            return place
        return "K3" if on >= NEW_PLACEMENT_CODES_FROM else "H5"

    def _provider(self, place: str) -> str:
        return {
            "U1": "PR1",
            "U2": "PR1",
            "U3": "PR1",
            "P1": "PR0",
            "K1": "PR2",
            "R2": "PR3",
            "R5": "PR3",
        }.get(place) or self.choice(
            {
                "U4": (["PR1", "PR4", "PR5"], [0.55, 0.40, 0.05]),
                "U5": (["PR1", "PR4"], [0.6, 0.4]),
                "U6": (["PR1", "PR4", "PR5"], [0.55, 0.40, 0.05]),
                "K2": (["PR4", "PR1", "PR5"], [0.74, 0.2, 0.06]),
                "ind": (["PR4", "PR5", "PR1"], [0.6, 0.25, 0.15]),
                "A5": (["PR1", "PR2", "PR5"], [0.6, 0.2, 0.2]),
                "A6": (["PR1", "PR2", "PR5"], [0.5, 0.25, 0.25]),
            }.get(place, (["PR4", "PR1", "PR5"], [0.5, 0.3, 0.2]))
        )

    def _care_leaver(self, k: _Child, left: date, rec: str) -> None:
        for years in range(18, 22):
            when = birthday(k.dob, years)
            if when < left or when > self.end:
                continue
            in_touch = self.choice((["YES", "NO", "REFU"], [0.92, 0.05, 0.03]))
            activity = accommodation = "0"
            if in_touch == "YES":
                eet = 0.64 if years <= 18 else 0.54
                # EET shares are of all care leavers, and only those in touch report one.
                in_eet = self.rng.random() < min(1.0, eet / 0.92)
                activity = (
                    self.choice((["F2", "F4", "F1", "P4", "F5"], [0.35, 0.3, 0.15, 0.12, 0.08]))
                    if in_eet
                    else self.choice((["G5", "G4", "G6"], [0.6, 0.25, 0.15]))
                )
                suitable = self.rng.random() < min(1.0, (0.91 if years <= 18 else 0.89) / 0.92)
                kind = self.choice(
                    (["U", "D", "B", "Z", "E", "K", "C"], [0.35, 0.2, 0.12, 0.12, 0.08, 0.08, 0.05])
                )
                accommodation = f"{kind}{1 if suitable else 2}"
            self.t.add(
                "care_leaver_contacts",
                k.person_id,
                when,
                in_touch,
                activity,
                accommodation,
                rec == "E17" and years <= 20,
            )
        k.statuses.append(("care_leaver", left, birthday(k.dob, 25)))

    def simulate_legacy_care(self) -> None:
        """Periods of care that began before the referral history starts (migrated records)."""
        span = (self.referral_start - self.care_start).days / YEAR
        n = self.rng.poisson(
            CLA_STARTS_PER_CHILD * (1 - UASC_SHARE_OF_STARTS) * self.population * span
        )
        for _ in range(n):
            start = self.uniform_date(self.care_start, self.referral_start - timedelta(days=1))
            lo, hi = self.choice(CARE_AGE_BANDS)
            dob = start - timedelta(days=int(float(self.rng.uniform(lo, hi)) * YEAR) + 1)
            if birthday(dob, 18) <= self.referral_start - _years(4):
                continue  # left care long before the record starts and beyond care-leaver age
            if birthday(dob, 18) <= start:
                continue  # the band's top, in days, can reach an 18th birthday in leap years
            fid = self.new_family()
            k = self.new_child(fid, dob)
            self.add_parents(fid, dob, [k])
            end, reason = self.period_of_care(k, start)
            self._legacy_referral(k, start, end, reason)

    def _legacy_referral(self, k: _Child, start: date, end: date | None, reason: str) -> None:
        rid = self.t.next_id("referrals")
        cid = self.t.next_id("contacts")
        self.t.add("contacts", cid, k.person_id, start, "5C" if k.uasc else "6", "referral")
        self.t.add(
            "referrals",
            rid,
            k.person_id,
            cid,
            start,
            "5C" if k.uasc else "6",
            "N8" if k.uasc else "N1",
            start,
            False,
            end,
            reason if end is not None else None,
        )
        k.statuses.append(("cin", start, end))

    def simulate_uasc(self) -> None:
        span = (self.end - self.care_start).days / YEAR
        n = self.rng.poisson(CLA_STARTS_PER_CHILD * UASC_SHARE_OF_STARTS * self.population * span)
        for _ in range(n):
            start = self.uniform_date(self.care_start, self.end)
            age = float(self.rng.choice([16.0, 16.8, 17.5], p=[0.2, 0.35, 0.45]))
            dob = start - timedelta(days=int(age * YEAR))
            fid = self.new_family(uasc=True)
            k = self.new_child(fid, dob, uasc=True, male_share=0.93)
            end, reason = self.period_of_care(
                k, start, route="18" if self.rng.random() < 0.7 else "other"
            )
            self._legacy_referral(k, start, end, reason)

    # -- workforce --------------------------------------------------------------------------------
    def allocate_workers(self) -> None:
        """Teams by kind and case-holding workers at about 15 cases each (national average)."""
        open_cases: dict[str, list[tuple[int, date]]] = {
            k: []
            for k in (
                "assessment",
                "family_help",
                "child_protection",
                "children_in_care",
                "leaving_care",
            )
        }
        for c in self.children:
            current = [
                s for s in c.statuses if s[1] <= self.end and (s[2] is None or s[2] > self.end)
            ]
            if not current:
                continue
            kinds = {s[0] for s in current}
            since = max(s[1] for s in current)
            if "cla" in kinds:
                team = "children_in_care"
            elif "cp" in kinds:
                team = "child_protection"
            elif "care_leaver" in kinds and age_on(c.dob, self.end) < 25:
                team = "leaving_care"
            elif "cin" in kinds:
                team = "family_help" if (self.end - since).days > 60 else "assessment"
            else:
                continue
            open_cases[team].append((c.person_id, since))
        names = {
            "assessment": "Assessment",
            "family_help": "Family Help",
            "child_protection": "Child Protection",
            "children_in_care": "Children in Care",
            "leaving_care": "Leaving Care",
        }
        self.t.add("teams", self.t.next_id("teams"), "Front Door (MASH)", "front_door")
        chair_ids: list[int] = []
        for kind, cases in open_cases.items():
            n_workers = max(1, int(np.ceil(len(cases) / 15.2)))
            per_team = 7
            worker_ids = []
            for t in range(int(np.ceil(n_workers / per_team))):
                tid = self.t.next_id("teams")
                self.t.add("teams", tid, f"{names[kind]} {t + 1}", kind)
                self._worker(tid, "team_manager")
                for _ in range(min(per_team, n_workers - t * per_team)):
                    worker_ids.append(self._worker(tid, "social_worker"))
            role = "personal_adviser" if kind == "leaving_care" else "allocated_worker"
            for i, (pid, since) in enumerate(cases):
                start = max(since, self.end - timedelta(days=int(self.rng.integers(7, 400))))
                self.t.add(
                    "allocations",
                    self.t.next_id("allocations"),
                    pid,
                    worker_ids[i % len(worker_ids)],
                    role,
                    start,
                    None,
                )
            if kind in {"child_protection", "children_in_care"}:
                if not chair_ids:
                    iro_team = self.t.next_id("teams")
                    self.t.add("teams", iro_team, "Safeguarding and Reviewing", "other")
                    chair_ids = [
                        self._worker(iro_team, "cp_chair_iro")
                        for _ in range(
                            max(
                                1,
                                (
                                    len(open_cases["child_protection"])
                                    + len(open_cases["children_in_care"])
                                )
                                // 60,
                            )
                        )
                    ]
                for i, (pid, since) in enumerate(cases):
                    self.t.add(
                        "allocations",
                        self.t.next_id("allocations"),
                        pid,
                        chair_ids[i % len(chair_ids)],
                        "iro",
                        since,
                        None,
                    )

    def _worker(self, team_id: int, role: str) -> int:
        wid = self.t.next_id("workers")
        female = self.rng.random() < 0.84
        names = GIVEN_NAMES_F if female else GIVEN_NAMES_M
        self.t.add(
            "workers",
            wid,
            team_id,
            role,
            names[int(self.rng.integers(0, len(names)))],
            FAMILY_NAMES[int(self.rng.integers(0, len(FAMILY_NAMES)))],
        )
        return wid


def simulate(
    population: int,
    years: int,
    seed: int,
    *,
    end_date: date = date(2026, 3, 31),
    la_code: str = "999",
) -> dict[str, pl.DataFrame]:
    """Simulate an authority with `population` children over `years` collection years ending on
    `end_date`. Returns one frame per table in `synth.tables.SCHEMAS`."""
    return Simulation(population, years, seed, end_date, la_code).run()
