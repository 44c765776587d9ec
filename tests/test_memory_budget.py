"""Hostile inputs under a small memory budget: each ends as one ``error:`` line, exit 2, far under the budget.

Every bomb (tests/bombs.py) is built at test time and run through the real CLI with
``--max-memory 250``; the peak resident set of the CLI and everything it forked is read from
``wait4`` (``ru_maxrss`` covers waited-for descendants), and an earlier result in ``--out`` must
survive. Each bomb but the last meets a cap of its own with its own message; the last is under every
cap and meets the ceiling, the per-document data limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import bombs
from conftest import ROOT

BUDGET = 250  # MB


# A process's peak resident set starts at its parent's when it is forked (Linux keeps the high-water
# mark through fork and exec), and the test process may have grown large on earlier tests. So the CLI
# is started by a small launcher, whose own mark is small, and the launcher reports the CLI's peak
# (``wait4``: the CLI and the processes it waited for).
LAUNCHER = """
import os, subprocess, sys, threading
proc = subprocess.Popen(sys.argv[3:])
killer = threading.Timer(float(sys.argv[2]), proc.kill)
killer.start()
_, status, usage = os.wait4(proc.pid, 0)
killer.cancel()
os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def run_measured(*args: str, timeout: float = 120) -> tuple[int, str, str, float]:
    """The CLI in a fresh process: exit code, stdout, stderr and the peak resident set in MB."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    read, write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(write), str(timeout), sys.executable, "-m", "extract", *args],
            stdout=out, stderr=err, cwd=ROOT, env=env, pass_fds=(write,),
        )
        os.close(write)
        proc.wait(timeout + 30)
        with os.fdopen(read, "rb") as peak:
            kb = int(peak.read() or 0)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode(), err.read().decode(), kb / 1024


BOMBS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("flate.pdf", bombs.flate_content, "a compressed stream inflates to more than 62 MB"),
    ("objstm.pdf", bombs.object_stream, "a compressed stream inflates to more than 62 MB"),
    ("cmap.pdf", bombs.cmap_range, "character map (CMap) spans more than 262,144 codes"),
    ("ranges.pdf", lambda p: bombs.cmap_range(p, ranges=2000, width=2), "character map (CMap) spans more than"),
    ("pages.pdf", bombs.many_pages, "the PDF has 100000 pages, more than the limit of 500 (--max-pages)"),
    ("liar.pdf", lambda p: bombs.many_pages(p, 20_000, declared=1), "the PDF has more than 500 pages, the limit"),
    ("loop.pdf", bombs.self_reference, "refers to itself in a loop"),
    ("line.txt", bombs.text_line, "the text dump has a line of 1,199,997 characters, more than the limit"),
    ("cells.txt", bombs.text_cells, "the text dump has a table row of 5,000 tab-separated cells"),
    ("paragraphs.txt", bombs.text_paragraphs, "the text dump holds more than 200,000 lines"),
    ("plain.txt", bombs.text_plain, f"needs more than {BUDGET} MB (--max-memory)"),
]


def _run_bomb(tmp_path: Path, bomb: Path, *extra: str) -> tuple[int, str, str, float, Path]:
    out = tmp_path / "out"
    (out / "earlier").mkdir(parents=True)
    (out / "earlier" / "document.json").write_text("{}", encoding="utf-8")
    code, stdout, stderr, peak = run_measured(
        "run", str(bomb), "--out", str(out), "--max-memory", str(BUDGET), "--timeout", "60", "--no-summary", *extra
    )
    assert peak < BUDGET, f"{peak:.0f} MB"
    assert (out / "earlier" / "document.json").read_text(encoding="utf-8") == "{}"
    return code, stdout, stderr, peak, out


@pytest.mark.parametrize(("name", "build", "message"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bomb_ends_as_one_error_under_the_budget(tmp_path: Path, name: str, build, message: str) -> None:
    """Every guard, under pdfminer: the engine a PDF falls back to when PDFium would lose its text."""
    bomb = build(tmp_path / name)
    assert bomb.stat().st_size < 4 << 20  # a few MB at most on disk
    engine = ("--engine", "pdfminer") if name.endswith(".pdf") else ()
    code, stdout, stderr, _peak, out = _run_bomb(tmp_path, bomb, *engine)
    assert code == 2, stderr
    assert stdout == ""
    assert stderr.startswith(f"error: {bomb}: ") and stderr.count("\n") == 1, stderr
    assert message in stderr
    assert sorted(p.name for p in out.iterdir()) == ["earlier"]


# Under PDFium (the default engine): the streams are measured before PDFium opens the file, so the
# inflation bombs end in the same error; PDFium keeps a CMap's ranges as ranges, stops at a loop of
# references and believes a page tree's /Count, so those files are read (or refused) within the budget.
PDFIUM = {
    "flate.pdf": "a compressed stream inflates to more than 62 MB",
    "objstm.pdf": "a compressed stream inflates to more than 62 MB",
    "pages.pdf": "the PDF has 100000 pages, more than the limit of 500 (--max-pages)",
    "cmap.pdf": None, "ranges.pdf": None, "liar.pdf": None, "loop.pdf": None,
}


@pytest.mark.parametrize("name", sorted(PDFIUM))
def test_pdf_bomb_under_pdfium_ends_cleanly_under_the_budget(tmp_path: Path, name: str) -> None:
    build = {b[0]: b[1] for b in BOMBS}[name]
    bomb = build(tmp_path / name)
    code, stdout, stderr, _peak, _out = _run_bomb(tmp_path, bomb)
    message = PDFIUM[name]
    if message is not None:
        assert code == 2 and stdout == "", stderr
        assert stderr.startswith(f"error: {bomb}: ") and stderr.count("\n") == 1 and message in stderr, stderr
    else:  # read, or refused in one line: never a crash, a hang or a traceback
        assert code in (0, 2), stderr
        assert "Traceback" not in stderr
        if code == 2:
            assert stderr.startswith(f"error: {bomb}: ") and stderr.count("\n") == 1, stderr
        else:
            assert stdout.startswith(("ok: ", "partial: ")), stdout


def test_the_ceiling_leaves_the_other_documents_of_a_batch(tmp_path: Path) -> None:
    from synth_pages import text_pages

    bomb = bombs.text_plain(tmp_path / "plain.txt")
    good = text_pages(tmp_path / "good.pdf", 1)
    code, stdout, stderr, peak = run_measured(
        "run", str(bomb), str(good), "--out", str(tmp_path / "out"), "--max-memory", str(BUDGET), "--no-progress"
    )
    assert code == 2
    assert f"error: {bomb}: needs more than {BUDGET} MB (--max-memory)" in stderr
    assert stdout.startswith(f"partial: {good} -> ")  # a page of text, no notice: its outputs written
    assert (tmp_path / "out" / "good" / "document.json").is_file()
    assert peak < BUDGET


@pytest.mark.parametrize(
    ("query", "message"),
    [(" ".join(f"词{i}" for i in range(5000)), "has 5,000 words, more than the limit of 32"),
     ("政" * 5000, "is 5,000 characters, more than the limit of 1000")],
    ids=["words", "characters"],
)
def test_search_refuses_a_query_of_thousands_before_duckdb(tmp_path: Path, query: str, message: str) -> None:
    code, stdout, stderr, peak = run_measured("search", *query.split(), "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and stdout == ""
    assert stderr.startswith("error: query: ") and stderr.count("\n") == 1 and message in stderr, stderr
    assert peak < BUDGET


def _killed(path: Path, out_root: Path, options) -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as a native library dying, or the kernel, would end it


def _deaf(path: Path, out_root: Path, options) -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as native code that never returns to Python
    time.sleep(60)


def test_a_child_that_dies_is_one_line_and_the_parent_lives(tmp_path: Path) -> None:
    from extract.batch import Options
    from extract.run.memory import run_within_memory

    pdf = tmp_path / "x.pdf"
    outcome = run_within_memory(_killed, pdf, tmp_path, Options(max_memory=BUDGET))
    assert outcome.error == f"{pdf}: the process reading this document crashed (SIGKILL); please report it with the PDF"


def test_a_child_deaf_to_its_alarm_is_stopped_after_the_timeout(tmp_path: Path, monkeypatch) -> None:
    from extract.batch import Options
    from extract.run import memory

    monkeypatch.setattr(memory, "HARD_STOP_GRACE", 0.5)
    pdf = tmp_path / "x.pdf"
    start = time.perf_counter()
    outcome = memory.run_within_memory(_deaf, pdf, tmp_path, Options(max_memory=BUDGET, timeout=0.5))
    assert time.perf_counter() - start < 10
    assert outcome.error.startswith(f"{pdf}: the document took longer than 0.5 s to read and was stopped (--timeout)")


def _killed_leaving_a_worker(path: Path, out_root: Path, options) -> None:
    worker = os.fork()
    if worker == 0:  # a page worker holding a copy of every pipe, outliving the child
        time.sleep(30)
        os._exit(0)
    (Path(out_root) / "worker.pid").write_text(str(worker))
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_killed_while_its_worker_lives_is_not_waited_for(tmp_path: Path) -> None:
    from extract.batch import Options
    from extract.run.memory import run_within_memory

    start = time.perf_counter()
    outcome = run_within_memory(_killed_leaving_a_worker, tmp_path / "x.pdf", tmp_path, Options(max_memory=BUDGET))
    try:
        assert time.perf_counter() - start < 10
        assert "crashed (SIGKILL)" in outcome.error
    finally:
        os.kill(int((tmp_path / "worker.pid").read_text()), signal.SIGKILL)


BIG_CALLER = """
import sys
held = bytearray(300 << 20)  # a caller holding more data than the whole budget (a notebook's frames)
for i in range(0, len(held), 4096):
    held[i] = 1
from extract.batch import Options, run_batch
[outcome] = run_batch([sys.argv[1]], sys.argv[2], Options(max_memory=200))
print(outcome.status, outcome.error)
"""


def test_the_budget_is_the_documents_not_its_callers(tmp_path: Path) -> None:
    """The batch API called from a large process: the ceiling counts what the document adds, so a caller
    holding more than the budget still gets its document read (and a bomb would still be stopped)."""
    from conftest import RAW_PDF

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, "-c", BIG_CALLER, str(RAW_PDF), str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    assert result.stdout.split()[:1] == ["ok"], result.stdout + result.stderr
