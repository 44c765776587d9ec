"""The C allocator of the tool's own processes keeps page-sized blocks in the heap."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_program_keeps_page_sized_blocks_and_faults_fewer_pages(tmp_path):
    """Allocating and freeing a page image's worth of memory again and again (more than glibc's own
    threshold ever keeps in the heap): with the settings the program makes, the kernel no longer maps
    and zeroes fresh pages for each one."""
    code = (
        "import resource, sys\n"
        "from extract.run import allocator\n"
        "if sys.argv[1] == 'tuned':\n"
        "    assert allocator.tune()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "kept = []\n"
        "for _ in range(50):\n"
        "    block = bytearray(40 << 20)  # a 300 dpi A4 page in colour, as float32 grey\n"
        "    kept.append(bytearray(4096))  # what the page's reading keeps (lines, boxes) lies after it\n"
        "    del block\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n"
    )
    faults = {}
    for mode in ("default", "tuned"):
        out = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, check=True)
        faults[mode] = int(out.stdout)
    assert faults["tuned"] * 10 < faults["default"], faults
