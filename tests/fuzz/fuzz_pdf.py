"""Fuzz the CLI with mutated copies of the official PDF.

Every case must end as one of:

* ``ok``           exit 0 and a complete output folder (every file, valid document.json);
* ``clean_error``  exit 2, exactly one stderr line starting ``error:``, no output folder, nothing left behind;

and ``internal_error`` (a clean error line that reports an unexpected exception: a bug to fix, counted apart);

anything else is a ``crash`` (traceback, other exit code, several lines, partial output) or a
``hang`` (the case ran past its hard time limit and its worker was killed).

Cases are deterministic: case ``i`` of seed ``s`` always makes the same bytes
(:func:`make_case`), so a failure found here is replayed exactly by a regression test.

Each case runs the real CLI entry point (``extract.cli.main``) in-process inside a
long-lived worker process (fast: no interpreter start-up per case); a case that
exceeds ``--time-limit`` has its worker killed and replaced. Workers run with an
address-space cap so a memory bomb fails inside the worker, not the machine.

    .venv/bin/python tests/fuzz/fuzz_pdf.py --cases 2000 --seed 1 --jobs 2
    .venv/bin/python tests/fuzz/fuzz_pdf.py --replay 1:137 --keep /tmp/case.pdf   # one case, to debug

The summary is printed as one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing as mp
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RAW_PDF = ROOT / "data" / "raw" / "qingpu-2022.pdf"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

EXPECTED_FILES = {
    "document.json",
    "work_points.csv",
    "key_tasks.csv",
    "key_tasks_long.csv",
    "normalization.csv",
    "key_tasks.xlsx",
}
DEFAULT_TIME_LIMIT = 90.0  # hard: the worker is killed (a hang)
DEFAULT_DOC_TIMEOUT = 30.0  # soft: the CLI's own --timeout, a clean error
# Per worker; generous for a 22-page document, small enough that a bomb cannot starve the machine.
MEMORY_CAP = 3 << 30

# ---- mutations ----------------------------------------------------------------

_OBJ = re.compile(rb"(\d+) (\d+) obj\b")
_LENGTH = re.compile(rb"/Length (\d+)")


def _objects(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each ``N G obj ... endobj`` in the file."""
    out = []
    for m in _OBJ.finditer(data):
        end = data.find(b"endobj", m.end())
        if end != -1:
            out.append((m.start(), end + len(b"endobj")))
    return out


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 8, 32, 128])):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def byte_noise(data: bytes, rng: random.Random) -> bytes:
    """A short run of random bytes over a random place (often inside a compressed stream)."""
    buf = bytearray(data)
    i = rng.randrange(len(buf))
    n = rng.choice([1, 4, 16, 64, 512])
    buf[i : i + n] = bytes(rng.randrange(256) for _ in range(n))
    return bytes(buf)


def truncate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.5:  # keep a prefix
        return data[: rng.randrange(1, len(data))]
    if kind < 0.8:  # cut a range out of the middle
        i = rng.randrange(len(data))
        return data[:i] + data[i + rng.choice([1, 10, 100, 1000, 10000]) :]
    return data[: -rng.randrange(1, 200)]  # lose the tail: trailer / startxref / %%EOF


def splice_object(data: bytes, rng: random.Random) -> bytes:
    """Replace one object's body with another's (a page tree, font or stream in the wrong place)."""
    objs = _objects(data)
    (a0, a1), (b0, b1) = rng.sample(objs, 2)
    head_a = _OBJ.match(data, a0)
    head_b = _OBJ.match(data, b0)
    assert head_a and head_b
    body_b = data[head_b.end() : b1]
    new = data[: head_a.end()] + body_b + data[a1:]
    return new


def break_xref(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    xref = data.rfind(b"\nxref")
    startxref = data.rfind(b"startxref")
    if kind == 0 and startxref != -1:  # startxref points elsewhere
        end = data.find(b"%%EOF", startxref)
        return data[:startxref] + b"startxref\n" + str(rng.randrange(len(data) * 2)).encode() + b"\n" + data[end:]
    if kind == 1 and xref != -1:  # scramble offsets in the table
        table_end = data.find(b"trailer", xref)
        table = bytearray(data[xref:table_end])
        digits = [i for i, b in enumerate(table) if 48 <= b <= 57]
        for i in rng.sample(digits, min(len(digits), rng.choice([1, 5, 50, 500]))):
            table[i] = 48 + rng.randrange(10)
        return data[:xref] + bytes(table) + data[table_end:]
    if kind == 2 and xref != -1:  # no xref table at all
        table_end = data.find(b"trailer", xref)
        return data[:xref] + b"\n" + data[table_end:]
    if kind == 3:  # trailer without /Root or /Size
        key = rng.choice([b"/Root", b"/Size", b"/Info"])
        i = data.rfind(key)
        return data if i == -1 else data[:i] + b"/Xxxx" + data[i + len(key) :]
    # the xref subsection claims far more objects than exist
    claimed = str(rng.choice([10**6, 10**9, 1])).encode()
    return re.sub(rb"xref\s+0 (\d+)", lambda m: b"xref\n0 " + claimed, data, count=1)


def huge_length(data: bytes, rng: random.Random) -> bytes:
    matches = list(_LENGTH.finditer(data))
    m = rng.choice(matches)
    value = rng.choice([b"2147483647", b"99999999999999999999", b"-1", b"0", b"1e9", str(len(data) * 2).encode()])
    return data[: m.start(1)] + value + data[m.end(1) :]


def delete_keyword(data: bytes, rng: random.Random) -> bytes:
    word = rng.choice([b"endobj", b"stream", b"endstream", b"obj", b"R", b">>", b"<<", b"]", b"BT", b"ET"])
    positions = [m.start() for m in re.finditer(re.escape(word), data)]
    if not positions:
        return data
    i = rng.choice(positions)
    return data[:i] + data[i + len(word) :]


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    """An object appears twice (a second definition, before or after the first)."""
    a, b = rng.choice(_objects(data))
    chunk = data[a:b] + b"\n"
    where = rng.choice([a, b + 1, rng.randrange(len(data))])
    return data[:where] + chunk + data[where:]


def hostile_structure(data: bytes, rng: random.Random) -> bytes:
    """Structures that trip naive readers: cycles, deep nesting, absurd counts."""
    kind = rng.randrange(5)
    if kind == 0:  # the page tree contains itself
        return re.sub(rb"/Kids \[ 3 0 R", b"/Kids [ 4 0 R", data, count=1)
    if kind == 1:  # a page's parent is itself
        return re.sub(rb"/Parent 4 0 R", b"/Parent 3 0 R", data, count=1)
    if kind == 2:  # deeply nested arrays in a dictionary
        depth = rng.choice([100, 1000, 5000, 50000])
        m = rng.choice(list(_OBJ.finditer(data)))
        i = data.find(b"<<", m.end())
        return data[: i + 2] + b" /Deep " + b"[" * depth + b"]" * depth + b" " + data[i + 2 :]
    if kind == 3:  # the page tree claims a huge page count
        return re.sub(rb"/Count \d+", b"/Count " + str(rng.choice([0, -5, 10**9])).encode(), data, count=1)
    # a reference to an object far beyond the table
    return re.sub(rb"/Contents \d+ 0 R", b"/Contents 999999 0 R", data, count=rng.choice([1, 5, 0]))


def flate_bomb(data: bytes, rng: random.Random) -> bytes:
    """A stream that inflates to megabytes of filler or of tiny drawing operators (a slow page)."""
    streams = [(a, b) for a, b in _objects(data) if b"stream" in data[a:b]]
    a, b = rng.choice(streams)
    head = _OBJ.match(data, a)
    assert head
    unit = rng.choice([b" ", b"\x00", b"0 0 m ", b"q Q ", b"BT ET "])
    size = rng.choice([1 << 16, 1 << 18, 1 << 20, 4 << 20])
    payload = zlib.compress(unit * (size // len(unit)), 9)
    body = b"\n<< /Filter /FlateDecode /Length " + str(len(payload)).encode() + b" >>\nstream\n" + payload
    return data[: head.end()] + body + b"\nendstream\nendobj" + data[b:]


MUTATORS = {
    "bit_flips": bit_flips,
    "byte_noise": byte_noise,
    "truncate": truncate,
    "splice_object": splice_object,
    "break_xref": break_xref,
    "huge_length": huge_length,
    "delete_keyword": delete_keyword,
    "duplicate_object": duplicate_object,
    "flate_bomb": flate_bomb,
    "hostile_structure": hostile_structure,
}


def make_case(seed: int | str, index: int, original: bytes | None = None) -> tuple[list[str], bytes]:
    """The mutation recipe and bytes of case ``index`` under ``seed`` (deterministic)."""
    data = original if original is not None else RAW_PDF.read_bytes()
    rng = random.Random(f"{seed}:{index}")
    names = sorted(MUTATORS)
    recipe = [rng.choice(names) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    for name in recipe:
        data = MUTATORS[name](data, rng)
        if not data:
            data = b"%"
    return recipe, data


# ---- running one case ------------------------------------------------------------


@dataclass
class Result:
    index: int
    recipe: list[str]
    outcome: str  # ok | clean_error | internal_error | crash | hang
    seconds: float
    detail: str = ""


def cli_supports(option: str) -> bool:
    from extract.cli import build_parser

    parser = build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        run = action.choices.get("run")  # type: ignore[union-attr]
        if run is not None:
            return any(option in a.option_strings for a in run._actions)
    return False


def classify(path: Path, out: Path, rc: int | None, stderr: str, escaped: str | None) -> tuple[str, str]:
    """Judge one finished CLI run by what a user would see."""
    stem = path.stem
    if escaped:
        return "crash", escaped
    if "Traceback" in stderr:
        return "crash", stderr[-2000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    leftovers = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if rc == 0:
        target = out / stem
        names = {p.name for p in target.iterdir()} if target.is_dir() else set()
        missing = EXPECTED_FILES - names
        if missing:
            return "crash", f"exit 0 but outputs missing: {sorted(missing)}"
        try:
            json.loads((target / "document.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            return "crash", f"exit 0 but document.json is not JSON: {exc}"
        if leftovers != [stem]:
            return "crash", f"exit 0 but the out folder holds {leftovers}"
        return "ok", ""
    if rc == 2:
        if len(lines) != 1 or not lines[0].startswith("error: "):
            return "crash", "exit 2 but stderr is not one error line: " + stderr[-2000:]
        if leftovers:
            return "crash", f"failed but left {leftovers} in the out folder"
        if "internal error" in lines[0]:
            return "internal_error", lines[0]  # clean for the user, but an unexpected exception inside
        return "clean_error", lines[0]
    return "crash", f"exit code {rc}: " + stderr[-2000:]


def run_cli_inprocess(path: Path, out: Path, extra: list[str]) -> tuple[int | None, str, str | None]:
    """``extract.cli.main`` as a user would run it, with its stderr; an escaping exception as text."""
    from extract.cli import main

    err = io.StringIO()
    escaped = None
    rc: int | None = None
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(["run", str(path), "--out", str(out), *extra])
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - anything escaping is the finding
            escaped = traceback.format_exc()
    return rc, err.getvalue(), escaped


def run_case(
    seed: int | str, index: int, original: bytes, workdir: Path, extra: list[str], doc_timeout: float | None = None
) -> Result:
    """One case through the CLI in this process.

    ``doc_timeout``: the per-document time limit. When the CLI has ``--timeout`` it is passed there;
    otherwise the CLI call runs inside :func:`extract.limits.time_limit`, as the CLI would apply it.
    """
    recipe, data = make_case(seed, index, original)
    case_dir = workdir / f"case{index}"
    shutil.rmtree(case_dir, ignore_errors=True)
    case_dir.mkdir(parents=True)
    path = case_dir / "doc.pdf"
    path.write_bytes(data)
    out = case_dir / "out"
    start = time.monotonic()
    if doc_timeout and "--timeout" not in extra:
        from extract.run.limits import time_limit

        with time_limit(doc_timeout, str(path)):
            rc, stderr, escaped = run_cli_inprocess(path, out, extra)
    else:
        rc, stderr, escaped = run_cli_inprocess(path, out, extra)
    seconds = time.monotonic() - start
    outcome, detail = classify(path, out, rc, stderr, escaped)
    shutil.rmtree(case_dir, ignore_errors=True)
    return Result(index, recipe, outcome, round(seconds, 3), detail)


# ---- the pool: long-lived workers, killed and replaced on a hang ------------------


def _worker(conn, seed, original: bytes, workdir: str, extra: list[str], doc_timeout) -> None:  # pragma: no cover
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    except (ImportError, ValueError, OSError):
        pass
    import extract.cli  # noqa: F401 - warm the imports once per worker
    import extract.pipeline  # noqa: F401

    while True:
        try:
            index = conn.recv()
        except EOFError:
            return
        if index is None:
            return
        try:
            result = run_case(seed, index, original, Path(workdir), extra, doc_timeout)
        except BaseException:  # noqa: BLE001 - the harness itself must keep going
            result = Result(index, [], "crash", 0.0, "harness: " + traceback.format_exc())
        conn.send(result)


class Pool:
    def __init__(self, jobs: int, seed, original: bytes, workdir: Path, extra: list[str], doc_timeout) -> None:
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.args = (seed, original, str(workdir), extra, doc_timeout)
        self.slots: list[list] = [self._start() for _ in range(max(1, jobs))]  # [process, conn, index, started]

    def _start(self) -> list:
        parent, child = self.ctx.Pipe()
        # Not daemonic: a daemonic process may not start children, and the CLI reads a single
        # document's pages in a second process; the cases must run the code path users run.
        proc = self.ctx.Process(target=_worker, args=(child, *self.args), daemon=False)
        proc.start()
        child.close()
        return [proc, parent, None, 0.0]

    def run(self, indices: list[int], time_limit: float, seed, on_result=None) -> list[Result]:
        todo = list(reversed(indices))
        results: list[Result] = []
        while todo or any(slot[2] is not None for slot in self.slots):
            for slot in self.slots:
                if slot[2] is None and todo:
                    slot[2] = todo.pop()
                    slot[3] = time.monotonic()
                    slot[1].send(slot[2])
            busy = [slot for slot in self.slots if slot[2] is not None]
            now = time.monotonic()
            timeout = max(0.0, min(slot[3] + time_limit - now for slot in busy))
            ready = wait([slot[1] for slot in busy], timeout=timeout)
            for k, slot in enumerate(self.slots):
                if slot[2] is None:
                    continue
                finished = None
                if slot[1] in ready:
                    try:
                        finished = slot[1].recv()
                    except (EOFError, OSError):  # the worker died (e.g. killed by the kernel)
                        code = slot[0].exitcode
                        recipe, _ = make_case(seed, slot[2], self.args[1])
                        finished = Result(slot[2], recipe, "crash", 0.0, f"worker died (exit code {code})")
                        self._replace(k)
                elif time.monotonic() - slot[3] > time_limit:
                    recipe, _ = make_case(seed, slot[2], self.args[1])
                    finished = Result(slot[2], recipe, "hang", round(time_limit, 1), f"over {time_limit} s")
                    self._replace(k)
                if finished is not None:
                    results.append(finished)
                    if on_result:
                        on_result(finished)
                    self.slots[k][2] = None
        return results

    def _replace(self, k: int) -> None:
        proc, conn = self.slots[k][0], self.slots[k][1]
        proc.kill()
        proc.join(5)
        conn.close()
        self.slots[k] = self._start()

    def close(self) -> None:
        for proc, conn, _, _ in self.slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                conn.send(None)
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(2)


def fuzz(
    seed: int | str = 1,
    cases: int = 2000,
    jobs: int = 2,
    time_limit: float = DEFAULT_TIME_LIMIT,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    start: int = 0,
    progress: bool = False,
    ocr: str = "auto",
) -> dict:
    """Run ``cases`` cases and return the summary (with every non-ok/clean case listed).

    ``ocr`` is passed to the CLI: a mutation that breaks a font's Unicode map leaves pages without a
    usable text layer, which ``auto`` then reads by OCR, at seconds a page.
    """
    original = RAW_PDF.read_bytes()
    extra: list[str] = ["--ocr", ocr]
    if doc_timeout and cli_supports("--timeout"):
        extra += ["--timeout", str(doc_timeout)]
        doc_timeout = None
    t0 = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="fuzz-pdf-"))
    done = Counter()

    def report(result: Result) -> None:
        done[result.outcome] += 1
        if progress and sum(done.values()) % 50 == 0:
            print(f"{sum(done.values())}/{cases} {dict(done)} {time.monotonic() - t0:.0f}s", file=sys.stderr)
        if progress and result.outcome in ("crash", "hang", "internal_error"):
            print(f"!! case {result.index} {result.recipe}: {result.outcome} {result.detail[-300:]}", file=sys.stderr)

    pool = Pool(jobs, seed, original, workdir, extra, doc_timeout)
    try:
        results = pool.run(list(range(start, start + cases)), time_limit, seed, report)
    finally:
        pool.close()
        shutil.rmtree(workdir, ignore_errors=True)
    counts = Counter(r.outcome for r in results)
    errors = Counter(_error_kind(r.detail) for r in results if r.outcome == "clean_error")
    return {
        "seed": seed,
        "cases": len(results),
        "ok": counts["ok"],
        "clean_error": counts["clean_error"],
        "internal_errors": counts["internal_error"],
        "crashes": counts["crash"],
        "hangs": counts["hang"],
        "seconds": round(time.monotonic() - t0, 1),
        "jobs": jobs,
        "slowest_case_seconds": max((r.seconds for r in results), default=0.0),
        "mutations": dict(sorted(Counter(name for r in results for name in r.recipe).items())),
        "error_kinds": dict(errors.most_common()),
        "failures": [
            {"case": f"{seed}:{r.index}", "recipe": r.recipe, "outcome": r.outcome, "detail": r.detail[-1500:]}
            for r in sorted(results, key=lambda r: r.index)
            if r.outcome in ("crash", "hang", "internal_error")
        ],
    }


def _error_kind(line: str) -> str:
    """The error line without the file path and variable details, for the tally."""
    text = line.split(": ", 2)[-1] if line.count(": ") >= 2 else line
    return re.sub(r"\d+", "N", text)[:90]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", default="1")
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--start", type=int, default=0, help="first case index")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ocr", choices=("auto", "always", "never"), default="auto", help="the CLI's --ocr")
    ap.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="hard limit per case (s)")
    ap.add_argument(
        "--doc-timeout",
        type=float,
        default=DEFAULT_DOC_TIMEOUT,
        help="the per-document --timeout (passed to the CLI, or applied around it until it has the flag); 0: none",
    )
    ap.add_argument("--replay", metavar="SEED:INDEX", help="run one case in this process and show everything")
    ap.add_argument("--keep", type=Path, help="with --replay: also write the case's bytes here")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.replay:
        seed, index = args.replay.rsplit(":", 1)
        recipe, data = make_case(seed, int(index))
        if args.keep:
            args.keep.write_bytes(data)
        with tempfile.TemporaryDirectory() as tmp:
            extra = ["--ocr", args.ocr]
            result = run_case(seed, int(index), RAW_PDF.read_bytes(), Path(tmp), extra, args.doc_timeout)
        print(json.dumps({"recipe": recipe, "outcome": result.outcome, "seconds": result.seconds}))
        print(result.detail)
        return 0 if result.outcome in ("ok", "clean_error") else 1
    summary = fuzz(
        args.seed, args.cases, args.jobs, args.time_limit, args.doc_timeout, args.start, not args.quiet, args.ocr
    )
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if not summary["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
