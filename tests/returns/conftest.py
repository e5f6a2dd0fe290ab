from __future__ import annotations

import polars as pl
import pytest

from opencsc.synth.simulate import simulate


@pytest.fixture(scope="session")
def record() -> dict[str, pl.DataFrame]:
    """A small synthetic authority's record (tables), shared by the returns tests."""
    return simulate(3000, 3, 7)
