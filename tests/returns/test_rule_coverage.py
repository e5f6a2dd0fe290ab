"""Every version of every rule, in every year's rule set, has at least one case."""

import importlib
import pkgutil

import pytest

import tests.returns.cin.rules as cin_cases
import tests.returns.ssda903.rules as ssda903_cases
from opencsc.returns import engine
from opencsc.returns.data import ReturnKind
from opencsc.returns.schema import YEARS
from tests.returns.rulecases import Case, case_year


def _cases(package: object) -> list[Case]:
    found: list[Case] = []
    for info in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        module = importlib.import_module(f"{package.__name__}.{info.name}")  # type: ignore[attr-defined]
        found.extend(getattr(module, "CASES", []))
    return found


@pytest.mark.parametrize(("kind", "package"), [("cin", cin_cases), ("903", ssda903_cases)])
@pytest.mark.parametrize("year", YEARS)
def test_every_rule_in_the_year_has_a_case(kind: ReturnKind, package: object, year: str) -> None:
    cases = _cases(package)
    tested: dict[str, set[str]] = {}
    for c in cases:
        tested.setdefault(c.code, set()).add(case_year(kind, c))
    untested = []
    for r in engine.ruleset(kind, year):
        # the version in force this year is tested if a case runs it: a case year at or after
        # its `since` and no later version starting before that case year
        years = tested.get(r.code, set())
        later = [v.since for v in engine._REGISTRY[kind][r.code] if v.since > r.since]
        end = min(later) if later else "9999"
        if not any(r.since <= y < end and (r.until is None or y <= r.until) for y in years):
            untested.append(r.code)
    assert not untested, f"{kind} {year}: rules with no case: {', '.join(untested)}"


def test_case_kinds_match_their_folder() -> None:
    assert all(c.kind == "cin" for c in _cases(cin_cases))
    assert all(c.kind == "903" for c in _cases(ssda903_cases))
