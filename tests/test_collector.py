"""The collector of the tool's own processes is tuned for reading documents; a caller's is left alone."""

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
        "cli.main = lambda argv=None: print(gc.get_threshold()[0], gc.get_freeze_count() > 0) or 0\n"
        "sys.exit(cli.program())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == [str(YOUNG_THRESHOLD), "True"]


def test_calling_the_library_keeps_the_callers_collector(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count()
    assert main(["run", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out"), "--max-memory", "0"]) == 2
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
