"""The C allocator of a process that reads documents (glibc's malloc).

Reading a scan allocates and frees page-sized arrays again and again (the page image, its levelled and
binarised copies, the recogniser's tensors). glibc serves blocks above a threshold (at most 32 MB) by
mapping fresh memory and gives it back on free, and trims the heap's free top back to the system: each
new array then touches new pages, which the kernel must zero (840,000 page faults for a one-page photo).
Blocks up to 64 MB are kept in the heap, 32 MB of free heap is kept before trimming, and two arenas
serve the threads (the OCR runtime's and OpenCV's). Paired runs on a 2-core machine: a 200 dpi photo of
one page 3.63 s of CPU instead of 4.36 (system time 1.17 s instead of 1.77; medians of 5), the 8 scanned
pages of s01 35.8 s instead of 37.6 (2 pairs), its peak memory the same (about 1.1 GB). A larger trim
threshold saved a little more and cost up to 30 % more memory. Only processes this tool owns are tuned
(the command line's, the child each document is read in); elsewhere than glibc nothing changes.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt's parameters (glibc's malloc.h) and the values set.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
SETTINGS = ((M_MMAP_THRESHOLD, 64 << 20), (M_TRIM_THRESHOLD, 32 << 20), (M_ARENA_MAX, 2))


def tune() -> bool:
    """Keep page-sized blocks in the heap (see the module); whether the allocator took the settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library (musl) has no mallopt
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return all(mallopt(parameter, value) == 1 for parameter, value in SETTINGS)
