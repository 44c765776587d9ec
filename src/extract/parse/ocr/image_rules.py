"""Ruling lines in a page image: the rules a scan's tables are drawn with.

A scan has no vector drawings, so the table finder would see no rule. The rules are found in the
image instead (OpenCV morphology on the binarised page: an opening with a long, thin kernel keeps
only runs of ink far longer than any stroke of a character) and handed on as segments in pixels;
:mod:`.tables` turns them into rulings in PDF points and cells. They are also erased from the
image before it is read, because a rule beside a character is read as 一 or 丨 and joins the text
of neighbouring cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A horizontal rule is at least this long (points): a character's longest stroke (一 in a 2号
# title, 22 pt) and a dash (——, two ems of 3号) are shorter.
MIN_H_RULE_PT = 40.0
# A vertical rule at least this long: a cell one line of 3号 high is about 25 pt tall, while a
# character's longest vertical stroke is under an em.
MIN_V_RULE_PT = 24.0
# A rule is at most this thick (points); thicker bars are filled shapes, not rules.
MAX_RULE_PT = 4.0
# Ink is not thickened nor its gaps closed before the opening: either would chain the strokes of
# neighbouring characters into runs as long as a rule. A scanned rule that leans or breaks where the
# toner is thin comes out in pieces, which the table finder's snapping and joining put together.
# Ink is told from paper by the levelled page's own threshold (:func:`.paper.ink`), so that a
# scanner's grey paper, noise and faint rules do not decide it.


@dataclass(frozen=True, slots=True)
class ImageRules:
    """Rule segments of a page image, each (x0, y0, x1, y1) in its pixels."""

    horizontal: list[tuple[int, int, int, int]]
    vertical: list[tuple[int, int, int, int]]

    def __bool__(self) -> bool:
        return bool(self.horizontal or self.vertical)

    def turned(self, rotation: int, width: int, height: int) -> ImageRules:
        """The rules on the image turned ``rotation`` degrees clockwise (``width`` × ``height`` before)."""
        from .quarter_turns import turn_box

        h = [turn_box(r, rotation, width, height) for r in self.horizontal]
        v = [turn_box(r, rotation, width, height) for r in self.vertical]
        if rotation % 180:
            h, v = v, h
        return ImageRules(sorted(h), sorted(v))


def _segments(mask: np.ndarray, min_length: int, max_thickness: int, horizontal: bool) -> list:
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[i])
        length, thickness = (w, h) if horizontal else (h, w)
        if length >= min_length and thickness <= max_thickness:
            out.append((x, y, x + w, y + h))
    return sorted(out)


def find_rules(image: np.ndarray, points_per_px: float) -> ImageRules:
    """The horizontal and vertical rules of a BGR page image."""
    import cv2

    from .paper import ink as ink_of

    ink = ink_of(image)
    px = 1 / points_per_px
    thick = max(2, round(MAX_RULE_PT * px))
    found = []
    for horizontal, min_pt in ((True, MIN_H_RULE_PT), (False, MIN_V_RULE_PT)):
        length = max(8, round(min_pt * px))
        kernel = np.ones((1, length) if horizontal else (length, 1), np.uint8)
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        found.append(_segments(mask, length, thick, horizontal))
    return ImageRules(*found)


def erase(image: np.ndarray, rules: ImageRules) -> np.ndarray:
    """The image with its rules painted paper-white (a copy)."""
    out = image.copy()
    for x0, y0, x1, y1 in (*rules.horizontal, *rules.vertical):
        out[max(0, y0 - 1) : y1 + 1, max(0, x0 - 1) : x1 + 1] = 255
    return out
