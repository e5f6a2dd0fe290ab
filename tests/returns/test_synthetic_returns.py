"""A synthetic authority's returns, derived from its record, have no validation errors.

This is the engine's end-to-end check: the record, the derivation and the rules agree. Queries
are allowed (they ask an analyst to confirm something unusual); the ones found are listed in
docs/returns/README.md.
"""

from __future__ import annotations

import pytest

from opencsc.returns import derive, engine
from opencsc.returns.schema import YEARS
from opencsc.synth import simulate


@pytest.fixture(scope="module", params=[11, 21])
def authority(request: pytest.FixtureRequest) -> dict:
    # Two authorities: each seed finds the rare combinations the other misses.
    return simulate(6000, 4, request.param)


@pytest.mark.parametrize("year", YEARS[:2])
@pytest.mark.parametrize("kind", ["cin", "903"])
def test_synthetic_returns_have_no_errors(authority: dict, kind: str, year: str) -> None:
    data = (
        derive.cin_census(authority, year, la_code="999")
        if kind == "cin"
        else derive.ssda903(authority, year)
    )
    report = engine.validate(data)
    errors = report.findings.filter(report.findings["severity"] == "error")
    summary = errors.group_by("rule", "table").len().sort("rule").rows()
    assert not summary, f"{kind} {year}: (rule, table, count) {summary}"
