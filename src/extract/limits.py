"""Per-document limits: a wall-clock timeout and a page-count ceiling.

A batch over thousands of PDFs from the web must not stall on one hostile file,
nor let one document eat the machine's memory. Both limits fail the document
alone with an :class:`~extract.errors.InputError`, which the CLI prints as one
``error:`` line.

The timeout works two ways at once:

* on the main thread of a process it arms ``SIGALRM`` (``setitimer``), which
  interrupts even a long stretch inside one page;
* everywhere (worker threads too, where signals cannot be used) it sets a
  deadline that the parse stage checks between pages (:func:`check_deadline`).

A hard guarantee against code that never returns to Python (a C extension stuck
in a loop) needs a separate process that can be killed; a batch runner with
``--jobs`` should give each worker process its documents and use this module
inside the worker.
"""

from __future__ import annotations

import contextvars
import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import InputError

# Generous defaults: the slowest real documents take seconds, not minutes.
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_PAGES = 500


@dataclass(frozen=True, slots=True)
class _Deadline:
    path: str
    seconds: float
    at: float  # time.monotonic() value


# Seconds between repeats of the timeout alarm after the first (see ``time_limit``); longer than any
# clean-up that runs while the timeout exception unwinds.
REPEAT = 2.0

_deadline: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("extract_deadline", default=None)


class DocumentTimeout(InputError):
    """The document took longer than its time limit."""


def timeout_error(path: str, seconds: float) -> DocumentTimeout:
    return DocumentTimeout(
        str(path),
        f"the document took longer than {_fmt(seconds)} s to read and was stopped (--timeout);"
        " raise --timeout if it is a genuinely large document",
    )


def _fmt(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def check_deadline() -> None:
    """Raise the timeout error when the current document's deadline has passed (cooperative check)."""
    d = _deadline.get()
    if d is not None and time.monotonic() > d.at:
        raise timeout_error(d.path, d.seconds)


@contextmanager
def time_limit(seconds: float | None, path: str = "") -> Iterator[None]:
    """Stop the enclosed work with a :class:`DocumentTimeout` after ``seconds``.

    ``None`` or ``0`` means no limit. Nested limits keep the earlier deadline.
    """
    if not seconds or seconds <= 0 or math.isinf(seconds):
        yield
        return
    outer = _deadline.get()
    at = time.monotonic() + seconds
    if outer is not None and outer.at <= at:
        yield  # an enclosing, shorter limit already governs
        return
    token = _deadline.set(_Deadline(str(path), float(seconds), at))
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
        _deadline.reset(token)


def check_page_count(path: str, pages: int, max_pages: int | None) -> None:
    """Refuse a document with more pages than ``max_pages`` (None or 0: no limit)."""
    if max_pages and pages > max_pages:
        raise InputError(
            str(path),
            f"the PDF has {pages} pages, more than the limit of {max_pages} (--max-pages);"
            " raise --max-pages to read it anyway",
        )


__all__ = [
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIMEOUT",
    "DocumentTimeout",
    "check_deadline",
    "check_page_count",
    "time_limit",
    "timeout_error",
]
