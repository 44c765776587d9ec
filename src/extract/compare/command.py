"""The ``diff`` command's work: both sides read, compared, written, and one line said about it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import InputError
from .pairing import DEFAULT_THRESHOLD

TRACEBACK_ENV = "EXTRACT_TRACEBACK"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run_diff(
    old: str | Path,
    new: str | Path,
    out_dir: str | Path,
    threshold: float | None = None,
    password: str | None = None,
) -> int:
    """Compare ``old`` with ``new`` into ``out_dir``; the exit code (0, or 2 with one ``error:`` line on stderr).

    On success one line on stdout counts the labels. Bad input (a missing or unreadable file, a
    document with nothing to compare) and anything unexpected give one line on stderr and write nothing.
    """
    from .diff import compare
    from .load import load_side
    from .outputs import summary, write_diff

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold <= 1.0:
        message = f"--threshold {threshold:g} is outside (0, 1]; the default is {DEFAULT_THRESHOLD}"
        print(f"error: {message}", file=sys.stderr)
        return 2
    try:
        sides = load_side(old, password), load_side(new, password)
        diff = compare(*sides, threshold=threshold)
        try:
            write_diff(diff, out_dir)
        except OSError as exc:
            raise InputError(str(out_dir), f"cannot write the outputs there ({exc.strerror or exc})") from None
    except InputError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if os.environ.get(TRACEBACK_ENV):
            import traceback

            traceback.print_exc(file=sys.stderr)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        print(
            f"error: internal error while comparing ({_one_line(detail)}); please report it with both inputs"
            f" ({TRACEBACK_ENV}=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2
    counts = summary(diff)
    points = ", ".join(f"{n} {label}" for label, n in counts["points"].items() if n)
    tasks = ", ".join(f"{n} {label}" for label, n in counts["key_tasks"].items() if n)
    print(
        f"ok: {old} vs {new} -> {out_dir} (points: {points or 'none'}; key tasks: {tasks or 'none'};"
        f" {counts['targets']} target changes)"
    )
    return 0
