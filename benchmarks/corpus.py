"""Benchmark: the corpus database over many documents: load time per document, size, query latency.

The corpus is variants of data/raw's document's text dump (``benchmarks/variants.py``: 16 districts,
7 years, edited points and targets), run through the real pipeline (``extract run --jobs``) once
into ``--workdir`` and reused by later runs. The processed folders are grouped so that each size of
``--sizes`` is the union of the first groups (100 = group 1, 300 = groups 1–2, 1000 = groups 1–3).

For each size, ``--runs`` fresh loads (``python -m extract db FOLDERS --out FILE`` in a fresh
process, so start-up and imports count) give the median wall time, the time per document and the
marginal time per document against the smallest size: loading is linear when the time per
document stays flat. On the largest database: the reload of unchanged documents (a no-op), the
reload after one document changed, the Parquet export, and three typical queries in-process on a
warm connection (median of ``--repeat``), plus the search verb in a fresh process as a user runs it.

    python benchmarks/corpus.py [--sizes 100,300,1000] [--runs 3] [--jobs 2] [--db-jobs 1] [--workdir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

import variants  # noqa: E402  (benchmarks/ is not a package)

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
QUERIES = {
    "key tasks per department and quarter": """
        SELECT office, period, count(*) AS milestones
        FROM (SELECT doc_id, no, unnest(departments) AS office FROM key_tasks)
        JOIN key_tasks_long USING (doc_id, no)
        WHERE milestone <> ''
        GROUP BY ALL ORDER BY milestones DESC, office, period
    """,
    "a target series by year and quarter": """
        SELECT d.year, s.quarter, avg(s.value) AS mean, count(*) AS documents
        FROM series s JOIN documents d USING (doc_id)
        WHERE s.subject = '全区产证拥有率' AND s.unit = '%'
        GROUP BY ALL ORDER BY d.year, s.quarter
    """,
}
SEARCH = "双减"


def build_corpus(workdir: Path, sizes: list[int], jobs: int) -> tuple[list[Path], float | None]:
    """The processed groups (created when missing) and the seconds the pipeline took, if it ran."""
    groups, seconds, start = [], None, 0
    for size in sizes:
        group = workdir / "processed" / f"part-{size:05d}"
        count = size - start
        if len(list(group.glob("*/document.json"))) != count:
            texts = workdir / "texts" / group.name
            shutil.rmtree(texts, ignore_errors=True)
            shutil.rmtree(group, ignore_errors=True)
            variants.write_variants(count, texts, start=start)
            began = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "extract", "run", str(texts), "--out", str(group), "--jobs", str(jobs),
                 "--no-progress"], env=ENV, capture_output=True, text=True,
            )
            if proc.returncode != 0:
                sys.exit(f"extract run failed on {texts}:\n{proc.stderr[-2000:]}")
            seconds = (seconds or 0.0) + time.perf_counter() - began
        groups.append(group)
        start = size
    return groups, seconds


def timed(cmd: list[str]) -> tuple[float, str]:
    began = time.perf_counter()
    proc = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - began
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return wall, proc.stdout


def load_sizes(groups: list[Path], sizes: list[int], runs: int, scratch: Path, db_jobs: int = 1) -> list[dict]:
    out = []
    for k, size in enumerate(sizes):
        walls = []
        db = scratch / f"corpus-{size}.duckdb"
        for _ in range(runs):
            db.unlink(missing_ok=True)
            folders = map(str, groups[: k + 1])
            wall, _ = timed([sys.executable, "-m", "extract", "db", *folders, "--out", str(db), "--jobs", str(db_jobs)])
            walls.append(wall)
        out.append({"documents": size, "wall_s": statistics.median(walls), "runs": walls,
                    "mb": db.stat().st_size / 1e6, "db": str(db)})
    base = out[0]
    for row in out:
        row["s_per_doc"] = row["wall_s"] / row["documents"]
        extra = row["documents"] - base["documents"]
        row["marginal_s_per_doc"] = (row["wall_s"] - base["wall_s"]) / extra if extra else None
    return out


def reload_one(db: Path, groups: list[Path]) -> float:
    """Seconds to reload the database after one document changed: its stored hash is made stale, so
    the loader replaces its rows (copy of the file, deletes, inserts, rename) as for an edited document."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE documents SET content_sha256 = 'stale' WHERE doc_id = (SELECT min(doc_id) FROM documents)")
    finally:
        con.close()
    wall, out = timed([sys.executable, "-m", "extract", "db", *map(str, groups), "--out", str(db)])
    if not out.startswith("db: 1 loaded"):
        sys.exit(f"expected one document reloaded, got: {out}")
    return wall


def table_rows(db: Path) -> dict[str, int]:
    from extract.corpus.database import open_corpus, table_counts

    con = open_corpus(db)
    try:
        return table_counts(con)
    finally:
        con.close()


def median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return 1000 * statistics.median(times)


def queries(db: Path, repeat: int) -> dict[str, dict]:
    from extract.corpus.database import connect
    from extract.corpus.search import search

    con = connect(db, read_only=True)
    out = {}
    try:
        for name, sql in QUERIES.items():
            rows = con.execute(sql).fetchall()
            out[name] = {"ms": median_ms(lambda s=sql: con.execute(s).fetchall(), repeat), "rows": len(rows)}
    finally:
        con.close()
    hits = search(db, SEARCH, limit=10)
    out[f"search {SEARCH} (top 10, BM25)"] = {"ms": median_ms(lambda: search(db, SEARCH, limit=10), repeat),
                                            "rows": len(hits)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000", help="corpus sizes, ascending (default 100,300,1000)")
    parser.add_argument("--runs", type=int, default=3, help="fresh loads per size (default 3)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes making the corpus (default 2)")
    parser.add_argument("--db-jobs", type=int, default=1, help="the db verb's --jobs for the timed loads (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gongwen-corpus-bench")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    load_before = os.getloadavg()[0]
    groups, made = build_corpus(args.workdir, sizes, args.jobs)
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        loads = load_sizes(groups, sizes, args.runs, scratch, args.db_jobs)
        largest = Path(loads[-1]["db"])
        noop, _ = timed([sys.executable, "-m", "extract", "db", *map(str, groups), "--out", str(largest)])
        replaced = reload_one(largest, groups)
        parquet, _ = timed([sys.executable, "-c", "import sys; from extract.corpus.parquet import write_parquet;"
                            " write_parquet(sys.argv[1], sys.argv[2])", str(largest), str(scratch / "parquet")])
        parquet_mb = sum(p.stat().st_size for p in (scratch / "parquet").iterdir()) / 1e6
        cli_search, _ = timed([sys.executable, "-m", "extract", "search", SEARCH, "--db", str(largest)])
        latency = queries(largest, args.repeat)
        rows = table_rows(largest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = {
        "machine": f"{platform.python_version()}, {os.cpu_count()} CPUs",
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "corpus_seconds": made,
        "db_jobs": args.db_jobs,
        "loads": [{k: v for k, v in row.items() if k != "db"} for row in loads],
        "noop_reload_s": noop,
        "one_changed_reload_s": replaced,
        "parquet_s": parquet,
        "parquet_mb": parquet_mb,
        "cli_search_s": cli_search,
        "queries_ms": latency,
        "rows_of_largest": rows,
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    if made is not None:
        print(f"corpus made by extract run --jobs {args.jobs}: {made:.1f} s ({made / sizes[-1]:.3f} s a document)")
    print(f"load average {result['load_average'][0]} before, {result['load_average'][1]} after")
    print(f"{'documents':>9}  {'load s':>7}  {'s/doc':>6}  {'marginal s/doc':>14}  {'MB':>6}")
    for row in loads:
        marginal = f"{row['marginal_s_per_doc']:.4f}" if row["marginal_s_per_doc"] is not None else "-"
        print(f"{row['documents']:>9}  {row['wall_s']:>7.2f}  {row['s_per_doc']:>6.4f}  {marginal:>14}  "
              f"{row['mb']:>6.1f}")
    print(f"reload of {sizes[-1]} unchanged documents: {noop:.2f} s; after one changed: {replaced:.2f} s")
    print(f"Parquet export {parquet:.2f} s, {parquet_mb:.1f} MB; search verb in a fresh process {cli_search:.2f} s")
    for name, q in latency.items():
        print(f"  {name}: {q['ms']:.1f} ms ({q['rows']} rows)")
    print(f"rows of the {sizes[-1]}-document database: {sum(rows.values()):,} ("
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
