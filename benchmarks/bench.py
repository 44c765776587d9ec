"""Benchmark: the full command line against the naive pdfplumber pass, and --jobs 2 against --jobs 1.

Every measured run is a fresh Python process, so start-up and imports count, as
they do for a user. Wall time is taken around the process; CPU time (user +
system) and peak resident memory come from the process's own resource usage
(``os.wait4``), which includes any worker processes it started and waited for
(peak memory is then the largest single process, not the sum).

Paired mode (default): ``--runs`` pairs, alternating (a) ``python -m extract run
PDF --out TMP`` and (b) ``python benchmarks/naive.py PDF`` (the order flips every
pair, so a drift in machine load hits both alike), after one unmeasured warm-up
of each. Reports the medians, their ratios, and the median of the per-pair wall
ratios; the goal is wall ≤ 1.0× and peak memory ≤ 1.2× the naive pass.

Batch mode (``--batch``): ``--copies`` copies of the PDF in a folder, the command
line over that folder with ``--jobs 1`` and ``--jobs 2`` alternately; reports the
speed-up (goal ≥ 1.8× on a machine with two idle cores).

    python benchmarks/bench.py [--runs 5] [--json]
    python benchmarks/bench.py --batch [--copies 20] [--runs 3] [--json]

Measurements on a busy machine are noise: the load average before and after is
reported with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDF = ROOT / "data" / "raw" / "qingpu-2022.pdf"
NAIVE = Path(__file__).resolve().parent / "naive.py"
# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
MAXRSS_TO_MB = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and its waited-for children
    peak_mb: float  # the largest resident set of the process or any waited-for child


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so that worker processes outlived by their parent are still counted.

    A ``--jobs`` run starts its workers from a fork server, whose children are
    not children of the command-line process: without this, their CPU time
    would be lost when the command line exits before reaping them.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(limit: float = 30.0) -> float:
    """Wait for adopted descendants; the largest peak memory among them (MB)."""
    peak = 0.0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.01)
            continue
        peak = max(peak, usage.ru_maxrss * MAXRSS_TO_MB)
    return peak


def measure(cmd: list[str], cwd: Path = ROOT) -> Sample:
    """Run ``cmd`` in a fresh process; its wall time, CPU time and peak memory. Fails loudly on a non-zero exit.

    CPU time is the growth of ``RUSAGE_CHILDREN`` (the process and every
    descendant reaped, by it or, as orphans, by us); peak memory is the largest
    single process of the tree.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        peak = max(usage.ru_maxrss * MAXRSS_TO_MB, reap_orphans())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"bench: {' '.join(cmd)} failed with exit code {proc.returncode}:\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu, peak)


def medians(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.peak_mb for s in samples),
    )


def load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def machine() -> dict:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cpus": cpus,
        "date": time.strftime("%Y-%m-%d"),
    }


def cli_cmd(python: str, inputs: list[str], out: Path, *extra: str) -> list[str]:
    return [python, "-m", "extract", "run", *inputs, "--out", str(out), "--no-progress", *extra]


def paired(args: argparse.Namespace) -> dict:
    pdf = str(Path(args.pdf).resolve())
    naive = [args.python, str(NAIVE), pdf] + (["--close-pages"] if args.naive_close_pages else [])
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    count = 0

    def cli() -> Sample:
        nonlocal count
        count += 1
        out = work / f"out{count}"
        sample = measure(cli_cmd(args.python, [pdf], out))
        shutil.rmtree(out, ignore_errors=True)
        return sample

    load_before = load()
    try:
        for _ in range(args.warmup):
            cli()
            measure(naive)
        a: list[Sample] = []
        b: list[Sample] = []
        for i in range(args.runs):
            if i % 2 == 0:
                a.append(cli())
                b.append(measure(naive))
            else:
                b.append(measure(naive))
                a.append(cli())
            progress(f"pair {i + 1}/{args.runs}: CLI {a[-1].wall:.3f} s, naive {b[-1].wall:.3f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ma, mb = medians(a), medians(b)
    pair_ratios = [x.wall / y.wall for x, y in zip(a, b, strict=True)]
    return {
        "mode": "paired",
        "pdf": os.path.relpath(pdf, ROOT),
        "runs": args.runs,
        "naive": "naive.py --close-pages" if args.naive_close_pages else "naive.py",
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "cli": asdict(ma),
        "naive_pass": asdict(mb),
        "ratio": {"wall": ma.wall / mb.wall, "cpu": ma.cpu / mb.cpu, "peak_mb": ma.peak_mb / mb.peak_mb},
        "paired_wall_ratio_median": statistics.median(pair_ratios),
        "goal": {"wall": 1.0, "peak_mb": 1.2},
        "samples": {"cli": [asdict(s) for s in a], "naive_pass": [asdict(s) for s in b]},
    }


def batch(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folder = work / "in"
    folder.mkdir()
    for i in range(1, args.copies + 1):
        shutil.copy(args.pdf, folder / f"copy-{i:02d}.pdf")
    runs: dict[int, list[Sample]] = {1: [], 2: []}
    count = 0

    def run(jobs: int) -> Sample:
        nonlocal count
        count += 1
        out = work / f"out{count}"
        sample = measure(cli_cmd(args.python, [str(folder)], out, "--jobs", str(jobs)))
        shutil.rmtree(out, ignore_errors=True)
        runs[jobs].append(sample)
        return sample

    load_before = load()
    try:
        for i in range(args.runs):
            order = (1, 2) if i % 2 == 0 else (2, 1)
            for jobs in order:
                run(jobs)
            progress(f"pair {i + 1}/{args.runs}: jobs 1 {runs[1][-1].wall:.2f} s, jobs 2 {runs[2][-1].wall:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    m1, m2 = medians(runs[1]), medians(runs[2])
    return {
        "mode": "batch",
        "pdf": os.path.relpath(Path(args.pdf).resolve(), ROOT),
        "copies": args.copies,
        "runs": args.runs,
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "jobs_1": asdict(m1),
        "jobs_2": asdict(m2),
        "speedup": m1.wall / m2.wall,
        "paired_speedup_median": statistics.median(x.wall / y.wall for x, y in zip(runs[1], runs[2], strict=True)),
        "goal": {"speedup": 1.8},
        "samples": {"jobs_1": [asdict(s) for s in runs[1]], "jobs_2": [asdict(s) for s in runs[2]]},
    }


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def table(result: dict) -> str:
    m = result["machine"]
    head = (
        f"{result['pdf']}, {result['runs']} runs, Python {m['python']}, {m['cpus']} CPUs, {m['date']},"
        f" load {result['load_before']} -> {result['load_after']}"
    )
    row = "{:<22} {:>9} {:>9} {:>10}"
    if result["mode"] == "paired":
        a, b, r = result["cli"], result["naive_pass"], result["ratio"]
        lines = [
            f"paired benchmark: {head}",
            row.format("median", "wall s", "cpu s", "peak MB"),
            row.format("full CLI", f"{a['wall']:.3f}", f"{a['cpu']:.3f}", f"{a['peak_mb']:.1f}"),
            row.format(result["naive"], f"{b['wall']:.3f}", f"{b['cpu']:.3f}", f"{b['peak_mb']:.1f}"),
            row.format("ratio CLI / naive", f"{r['wall']:.2f}", f"{r['cpu']:.2f}", f"{r['peak_mb']:.2f}"),
            f"median of per-pair wall ratios: {result['paired_wall_ratio_median']:.2f}",
            f"goal wall <= 1.00: {verdict(r['wall'] <= 1.0)}; goal peak memory <= 1.20: {verdict(r['peak_mb'] <= 1.2)}",
        ]
    else:
        a, b = result["jobs_1"], result["jobs_2"]
        lines = [
            f"batch benchmark: {result['copies']} copies of {head}",
            row.format("median", "wall s", "cpu s", "peak MB"),
            row.format("--jobs 1", f"{a['wall']:.2f}", f"{a['cpu']:.2f}", f"{a['peak_mb']:.1f}"),
            row.format("--jobs 2", f"{b['wall']:.2f}", f"{b['cpu']:.2f}", f"{b['peak_mb']:.1f}"),
            f"speed-up jobs 1 / jobs 2: {result['speedup']:.2f}x (median of per-pair: "
            f"{result['paired_speedup_median']:.2f}x); goal >= 1.8x: {verdict(result['speedup'] >= 1.8)}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", default=str(DEFAULT_PDF), help="the PDF to run (default: the official one)")
    parser.add_argument("--runs", type=int, default=None, help="measured pairs (default 5; 3 with --batch)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured warm-up pairs (paired mode)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run (default: this one)")
    parser.add_argument("--naive-close-pages", action="store_true", help="the naive pass also closes each page")
    parser.add_argument("--batch", action="store_true", help="measure --jobs 2 against --jobs 1 instead")
    parser.add_argument("--copies", type=int, default=20, help="copies of the PDF in batch mode (default 20)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 3 if args.batch else 5
    if args.runs < 1 or args.copies < 1:
        parser.error("--runs and --copies must be at least 1")
    if not Path(args.pdf).is_file():
        parser.error(f"no such PDF: {args.pdf}")
    become_subreaper()
    result = batch(args) if args.batch else paired(args)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
