from datetime import date

import pytest

from opencsc.synth import simulate
from opencsc.synth.calibration import Figure, figures, last_31_march, load_targets


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_typical_authority_is_within_every_tolerance(seed: int) -> None:
    end = date(2026, 3, 31)
    figs = figures(simulate(60000, 5, seed, end_date=end), 60000, end)
    assert len(figs) >= 40
    bad = [f for f in figs if not f.ok]
    assert bad == [], bad


def test_a_figure_outside_its_tolerance_is_not_ok() -> None:
    assert not Figure("x", 30.0, 20.0, 5.0, "%").ok
    assert Figure("x", 24.0, 20.0, 5.0, "%").ok
    assert not Figure("x", float("nan"), 20.0, 5.0, "%").ok


def test_targets_are_shipped_and_identical_to_the_reference() -> None:
    from importlib import resources
    from pathlib import Path

    shipped = resources.files("opencsc.synth").joinpath("data/calibration_england.csv").read_text()
    reference = (
        Path(__file__).resolve().parents[3] / "shared" / "reference" / "calibration_england.csv"
    )
    if reference.exists():
        assert shipped == reference.read_text()
    assert load_targets()["cla_rate"] == 67


def test_collection_year_ends_on_the_last_31_march() -> None:
    assert last_31_march(date(2026, 11, 22)) == date(2026, 3, 31)
    assert last_31_march(date(2026, 3, 31)) == date(2026, 3, 31)
    assert last_31_march(date(2026, 3, 30)) == date(2025, 3, 31)
