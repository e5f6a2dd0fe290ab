import pytest

from tests.returns.rulecases import Case, run_case

CASES = [
    Case(
        "101",
        {"Header": [{"SEX": "M"}, {"SEX": "1"}, {"SEX": None}, {"SEX": "F"}]},
        {"Header": [1, 2]},
    ),
    Case(
        "101",
        {"Header": [{"SEX": "U"}, {"SEX": "X"}]},
        {"Header": [1]},
        year="2024-25",
        note="2024",
    ),
    Case(
        "102",
        {
            "Header": [
                {"DOB": "01/02/2010"},
                {"DOB": "31/02/2010"},
                {"DOB": None},
                {"DOB": "2010-02-01"},
            ]
        },
        {"Header": [1, 2, 3]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case) -> None:
    run_case("903", case)
