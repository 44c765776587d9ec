"""The garbage collector of a process that reads documents.

Reading a page makes thousands of small containers that live until the document is written (a dict
per glyph, a box per character, lines, spans), and hardly any reference cycles. With CPython's
default threshold (a young collection every 700 net new containers), the collector walks those
survivors again and again: about 30 ms of a 0.53 s run on the 22-page sample, a full collection over
the parsed document among them. A young collection every 50,000 new containers leaves cycles for
a little longer (a few megabytes at most) and costs about 7 ms. The modules loaded at start are
frozen out of every collection. Only processes this tool owns are tuned: the command line's, and
the child each document is read in; a caller's process that imports the library keeps its settings.
"""

from __future__ import annotations

import gc

# New container objects between two young collections (CPython's default: 700).
YOUNG_THRESHOLD = 50_000


def tune() -> None:
    """Collect young objects less often, and leave out everything allocated so far."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    gc.freeze()
