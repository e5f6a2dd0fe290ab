from datetime import date

from opencsc.core.timescales import (
    Due,
    assessment_due,
    cla_review_due,
    cla_visit_due,
    cp_review_due,
    cp_visit_due,
    icpc_due,
    pathway_plan_review_due,
    referral_decision_due,
    status,
)


def test_referral_decision_is_next_working_day_across_easter() -> None:
    assert referral_decision_due(date(2024, 3, 28)).due_date == date(2024, 4, 2)


def test_referral_decision_on_friday_before_coronation_bank_holiday() -> None:
    assert referral_decision_due(date(2023, 5, 5)).due_date == date(2023, 5, 9)


def test_assessment_is_45_working_days_counting_christmas() -> None:
    # From Mon 4 Dec 2023: 45 working days skip 25, 26 Dec and 1 Jan 2024.
    assert assessment_due(date(2023, 12, 4)).due_date == date(2024, 2, 8)


def test_icpc_is_15_working_days_after_strategy_discussion_with_may_holidays() -> None:
    # Strategy discussion Fri 26 Apr 2024; 6 May (early May) is a bank holiday.
    assert icpc_due(date(2024, 4, 26)).due_date == date(2024, 5, 20)


def test_icpc_over_a_substitute_christmas() -> None:
    # Christmas Day 2027 is a Saturday: 27 and 28 Dec are substitute bank holidays.
    assert icpc_due(date(2027, 12, 20)).due_date == date(2028, 1, 13)


def test_cp_reviews_are_three_then_six_months() -> None:
    assert cp_review_due(date(2025, 11, 30)).due_date == date(2026, 2, 28)
    assert cp_review_due(date(2025, 11, 30), date(2026, 2, 20)).due_date == date(2026, 8, 20)


def test_cp_visit_every_ten_working_days_over_late_summer_holiday() -> None:
    assert cp_visit_due(date(2025, 8, 20)).due_date == date(2025, 9, 4)


def test_cla_reviews_20_working_days_then_3_then_6_months() -> None:
    start = date(2024, 12, 16)
    first = cla_review_due(start, [])
    assert first.due_date == date(2025, 1, 16)  # skips 25, 26 Dec and 1 Jan
    assert cla_review_due(start, [date(2025, 1, 10)]).due_date == date(2025, 4, 10)
    later = cla_review_due(start, [date(2025, 4, 1), date(2025, 1, 10)])
    assert later.due_date == date(2025, 10, 1)


def test_cla_visits_week_then_six_weeks_then_three_months_if_long_term() -> None:
    start = date(2025, 1, 6)
    assert cla_visit_due(start, None).due_date == date(2025, 1, 13)
    assert cla_visit_due(start, date(2025, 1, 10)).due_date == date(2025, 2, 21)
    assert cla_visit_due(start, date(2026, 2, 1), long_term_placement=True).due_date == date(
        2026, 5, 1
    )
    assert cla_visit_due(start, date(2026, 2, 1)).due_date == date(2026, 3, 15)
    # A visit before the current placement began does not count for it.
    assert cla_visit_due(start, date(2024, 12, 1)).due_date == date(2025, 1, 13)


def test_pathway_plan_review_six_months() -> None:
    assert pathway_plan_review_due(date(2025, 8, 31)).due_date == date(2026, 2, 28)


def test_status_overdue_due_soon_and_not_due_in_working_days() -> None:
    due = Due("x", date(2025, 12, 29), "")
    assert status(due, date(2025, 12, 30)) == "overdue"
    # From 19 Dec to 29 Dec 2025 there are 4 working days (22, 23, 24, 29).
    assert status(due, date(2025, 12, 19)) == "due_soon"
    assert status(due, date(2025, 12, 1)) == "not_due"
