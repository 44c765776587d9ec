"""Per-document limits: a wall-clock timeout and a page-count ceiling.

A batch over thousands of PDFs from the web must not stall on one hostile file,
nor let one document eat the machine's memory. Both limits fail the document
alone with an :class:`~extract.errors.InputError`, which the CLI prints as one
``error:`` line. The page-count ceiling is checked where the input is opened
(:meth:`extract.parse.source.Source.admit_pages`); both are re-exported here.

The timeout works two ways at once:

* on the main thread of a process it arms ``SIGALRM`` (``setitimer``), which
  interrupts even a long stretch inside one page;
* everywhere (worker threads too, where signals cannot be used) it sets a
  deadline that the parse stage checks between pages (:func:`extract.errors.check_deadline`).

A hard guarantee against code that never returns to Python (a C extension stuck
in a loop) needs a separate process that can be killed; a batch runner with
``--jobs`` should give each worker process its documents and use this module
inside the worker.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import Deadline, DocumentTimeout, check_deadline, current_deadline, timeout_error
from ..parse.source import DEFAULT_MAX_PAGES, check_page_count

# Generous default: the slowest real documents take seconds, not minutes.
DEFAULT_TIMEOUT = 300.0

# Seconds between repeats of the timeout alarm after the first (see ``time_limit``); longer than any
# clean-up that runs while the timeout exception unwinds.
REPEAT = 2.0


@contextmanager
def time_limit(seconds: float | None, path: str = "") -> Iterator[None]:
    """Stop the enclosed work with a :class:`DocumentTimeout` after ``seconds``.

    ``None`` or ``0`` means no limit. Nested limits keep the earlier deadline.
    """
    if not seconds or seconds <= 0 or math.isinf(seconds):
        yield
        return
    outer = current_deadline.get()
    at = time.monotonic() + seconds
    if outer is not None and outer.at <= at:
        yield  # an enclosing, shorter limit already governs
        return
    token = current_deadline.set(Deadline(str(path), float(seconds), at))
    use_signal = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous_handler = None
    previous_timer = (0.0, 0.0)
    if use_signal:

        def _on_alarm(signum: int, frame: object) -> None:  # noqa: ARG001 - signal handler signature
            raise timeout_error(str(path), seconds)

        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        # The alarm repeats: an exception raised inside a garbage-collector callback or a __del__, or
        # caught by a library's broad ``except``, is lost, and the work would run on unbounded.
        previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        if use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_timer[0] > 0:  # re-arm an outer timer with what it had left
                signal.setitimer(signal.ITIMER_REAL, max(0.001, previous_timer[0] - seconds), previous_timer[1])
        current_deadline.reset(token)


__all__ = [
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIMEOUT",
    "DocumentTimeout",
    "check_deadline",
    "check_page_count",
    "time_limit",
    "timeout_error",
]
