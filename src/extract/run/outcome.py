"""What became of one input of a run: the record the batch runner makes and the report reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Longest error message kept for one input (a damaged file's library error can run to pages).
MAX_ERROR_CHARS = 600


@dataclass
class Outcome:
    """What became of one input: its output folder, or the one-line reason it failed.

    ``status`` is ``ok`` (the outputs hold the document), ``partial`` (outputs written, but they
    miss part of it: ``reasons`` says what, in words) or ``failed`` (``error`` says why).
    """

    input: str
    out_dir: str | None
    error: str | None = None
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # why the document is partial; empty when ok

    @property
    def status(self) -> str:
        if self.error is not None:
            return "failed"
        return "partial" if self.reasons else "ok"

    @property
    def ok(self) -> bool:
        """Outputs were written (status ``ok`` or ``partial``); False only for a failed document."""
        return self.error is None


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """A message on one line: newlines and runs of blanks become one space, long ones are cut."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
