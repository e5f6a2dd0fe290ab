from __future__ import annotations

from pathlib import Path

import pytest

from opencsc.access.models import Allocation, User
from opencsc.cli import main

pytestmark = pytest.mark.django_db(transaction=True)
ARGS = ["synth", "--population", "3000", "--years", "3", "--seed", "7", "--end-date", "2026-11-22"]


def test_synth_then_report_is_within_tolerance_or_says_which(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(ARGS) == 0
    code = main(["synth", "report"])
    out = capsys.readouterr().out
    assert "figures within tolerance" in out
    # A 3,000-child authority is small: the report must still be honest about each figure.
    assert code in (0, 1)
    assert ("OUTSIDE" in out) == (code == 1)


def test_report_fails_when_a_figure_is_outside_its_tolerance(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opencsc.synth import calibration

    assert main(ARGS) == 0
    real = calibration.load_targets

    def skewed() -> dict[str, float]:
        targets = real()
        targets["referral_rate"] = 5000.0
        return targets

    monkeypatch.setattr(calibration, "load_targets", skewed)
    assert main(["synth", "report"]) == 1
    assert "OUTSIDE" in capsys.readouterr().out


def test_report_without_a_synthetic_authority_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "report"]) == 2
    assert "run `opencsc synth` first" in capsys.readouterr().out


def test_demo_users_need_a_synthetic_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-users"]) == 2
    assert "does not hold a synthetic authority" in capsys.readouterr().out


def test_demo_users_get_one_per_role_and_a_caseload(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0
    assert main(["demo-users"]) == 0
    out = capsys.readouterr().out
    sam = User.objects.get(username="sam.social-worker")
    assert sam.check_password(
        next(line.split()[-1] for line in out.splitlines() if "sam.social-worker" in line)
    )
    assert Allocation.objects.filter(worker=sam, end_date__isnull=True).count() > 0
    assert {u.role for u in User.objects.filter(username__contains=".")} == {
        "social_worker",
        "team_manager",
        "cp_chair_iro",
        "performance_analyst",
        "partner_practitioner",
        "administrator",
    }
    assert sam.team is not None and sam.team.manager.username == "tara.team-manager"


def test_audit_verify_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0
    assert main(["audit", "verify"]) == 0
    assert "audit log intact" in capsys.readouterr().out


def test_synth_returns_writes_both_returns_with_injected_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from opencsc.cli import main

    assert (
        main(
            [
                "synth",
                "returns",
                "--population",
                "2000",
                "--years",
                "2",
                "--end-date",
                "2026-06-30",
                "--out",
                str(tmp_path),
                "--inject-errors",
                "0.05",
            ]
        )
        == 0
    )
    assert "2025-26 returns for 2,000 children" in capsys.readouterr().out
    assert (tmp_path / "cin.xml").stat().st_size > 0
    assert (tmp_path / "ssda903" / "episodes.csv").exists()
    assert main(["returns", "validate", str(tmp_path / "ssda903"), "--rule", "101"]) in (0, 1)
    assert "ssda903-2025-26" in capsys.readouterr().out


def test_inject_errors_is_refused_when_loading_the_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from opencsc.cli import main

    assert main(["synth", "--inject-errors", "0.1"]) == 2
    assert "applies to `synth returns`" in capsys.readouterr().out
