"""The collector and the C allocator of the tool's own processes are tuned for reading documents; a
caller's are left alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from extract.cli import main
from extract.run.collector import YOUNG_THRESHOLD


def test_the_program_collects_young_objects_less_often_and_freezes_its_start(tmp_path):
    code = (
        "import gc, sys\n"
        "from extract import cli\n"
        "from extract.run import allocator\n"
        "tune = allocator.tune\n"
        "allocator.tune = lambda: print('allocator', tune())\n"
        "cli.main = lambda argv=None: print(gc.get_threshold()[0], gc.get_freeze_count() > 0) or 0\n"
        "sys.exit(cli.program())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["allocator", "True", str(YOUNG_THRESHOLD), "True"]


def test_calling_the_library_keeps_the_callers_collector(tmp_path):
    """The command line's entry called in process, and a document read in a forked child under a memory
    budget (which freezes the caller's objects while it forks): the caller's thresholds stay, and none
    of its objects stays frozen out of its collections."""
    from extract.run.batch import Options, process_document

    before = gc.get_threshold()
    gc.unfreeze()
    assert main(["run", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out"), "--max-memory", "0"]) == 2
    outcome = process_document(tmp_path / "missing.pdf", tmp_path / "out", Options(max_memory=512))
    assert outcome.error is not None
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_documents_memory_budget_is_its_own(tmp_path):
    """The budget a document was read under does not stay with the caller (its next document, or an
    image's pixel cap worked out later in the same process)."""
    from extract.errors import memory_budget
    from extract.run.batch import Options, process_document

    before = memory_budget.get()
    process_document(tmp_path / "missing.pdf", tmp_path / "out", Options(max_memory=512))
    process_document(tmp_path / "missing.pdf", tmp_path / "out", Options(max_memory=0))
    assert memory_budget.get() == before
