from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from opencsc.core.workingdays import (
    add_months,
    add_working_days,
    add_working_days_array,
    is_working_day,
    working_days_between,
    working_days_between_arrays,
)

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_bank_holidays_are_not_working_days() -> None:
    for d in [
        date(2023, 5, 8),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2025, 8, 25),
        date(2027, 12, 27),
        date(2027, 12, 28),
        date(2026, 12, 28),
    ]:
        assert not is_working_day(d), d
    assert is_working_day(date(2024, 4, 2))
    assert not is_working_day(date(2024, 4, 6))  # a Saturday


def test_adding_working_days_skips_christmas_and_new_year() -> None:
    # Friday 22 Dec 2023 + 3 working days: 25, 26 Dec and 1 Jan are bank holidays.
    assert add_working_days(date(2023, 12, 22), 3) == date(2023, 12, 29)
    assert add_working_days(date(2023, 12, 29), 1) == date(2024, 1, 2)


def test_counting_from_a_weekend_starts_on_monday() -> None:
    assert add_working_days(date(2024, 6, 8), 1) == date(2024, 6, 10)
    assert add_working_days(date(2024, 6, 8), 0) == date(2024, 6, 8)
    assert add_working_days(date(2024, 6, 10), -1) == date(2024, 6, 7)


def test_working_days_between_counts_days_after_start_up_to_end() -> None:
    assert working_days_between(date(2024, 6, 10), date(2024, 6, 11)) == 1
    assert working_days_between(date(2024, 6, 10), date(2024, 6, 10)) == 0
    assert working_days_between(date(2024, 3, 28), date(2024, 4, 2)) == 1  # Easter
    assert working_days_between(date(2024, 6, 11), date(2024, 6, 10)) == -1


@given(dates, st.integers(min_value=0, max_value=200))
def test_adding_then_counting_round_trips(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or is_working_day(end)


@given(st.lists(st.tuples(dates, st.integers(min_value=0, max_value=400)), min_size=1, max_size=30))
def test_vectorised_versions_agree_with_scalar(pairs: list[tuple[date, int]]) -> None:
    starts = [s for s, _ in pairs]
    ns = [n for _, n in pairs]
    ends = [s + timedelta(days=n) for s, n in pairs]
    got = working_days_between_arrays(
        np.array(starts, "datetime64[D]"), np.array(ends, "datetime64[D]")
    )
    assert got.tolist() == [working_days_between(s, e) for s, e in zip(starts, ends, strict=True)]
    added = add_working_days_array(np.array(starts, "datetime64[D]"), np.array(ns))
    assert [d.astype(object) for d in added] == [add_working_days(s, n) for s, n in pairs]


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
