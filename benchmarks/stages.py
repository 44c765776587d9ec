"""Stage costs: each stage's share of a run, in fresh processes.

For each of ``--runs`` fresh processes, times the stages of one full run in order
(parse with one process, normalization + structure, table, enrichment with a warm
jieba cache, export) and reports medians, with the budgets the issues name:
normalization under 5 % of a full run, enrichment at most 0.5 s in a warm run.

    .venv/bin/python benchmarks/stages.py [--runs 5] [--pdf data/raw/qingpu-2022.pdf] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ONE_RUN = r"""
import json, sys, tempfile, time
from pathlib import Path
t = {}
clock = time.perf_counter
start = clock()
from extract.normalize import Normalizer
from extract.structure import build_structure
from extract.tables import build_key_tasks, build_tables
from extract.model import Document
from extract.pipeline import enrich_stage, parse_stage
from extract.export import write_outputs
t["imports"] = clock() - start
a = clock(); parsed = parse_stage(sys.argv[1]); t["parse"] = clock() - a
norm = Normalizer()
a = clock(); notice, attachment, sections, outline = build_structure(parsed, norm); t["structure"] = clock() - a
a = clock(); key_tasks, warnings = build_key_tasks(parsed, norm); tables, _ = build_tables(parsed, norm)
t["table"] = clock() - a
doc = Document(source=parsed.source, parsed=parsed, notice=notice, attachment=attachment, sections=sections,
               outline=outline, key_tasks=key_tasks, tables=tables, changes=norm.changes,
               anomalies=norm.anomalies, warnings=warnings)
a = clock(); doc.enrichment_outputs = enrich_stage(doc); t["enrichment"] = clock() - a
a = clock(); write_outputs(doc, Path(tempfile.mkdtemp()) / "out"); t["export"] = clock() - a
t["normalization"] = norm.seconds
t["total"] = clock() - start
print(json.dumps(t))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=Path, default=ROOT / "data" / "raw" / "qingpu-2022.pdf")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs + 1):  # the first run warms jieba's cache folder; it is not counted
        out = subprocess.run(
            [sys.executable, "-c", ONE_RUN, str(args.pdf)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    runs = runs[1:]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    share = med["normalization"] / med["total"]
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in med.items()} | {"normalization_share": round(share, 4)}))
        return 0
    print(f"median of {args.runs} fresh processes, {args.pdf.name}")
    for key in ("imports", "parse", "structure", "table", "enrichment", "export", "total"):
        print(f"  {key:<12} {med[key]:7.3f} s")
    print(f"  normalization (inside structure and table) {med['normalization']:.3f} s = {share:.1%} of the run"
          " (budget < 5 %)")
    print(f"  enrichment with a warm cache {med['enrichment']:.3f} s (budget ≤ 0.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
