"""The data layer (returns, indicators, synthetic journeys, the shared kernel) must import nothing
from Django, so an analyst can use it on any authority's files without a database."""

import subprocess
import sys
from pathlib import Path

DATA_LAYER = ["core", "synth", "returns", "indicators"]
SRC = Path(__file__).resolve().parents[1] / "src" / "opencsc"


def _modules() -> list[str]:
    names = []
    for pkg in DATA_LAYER:
        for path in sorted((SRC / pkg).rglob("*.py")):
            rel = path.relative_to(SRC.parent).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


def test_importing_every_data_layer_module_loads_no_django() -> None:
    modules = _modules()
    assert "opencsc.synth" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"data layer imported Django modules: {out}"
