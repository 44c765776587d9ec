"""Reading order: text set in columns is read column by column.

A gazette prints two columns side by side; reading its rows across the page would
merge the columns line by line. A column region is a run of rows that share an
empty vertical strip (a gutter) with text flowing on both sides of it: each side
of each row is continuous text, without the wide gaps that separate the cells of
a table drawn without rules or the items of a signature block. Such a region is
read left column first, then the right one; rows above and below it, and rows
that cross the gutter (a title over both columns), are read where they are.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Row

# The gutter is at least this wide (in body-text sizes) and lies in the middle of the text block.
MIN_GUTTER = 0.8
# Glyphs closer than this (in sizes) are one stretch of ink; a gutter is wider.
MERGE = 0.5
GUTTER_SPAN = (0.2, 0.8)
# A region has at least this many rows, and most of them have text on both sides.
MIN_ROWS = 6
BOTH_SIDES = 0.6
# Inside a column, glyphs further apart than this (in sizes) are not one flow of text.
MAX_FLOW_GAP = 2.5
# Most rows of a column are continuous text.
FLOWING = 0.8
# A column is at least this share of the text block wide.
MIN_COLUMN = 0.25


@dataclass(slots=True)
class _Region:
    start: int  # index of the first row
    end: int  # index after the last row
    gutter: tuple[float, float]


def _segments(row: Row, size: float) -> list[tuple[float, float]]:
    """The row's ink as x-intervals, glyphs closer than half a body size merged."""
    out: list[tuple[float, float]] = []
    for g in sorted((g for g in row.glyphs if not g["text"].isspace()), key=lambda g: g["x0"]):
        if out and g["x0"] - out[-1][1] < MERGE * size:
            out[-1] = (out[-1][0], max(out[-1][1], g["x1"]))
        else:
            out.append((g["x0"], g["x1"]))
    return out


def _free(segments: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The empty x-intervals of a row between ``lo`` and ``hi``."""
    out, x = [], lo
    for a, b in segments:
        if a > x:
            out.append((x, a))
        x = max(x, b)
    if hi > x:
        out.append((x, hi))
    return out


def _intersect(gap: tuple[float, float], free: list[tuple[float, float]]) -> tuple[float, float] | None:
    best = None
    for a, b in free:
        lo, hi = max(gap[0], a), min(gap[1], b)
        if hi > lo and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    return best


def _flows(glyphs: list[dict], size: float) -> bool:
    ink = sorted((g for g in glyphs if not g["text"].isspace()), key=lambda g: g["x0"])
    return all(b["x0"] - a["x1"] <= MAX_FLOW_GAP * size for a, b in zip(ink, ink[1:], strict=False))


def _is_region(rows: Sequence[Row], gutter: tuple[float, float], left: float, right: float, size: float) -> bool:
    mid = (gutter[0] + gutter[1]) / 2
    both = flowing = 0
    widths = ([], [])
    for row in rows:
        sides = ([g for g in row.glyphs if g["x1"] <= mid], [g for g in row.glyphs if g["x0"] >= mid])
        if all(any(not g["text"].isspace() for g in side) for side in sides):
            both += 1
        flowing += all(_flows(side, size) for side in sides)
        for k, side in enumerate(sides):
            if side:
                widths[k].append(max(g["x1"] for g in side) - min(g["x0"] for g in side))
    block = right - left
    wide = all(w and max(w) >= MIN_COLUMN * block for w in widths)
    return both >= BOTH_SIDES * len(rows) and flowing >= FLOWING * len(rows) and wide


def _own_gap(free: list[tuple[float, float]], x: float) -> tuple[float, float] | None:
    return next(((a, b) for a, b in free if a <= x <= b), None)


def _trim(frees: list[list[tuple[float, float]]], start: int, end: int, gap: tuple[float, float]) -> _Region | None:
    """The region without rows at its ends whose own gap is much narrower than the gutter's.

    A title over both columns may leave a narrow gap of its own right where the
    gutter is (``第一章　总　　则``); it belongs above the columns, not split between them.
    """
    x = (gap[0] + gap[1]) / 2
    widths = []
    for k in range(start, end):
        own = _own_gap(frees[k], x)
        widths.append(own[1] - own[0] if own else 0.0)
    typical = statistics.median(widths)
    lo, hi = start, end
    while lo < hi and widths[lo - start] < 0.5 * typical:
        lo += 1
    while hi > lo and widths[hi - 1 - start] < 0.5 * typical:
        hi -= 1
    if hi <= lo:
        return None
    gutter: tuple[float, float] | None = _own_gap(frees[lo], x)
    for k in range(lo + 1, hi):
        gutter = _intersect(gutter, frees[k]) if gutter else None
    return _Region(lo, hi, gutter) if gutter else None


def _regions(rows: list[Row], size: float) -> list[_Region]:
    upright = [row for row in rows if row.direction == "ltr"]
    if len(upright) < MIN_ROWS:
        return []
    left = min(row.x0 for row in upright)
    right = max(row.x1 for row in upright)
    lo, hi = left + GUTTER_SPAN[0] * (right - left), left + GUTTER_SPAN[1] * (right - left)
    frees = [_free(_segments(row, size), left, right) for row in rows]
    regions: list[_Region] = []
    i = 0
    while i < len(rows):
        if rows[i].direction != "ltr":
            i += 1
            continue
        found: _Region | None = None
        for gap in frees[i]:
            gap = (max(gap[0], lo), min(gap[1], hi))
            if gap[1] - gap[0] < MIN_GUTTER * size or gap[0] <= left or gap[1] >= right:
                continue
            j = i + 1
            while j < len(rows) and rows[j].direction == "ltr":
                narrowed = _intersect(gap, frees[j])
                if narrowed is None or narrowed[1] - narrowed[0] < MIN_GUTTER * size:
                    break
                if j - i >= MIN_ROWS and narrowed[1] - narrowed[0] < 0.5 * (gap[1] - gap[0]):
                    break  # the layout changes under the columns (three columns beneath two)
                gap = narrowed
                j += 1
            region = _trim(frees, i, j, gap)
            if region is None or region.end - region.start < MIN_ROWS:
                continue
            if _is_region(rows[region.start : region.end], region.gutter, left, right, size):
                if found is None or region.end > found.end:
                    found = region
        if found is None:
            i += 1
            continue
        regions.append(found)
        i = found.end
    return regions


def reading_order(rows: list[Row]) -> list[Row]:
    """The rows of a page in reading order, rows in a column region split and read column by column."""
    sizes = [row.size for row in rows if row.direction == "ltr"]
    if len(sizes) < MIN_ROWS:
        return rows
    size = statistics.median(sizes)
    regions = _regions(rows, size)
    if not regions:
        return rows
    out: list[Row] = []
    i = 0
    for region in regions:
        out.extend(rows[i : region.start])
        mid = (region.gutter[0] + region.gutter[1]) / 2
        columns: tuple[list[Row], list[Row]] = ([], [])
        for row in rows[region.start : region.end]:
            left = [g for g in row.glyphs if (g["x0"] + g["x1"]) / 2 < mid]
            right = [g for g in row.glyphs if (g["x0"] + g["x1"]) / 2 >= mid]
            for k, glyphs in enumerate((left, right)):
                if any(not g["text"].isspace() for g in glyphs):
                    columns[k].append(Row(glyphs, row.direction, k, row.size))
        out.extend(columns[0])
        out.extend(columns[1])
        i = region.end
    out.extend(rows[i:])
    return out
