"""A batch's progress bar: tqdm on stderr when it is a terminal, or nothing."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .outcome import Outcome


class Progress:
    """A tqdm bar on stderr, or nothing; tqdm is imported only when the bar is shown."""

    def __init__(self, total: int, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        stream = stream if stream is not None else sys.stderr
        if enabled is None:  # automatic: a terminal, and more than one document
            enabled = total > 1 and _isatty(stream)
        self.failed = 0
        self.partial = 0
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=stream, unit="doc", dynamic_ncols=True, leave=False)

    def update(self, outcome: Outcome) -> None:
        status = outcome.status
        self.failed += status == "failed"
        self.partial += status == "partial"
        if self._bar is not None:
            if status != "ok":
                counts = {"partial": self.partial, "failed": self.failed}
                self._bar.set_postfix({k: v for k, v in counts.items() if v}, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
