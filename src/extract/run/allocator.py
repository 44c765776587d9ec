"""The C allocator of a process that reads documents (glibc's malloc).

Reading a scan allocates and frees page-sized arrays again and again (the page image, its levelled and
binarised copies, the recogniser's tensors). glibc serves blocks above a threshold by mapping fresh
memory and gives it back on free, and trims the heap's free top back to the system: each new array then
touches new pages, which the kernel must zero. A 200 dpi photo of one page took 2.3 s of system time
beside 2.9 s of user time, in 840,000 page faults; 8 scanned pages (s01) 4.7 s beside 32 s. Blocks up to
64 MB are kept in the heap, 128 MB of free heap is kept before trimming, and two arenas serve the
threads (the OCR runtime's and OpenCV's): the photo then takes 1.1 s of system time (450,000 faults), s01
2.9 s, its peak memory the same (1.13 GB), the photo's 10 % higher. Only processes this tool owns are
tuned (the command line's, the child each document is read in); elsewhere than glibc nothing changes.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt's parameters (glibc's malloc.h) and the values set.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
SETTINGS = ((M_MMAP_THRESHOLD, 64 << 20), (M_TRIM_THRESHOLD, 128 << 20), (M_ARENA_MAX, 2))


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
