"""docs/recording-burden.md stays true: its tables are what tools/recording_burden.py prints."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "recording_burden", ROOT / "tools" / "recording_burden.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_doc_shows_the_counts_of_the_registered_steps() -> None:
    tool = _tool()
    table = tool.render(tool.count(timezone.localdate()))
    assert tool.doc_block(tool.DOC.read_text()) == table, (
        "docs/recording-burden.md is stale: run `.venv/bin/python tools/recording_burden.py --write`"
    )


@pytest.mark.django_db
def test_a_task_whose_step_is_missing_is_named_not_estimated(monkeypatch) -> None:
    tool = _tool()
    monkeypatch.setattr(tool, "TASKS", [("Record a visit", [("no-such-step", "new")])])
    table = tool.render(tool.count(timezone.localdate()))
    assert "| Record a visit | not a step yet: `no-such-step` |" in table


@pytest.mark.django_db
def test_prefilled_fields_come_from_the_steps_initial() -> None:
    tool = _tool()
    (_, [visit]), *_ = tool.count(timezone.localdate())
    assert visit.slug == "visit"
    assert set(visit.prefilled) >= {"Date of visit", "Kind of visit"}
    assert "Date of visit" not in visit.to_type
