"""Run the peer CIN census validator (csc-validator-be-cin, from PyPI) on one XML file.

Runs inside the peer's own virtual environment; writes (rule, table, row) findings as JSON.
Usage: python run_cin.py FILE.xml RULESET OUT.json   (e.g. cin2025_26)
"""

import importlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from cin_validator import cin_validator

path, ruleset, out = sys.argv[1], sys.argv[2], sys.argv[3]
started = time.perf_counter()
root = ET.parse(path).getroot()  # noqa: S314 - our own generated bench input, in the peer venv
data = cin_validator.process_data(cin_validator.convert_data(root))
read_seconds = time.perf_counter() - started
registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
validator = cin_validator.CinValidator(data, registry, selected_rules=None)
issues = []
df = validator.full_issue_df
for rec in df.itertuples(index=False):
    tables = rec.tables_affected
    table = getattr(tables, "name", None) or str(tables)
    row = rec.row_id
    if row is None or row != row:  # LA-level issues have no row
        continue
    issues.append([str(rec.rule_code), table.replace("CINTable.", ""), int(row)])
la_level = (
    [str(c) for c in getattr(validator, "multichild_issues", {}).get("rule_code", [])]
    if hasattr(validator, "multichild_issues")
    else []
)
seconds = time.perf_counter() - started
Path(out).write_text(
    json.dumps(
        {
            "seconds": seconds,
            "read_seconds": read_seconds,
            "rules": sorted(str(k) for k in registry),
            "findings": issues,
            "la_level": la_level,
        }
    )
)
print(f"peer cin: {len(issues)} findings in {seconds:.1f} s (reading {read_seconds:.1f} s)")
