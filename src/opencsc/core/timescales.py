"""Statutory timescales: when each step is due.

Sources: Working Together to Safeguard Children 2023 (WT2023); the Care Planning, Placement and
Case Review (England) Regulations 2010 (CPPCR); the Care Leavers (England) Regulations 2010.
Working days exclude weekends and England and Wales bank holidays (`core.workingdays`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from opencsc.core.workingdays import add_months, add_working_days, working_days_between

Status = Literal["overdue", "due_soon", "not_due"]
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Due:
    kind: str
    due_date: date
    basis: str


def referral_decision_due(referral_date: date) -> Due:
    return Due(
        "referral_decision",
        add_working_days(referral_date, 1),
        "WT2023: decision on next steps within 1 working day of the referral",
    )


def assessment_due(referral_date: date) -> Due:
    return Due(
        "assessment",
        add_working_days(referral_date, 45),
        "WT2023: assessment within 45 working days of the referral",
    )


def icpc_due(last_strategy_discussion: date) -> Due:
    return Due(
        "icpc",
        add_working_days(last_strategy_discussion, 15),
        "WT2023: initial conference within 15 working days of the (last) strategy discussion",
    )


def cp_review_due(icpc_date: date, last_review: date | None = None) -> Due:
    """First review within 3 months of the initial conference, then at most every 6 months."""
    if last_review is None:
        return Due(
            "cp_review",
            add_months(icpc_date, 3),
            "WT2023: first review conference within 3 months of the initial conference",
        )
    return Due(
        "cp_review",
        add_months(last_review, 6),
        "WT2023: review conferences at intervals of no more than 6 months",
    )


def cp_visit_due(last_visit_or_plan_start: date) -> Due:
    return Due(
        "cp_visit",
        add_working_days(last_visit_or_plan_start, 10),
        "Local practice: a child on a plan is seen at least every 10 working days",
    )


def cla_review_due(became_looked_after: date, reviews_held: list[date]) -> Due:
    """CPPCR reg 33: 20 working days, then 3 months after the first, then every 6 months."""
    held = sorted(reviews_held)
    if not held:
        return Due(
            "cla_review",
            add_working_days(became_looked_after, 20),
            "CPPCR reg 33: first review within 20 working days of becoming looked after",
        )
    if len(held) == 1:
        return Due(
            "cla_review",
            add_months(held[0], 3),
            "CPPCR reg 33: second review within 3 months of the first",
        )
    return Due(
        "cla_review",
        add_months(held[-1], 6),
        "CPPCR reg 33: later reviews within 6 months of the one before",
    )


def cla_visit_due(
    placement_start: date, last_visit: date | None, *, long_term_placement: bool = False
) -> Due:
    """CPPCR reg 28: within 1 week of a placement; then at most 6-weekly in its first year; after
    that 3-monthly where the placement is agreed as long term, otherwise still 6-weekly."""
    if last_visit is None or last_visit < placement_start:
        return Due(
            "cla_visit",
            placement_start + timedelta(weeks=1),
            "CPPCR reg 28: visit within 1 week of the start of a placement",
        )
    first_year_ends = add_months(placement_start, 12)
    if long_term_placement and last_visit >= first_year_ends:
        return Due(
            "cla_visit",
            add_months(last_visit, 3),
            "CPPCR reg 28: 3-monthly visits after the first year of a long-term placement",
        )
    return Due(
        "cla_visit",
        last_visit + timedelta(weeks=6),
        "CPPCR reg 28: visits at intervals of no more than 6 weeks",
    )


def pathway_plan_review_due(last_plan_or_review: date) -> Due:
    return Due(
        "pathway_plan_review",
        add_months(last_plan_or_review, 6),
        "Care Leavers (England) Regulations 2010: pathway plan reviewed at least every 6 months",
    )


def status(due: Due, today: date) -> Status:
    if due.due_date < today:
        return "overdue"
    if working_days_between(today, due.due_date) <= DUE_SOON_WORKING_DAYS:
        return "due_soon"
    return "not_due"
