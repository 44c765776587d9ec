"""Errors a user can act on, and the deadline that stages check between units of work.

The CLI prints an :class:`InputError` as one ``error:`` line and exits 2. Every
stage may raise one, so this module sits beside the model at the bottom of the
package. The per-document deadline lives here for the same reason: the parse
stage checks it between pages (:func:`check_deadline`), while
:func:`extract.run.limits.time_limit`, which runs documents, sets it.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass


class InputError(Exception):
    """The input cannot be turned into a dataset; the message says why and what to do."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Raised in a worker process, it is pickled back to the parent: rebuilt from both parts.
        return (type(self), (self.path, self.message))


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


@dataclass(frozen=True, slots=True)
class Deadline:
    path: str
    seconds: float
    at: float  # time.monotonic() value


# A context variable, not a global: worker threads and nested runs each see their own document's deadline.
current_deadline: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("extract_deadline", default=None)


def check_deadline() -> None:
    """Raise the timeout error when the current document's deadline has passed (cooperative check)."""
    d = current_deadline.get()
    if d is not None and time.monotonic() > d.at:
        raise timeout_error(d.path, d.seconds)


# The current document's memory budget in MB (--max-memory), None for none: set where documents are
# run (extract.run.memory), read where a PDF's bytes inflate (extract.parse.pdf.guards).
memory_budget: contextvars.ContextVar[int | None] = contextvars.ContextVar("extract_memory_budget", default=None)
