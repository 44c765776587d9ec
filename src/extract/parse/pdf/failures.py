"""pdfminer's failures, told apart: a limit that ran out inside it, and what a damaged file raised."""

from __future__ import annotations

from typing import Any

from ...errors import InputError


def chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones it wraps (pdfplumber wraps pdfminer's errors in PdfminerException)."""
    out: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo and len(out) < 20:
        err = todo.pop(0)
        if not isinstance(err, BaseException) or any(err is seen for seen in out):
            continue
        out.append(err)
        todo.extend([err.__cause__, err.__context__, *err.args])
    return out


def raise_wrapped_input_error(exc: BaseException) -> None:
    """A limit (InputError) raised deep inside pdfminer comes back wrapped; raise it as itself.

    So does a ``MemoryError``: the document needs more than its memory budget, it is not damaged.
    """
    for err in chain(exc):
        if isinstance(err, InputError):
            raise err.with_traceback(None) from None
        if isinstance(err, MemoryError):
            raise MemoryError from None


def root_cause(exc: BaseException) -> str:
    """The name of the error behind pdfplumber's wrapper, for a one-line message."""
    errors = chain(exc)
    return type(errors[-1] if len(errors) > 1 and type(exc).__name__ == "PdfminerException" else exc).__name__
