"""How much a text dump may hold: each character becomes a line's glyph with a box, so size is memory.

The file itself is capped at 64 MB (:data:`extract.parse.source.MAX_TEXT_BYTES`), but 60 MB of one line
or of tab cells is still gigabytes once laid out. A real 公文 of 500 pages holds about half a million
characters in some fifteen thousand lines, paragraphs of a few hundred characters, tables of a few
dozen columns; the caps below are ten times that or more, and each has its own message.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError

MAX_CHARS = 5_000_000
MAX_LINES = 200_000
MAX_LINE_CHARS = 20_000
MAX_CELLS = 256
_LINES = re.compile(r"\r\n|\r|\n|\f")


def check_text_size(path: Path, text: str) -> None:
    """Refuse a text dump too large to lay out, before any line of it is built."""
    if len(text) > MAX_CHARS:
        _refuse(path, f"holds {len(text):,} characters, more than the limit of {MAX_CHARS:,} for one document")
    lines = _LINES.split(text)
    if sum(1 for line in lines if line.strip()) > MAX_LINES:
        _refuse(path, f"holds more than {MAX_LINES:,} lines, the limit for one document")
    cells = max(line.count("\t") for line in lines) + 1
    if cells > MAX_CELLS:
        _refuse(path, f"has a table row of {cells:,} tab-separated cells, more than the limit of {MAX_CELLS}")
    longest = max(lines, key=len)
    if len(longest) > MAX_LINE_CHARS:
        _refuse(path, f"has a line of {len(longest):,} characters, more than the limit of {MAX_LINE_CHARS:,}")


def _refuse(path: Path, what: str) -> None:
    raise InputError(str(path), f"the text dump {what}; it is not one document (split it, or save it as PDF)")
