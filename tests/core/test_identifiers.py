import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opencsc.core.errors import IdentifierError
from opencsc.core.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    make_nhs_number,
    make_upn,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)


def test_known_nhs_number_validates_and_spaces_are_removed() -> None:
    assert validate_nhs_number("943 476 5919") == "9434765919"


@pytest.mark.parametrize("bad", ["9434765918", "943476591", "94347659190", "94347A5919", ""])
def test_bad_nhs_numbers_are_refused_with_the_value_named(bad: str) -> None:
    with pytest.raises(IdentifierError) as err:
        validate_nhs_number(bad)
    assert repr(bad) in str(err.value)


def test_body_whose_check_digit_would_be_ten_is_never_valid() -> None:
    # 1000000010: weighted sum 10*1 + 2*1 = 12 -> 11 - 1 = 10, so no check digit exists.
    assert not any(is_valid_nhs_number(f"100000001{d}") for d in range(10))


@settings(deadline=None)  # the first call builds the table of valid numbers
@given(st.integers(min_value=0, max_value=900_000))
def test_generated_nhs_numbers_are_valid_and_any_digit_change_is_caught(serial: int) -> None:
    number = make_nhs_number(serial)
    assert number.startswith("999") and is_valid_nhs_number(number)
    for i in range(10):
        changed = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
        assert not is_valid_nhs_number(changed)


def test_distinct_serials_give_distinct_nhs_numbers() -> None:
    assert len({make_nhs_number(s) for s in range(5000)}) == 5000


def test_upn_check_letter_follows_the_dfe_weights() -> None:
    # 2*2 + 0*3 + 1*4 + 1*5 + 2*6 + 3*7 + 4*8 + 2*9 + 4*10 + 0*11 + 0*12 + 7*13 = 227; 227 % 23 = 20 -> X
    assert upn_check_letter("201123424007") == "X"
    assert make_upn(201, 1234, 24, 7) == "X201123424007"


@given(st.integers(100, 999), st.integers(0, 9999), st.integers(0, 99), st.integers(0, 999))
def test_generated_upns_validate_and_a_changed_digit_fails(
    la: int, est: int, yr: int, sn: int
) -> None:
    upn = make_upn(la, est, yr, sn)
    assert validate_upn(upn.lower()) == upn
    changed = upn[:5] + str((int(upn[5]) + 1) % 10) + upn[6:]
    assert not is_valid_upn(changed)


@pytest.mark.parametrize("bad", ["A12345678901", "1201123424007", "X20112342400I", "Y201123424007"])
def test_bad_upns_are_refused(bad: str) -> None:
    with pytest.raises(IdentifierError):
        validate_upn(bad)


def test_temporary_upn_with_final_letter_validates() -> None:
    body = "20112342400A"
    assert is_valid_upn(upn_check_letter(body) + body)
