"""Run the peer SSDA903 validator (csc-validator-be-903, from PyPI) on a folder of CSVs.

Runs inside the peer's own virtual environment (see bench/README.md); writes the (rule, table,
row) findings as JSON so bench/returns_compare.py can compare them with opencsc's.
Usage: python run_903.py DIR COLLECTION_YEAR_END OUT.json   (e.g. 2026 for 2025-26)
"""

import json
import sys
import time
from pathlib import Path

from lac_validator import lac_validator
from lac_validator.rules.ruleset_utils import get_year_ruleset
from lac_validator.utils import process_uploaded_files

folder, year_end, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
started = time.perf_counter()
files = process_uploaded_files(
    {"This year": [str(p) for p in sorted(folder.glob("*.csv"))], "Prev year": []}
)
registry = get_year_ruleset(year_end)
validator = lac_validator.LacValidator(
    metadata={"collectionYear": year_end, "localAuthority": "E09000027"},
    files=files,
    registry=registry,
)
issues = []
try:
    from lac_validator.report import Report

    report = Report(validator.ds_results, registry)
    issues_df = lac_validator.create_issue_df(report.report, report.error_report)
    for rec in issues_df.itertuples(index=False):
        issues.append([str(rec.rule_code), str(rec.tables_affected), int(rec.row_id)])
except Exception as exc:  # noqa: BLE001 - the peer raises on some inputs; record it, go on
    print(f"peer report failed: {exc!r}", file=sys.stderr)
seconds = time.perf_counter() - started
Path(out).write_text(
    json.dumps(
        {
            "seconds": seconds,
            "rules": sorted(registry.keys()),
            "failed_rules": sorted(str(f) for f in getattr(validator, "fails", [])),
            "findings": issues,
        }
    )
)
print(f"peer 903: {len(issues)} findings in {seconds:.1f} s")
