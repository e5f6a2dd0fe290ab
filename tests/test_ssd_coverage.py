"""Every Standard Safeguarding Dataset item has a home in the record, or a stated reason to wait."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

ROOT = Path(__file__).resolve().parents[1]
SSD = ROOT.parent / "shared" / "reference" / "ssd" / "objects"
COVERAGE = yaml.safe_load((ROOT / "docs" / "ssd-coverage.yml").read_text())


def _ssd_items() -> set[tuple[str, str]]:
    items = set()
    for path in SSD.glob("*.yml"):
        for node in yaml.safe_load(path.read_text()).get("nodes", []):
            items |= {(node["name"], f["name"]) for f in node.get("fields", [])}
    return items


def test_every_ssd_item_is_in_the_coverage_map() -> None:
    if not SSD.exists():
        pytest.fail(f"the Standard Safeguarding Dataset reference is missing: {SSD}")
    mapped = {(obj, field) for obj, fields in COVERAGE.items() for field in fields}
    assert _ssd_items() - mapped == set()
    assert mapped - _ssd_items() == set()


@pytest.mark.parametrize(
    ("obj", "field", "target"),
    [(o, f, v["model"]) for o, fs in COVERAGE.items() for f, v in fs.items() if "model" in v],
)
def test_each_mapped_item_names_a_real_model_field(obj: str, field: str, target: str) -> None:
    app, model, name = target.split(".")
    try:
        apps.get_model(app, model)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist) as exc:
        pytest.fail(f"{obj}.{field} -> {target}: {exc}")


def test_every_item_left_for_later_is_explained_in_the_glossary() -> None:
    domain = (ROOT / "docs" / "domain.md").read_text()
    reasons = {v["later"] for fs in COVERAGE.values() for v in fs.values() if "later" in v}
    missing = [r for r in reasons if r not in domain]
    assert missing == []


def test_most_items_have_a_home() -> None:
    values = [v for fs in COVERAGE.values() for v in fs.values()]
    assert sum("model" in v for v in values) / len(values) > 0.65
