"""Identifier checks: the Unique Pupil Number (UPN) check letter and the NHS number check digit.

The NHS number is the single identifier partners share, so a mistyped one must be caught at entry.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from opencsc.core.errors import IdentifierError

# DfE UPN check letters: remainder mod 23 -> letter (I, O and S are never used).
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_RE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
UPN_UNKNOWN_CODES = {
    "UN1": "Child is now over compulsory school age",
    "UN2": "Child has never attended a maintained school in England",
    "UN3": "Child is educated outside England",
    "UN4": "Child newly arrived and UPN not yet issued",
    "UN5": "Sources collating UPNs reflect a discrepancy",
    "UN6": "Child aged under 6 years old and UPN not yet allocated",
    "UN7": "Referral with no further action before UPN known",
}


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (LA, establishment, year, serial).

    Characters 2 to 13 are weighted 2 to 13; a temporary UPN's final letter counts as its position
    in the check-letter alphabet.
    """
    if (
        len(body) != 12
        or not body[:11].isdigit()
        or not (body[11].isdigit() or body[11] in _UPN_LETTERS)
    ):
        raise IdentifierError(
            "a UPN body is 11 digits and a digit or letter", field="UPN", value=body
        )
    total = 0
    for weight, ch in enumerate(body, start=2):
        total += weight * (int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch))
    return _UPN_LETTERS[total % 23]


def validate_upn(upn: str) -> str:
    """Return the UPN upper-cased, or raise IdentifierError saying what is wrong."""
    value = upn.strip().upper()
    if not _UPN_RE.match(value):
        raise IdentifierError(
            "a UPN is a letter, 11 digits and a final digit (or letter, if temporary)",
            field="UPN",
            value=upn,
        )
    if value[12].isalpha() and value[12] not in _UPN_LETTERS:
        raise IdentifierError(
            "a temporary UPN ends in a check-alphabet letter", field="UPN", value=upn
        )
    expected = upn_check_letter(value[1:])
    if value[0] != expected:
        raise IdentifierError(
            f"the check letter should be {expected}, so a character is mistyped",
            field="UPN",
            value=upn,
        )
    return value


def is_valid_upn(upn: str) -> bool:
    try:
        validate_upn(upn)
    except IdentifierError:
        return False
    return True


def make_upn(la_code: int, establishment: int, year: int, serial: int) -> str:
    """A permanent UPN: LA code (3), establishment (4), year allocated (2), serial (3)."""
    body = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return upn_check_letter(body) + body


def nhs_check_digit(nine_digits: str) -> int | None:
    """The modulus-11 check digit, or None where the nine digits can have no valid number."""
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def validate_nhs_number(value: str) -> str:
    """Return the ten digits without spaces, or raise IdentifierError saying what is wrong."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        raise IdentifierError("an NHS number is ten digits", field="NHS number", value=value)
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise IdentifierError(
            "the check digit does not match, so a digit is mistyped",
            field="NHS number",
            value=value,
        )
    return digits


def is_valid_nhs_number(value: str) -> bool:
    try:
        validate_nhs_number(value)
    except IdentifierError:
        return False
    return True


@lru_cache(maxsize=1)
def _valid_test_nhs_numbers() -> npt.NDArray[np.int64]:
    """Every valid NHS number in the 999 test range, in order (about 909,000)."""
    bodies = np.arange(999_000_000, 1_000_000_000, dtype=np.int64)
    digits = np.stack([(bodies // 10**p) % 10 for p in range(8, -1, -1)])
    weights = np.arange(10, 1, -1, dtype=np.int64)[:, None]
    check = 11 - (digits * weights).sum(axis=0) % 11
    check = np.where(check == 11, 0, check)
    keep = check != 10
    return bodies[keep] * 10 + check[keep]


def make_nhs_number(serial: int) -> str:
    """The serial-th valid NHS number in the 999 range, which the NHS reserves for testing, so
    synthetic children never carry a real person's number. Distinct serials give distinct numbers
    up to about 909,000."""
    valid = _valid_test_nhs_numbers()
    return str(int(valid[serial % len(valid)]))
