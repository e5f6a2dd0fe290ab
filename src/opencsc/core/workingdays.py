"""Working days in England, for statutory timescales.

Bank holidays come from the maintained `holidays` package (England subdivision, which England and
Wales share), never a hand-typed list. Counting follows the DfE convention: the day of the event is
day 0, and "within N working days" means on or before the Nth working day after it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np
import numpy.typing as npt

_FIRST_YEAR, _LAST_YEAR = 1990, 2060


@lru_cache(maxsize=1)
def _bank_holidays() -> frozenset[date]:
    years = range(_FIRST_YEAR, _LAST_YEAR + 1)
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())


@lru_cache(maxsize=1)
def bank_holiday_array() -> npt.NDArray[np.datetime64]:
    """Bank holidays as numpy datetime64[D], for vectorised counting over many rows."""
    return np.array(sorted(_bank_holidays()), dtype="datetime64[D]")


def is_bank_holiday(d: date) -> bool:
    return d in _bank_holidays()


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _bank_holidays()


def add_working_days(d: date, n: int) -> date:
    """The nth working day after d (before d when n < 0). n == 0 returns d itself.

    d need not be a working day: a referral received on a Saturday has its first working day on
    Monday, exactly as if it had arrived on the Friday.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after start up to and including end (negative when end is before start).

    This is how the DfE counts an assessment's duration: referral on Monday, authorised on Tuesday
    is 1 working day.
    """
    if end < start:
        return -working_days_between(end, start)
    return int(
        np.busday_count(
            np.datetime64(start + timedelta(days=1)),
            np.datetime64(end + timedelta(days=1)),
            holidays=bank_holiday_array(),
        )
    )


def working_days_between_arrays(start: npt.ArrayLike, end: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Vectorised `working_days_between` over arrays of dates (datetime64[D] or date objects)."""
    s = np.asarray(start, dtype="datetime64[D]") + np.timedelta64(1, "D")
    e = np.asarray(end, dtype="datetime64[D]") + np.timedelta64(1, "D")
    return np.busday_count(s, e, holidays=bank_holiday_array()).astype(np.int64)


def add_working_days_array(start: npt.ArrayLike, n: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
    """Vectorised `add_working_days` for n >= 0."""
    s = np.asarray(start, dtype="datetime64[D]")
    n_arr = np.asarray(n, dtype=np.int64)
    hol = bank_holiday_array()
    # busday_offset with roll="forward" counts from the next working day when s is not one; roll
    # back first so day 0 is s itself and the count matches add_working_days.
    base = np.busday_offset(s, 0, roll="backward", holidays=hol)
    out = np.busday_offset(base, n_arr, roll="backward", holidays=hol)
    return np.where(n_arr == 0, s, out)


def add_months(d: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
