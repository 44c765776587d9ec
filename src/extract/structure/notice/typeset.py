"""How 公文 elements are told apart by their type: red ink and a title's larger size."""

from __future__ import annotations

from ...model import Line
from ..paragraphs import Frame

# A title is set at least this much larger than the body text (22pt over 16pt in GB/T 9704).
TITLE_STEP = 1.5


def is_red(color: str) -> bool:
    try:
        r, g, b = int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
    except (ValueError, IndexError):
        return False
    return r >= 0x99 and r - max(g, b) >= 0x60


def is_title_size(line: Line, frame: Frame) -> bool:
    return line.size >= frame.size + TITLE_STEP and not is_red(line.color)
