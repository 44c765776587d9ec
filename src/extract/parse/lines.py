"""Glyphs into lines: rows by baseline, text with the spaces a gap implies, spans of one font.

A line is the glyphs that sit on one baseline, whatever their fonts and sizes:
producers set digits and Latin text in another font than the Chinese around them
(方正's separate digit fonts, Times New Roman digits in WPS and Word), and some of
those fonts report boxes shifted off the baseline. Grouping by the glyph's origin
(the text matrix) instead of its box keeps ``2023 年 3 月 28 日`` one line, and a
glyph whose box does not straddle its own baseline is re-seated on it so that the
line's box is where the ink is. Superscripts and footnote marks, smaller and
raised, stay with the line they belong to.

Text drawn with a rotated text matrix (a table printed sideways, a stamp of
vertical text) forms lines along its own baseline and reads in its own direction;
text set in vertical writing (upright glyphs one under the other) reads down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Box, Line, Span

# A glyph gap wider than this share of the font size reads as a space on paper.
GAP_AS_SPACE = 0.15
# Coordinates come in single precision (PDFium's floats): a gap set exactly at the threshold (方正's
# letterspacing of 0.15 em) must not turn into a space by a rounding error.
GAP_SLACK = 0.01
BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|hei(?!ti)|黑", re.IGNORECASE)
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
# Glyphs whose baselines differ by less than this share of their size sit on one line.
BASELINE_TOLERANCE = 0.3
# A row of glyphs this much smaller than a neighbouring row, overlapping it, is a raised or
# lowered mark of that row (superscript, footnote number), not a line of its own.
MARK_SIZE = 0.8
MARK_GLYPHS = 4


def font_family(fontname: str) -> str:
    return SUBSET_PREFIX.sub("", fontname or "")


def color_hex(color: Any) -> str:
    """pdfminer colours (gray, RGB or CMYK tuples) as ``#rrggbb``."""
    if color is None:
        return "#000000"
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return "#000000"
    if len(vals) == 1:
        rgb = (vals[0],) * 3
    elif len(vals) == 3:
        rgb = tuple(vals)
    elif len(vals) == 4:
        c, m, y, k = vals
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return "#000000"
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in rgb)


_new_tuple = tuple.__new__  # a Box without the named tuple's Python-level __new__: one per glyph


def char_box(ch: dict) -> Box:
    return _new_tuple(Box, (float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"])))


def _span_key(ch: dict) -> tuple[str, float, bool, str]:
    color = ch.get("non_stroking_color")
    try:
        return _font_key(ch.get("fontname", ""), ch.get("size", 0.0), color)
    except TypeError:  # an unhashable colour value
        return _font_key.__wrapped__(ch.get("fontname", ""), ch.get("size", 0.0), color)


@lru_cache(maxsize=4096)
def _font_key(fontname: str, size: float, color: Any) -> tuple[str, float, bool, str]:
    """Few distinct fonts and colours per document; computing them once per glyph dominated line building."""
    family = font_family(fontname)
    return (family, round(float(size or 0.0), 1), bool(BOLD_FONT.search(family)), color_hex(color))


def _size(ch: dict) -> float:
    return float(ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0)


# ---- rows of glyphs -------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """Glyphs of one line in reading order; ``direction`` says how the line runs on the page."""

    glyphs: list[dict]
    direction: str = "ltr"  # "ltr", or "up"/"down" for text drawn rotated a quarter turn
    column: int | None = None  # set by the reading order when the row lies in a column of several
    size: float = field(default=0.0)

    @property
    def top(self) -> float:
        return min(g["top"] for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g["bottom"] for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g["x0"] for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g["x1"] for g in self.glyphs)


def _baseline(ch: dict) -> float:
    # Glyphs from other readers (tests, pdfplumber's own dicts) may lack the origin: their box
    # bottom is the next best estimate.
    return float(ch.get("baseline", ch["bottom"]))


def _direction(ch: dict) -> str:
    if ch.get("vertical"):
        return "down"  # set in vertical writing: upright glyphs, one under the other
    if ch.get("upright", True):
        return "ltr"
    matrix = ch.get("matrix") or (1, 0, 0, 1, 0, 0)
    a, b = float(matrix[0]), float(matrix[1])
    if abs(a) >= abs(b):
        return "ltr"  # upside-down or sheared text still runs along x
    return "up" if b > 0 else "down"


def cluster_rows(chars: Sequence[dict]) -> list[Row]:
    """Glyphs grouped into rows by baseline, top to bottom; rotated text after, in its own rows."""
    upright: list[dict] = []
    rotated: list[dict] = []
    for ch in chars:
        # _direction's common case first: an upright glyph set horizontally
        if ch.get("upright", True) and not ch.get("vertical"):
            upright.append(ch)
        elif _direction(ch) == "ltr":
            upright.append(ch)
        else:
            rotated.append(ch)
    rows = _rows_by_baseline(upright)
    rows = _attach_marks(rows)
    # A row whose every glyph is off its baseline (a page number set alone in 方正's digit font)
    # takes the page's measure of where a box sits on its baseline.
    for row in rows:
        row.glyphs.sort(key=lambda c: c["x0"])
    seatings = [_seating(row) for row in rows]
    page_ratio = _median([r for sane, _ in seatings for r in sane])
    for row, seating in zip(rows, seatings, strict=True):
        _reseat(row, seating, page_ratio)
    if rotated:
        rows.extend(_rotated_rows(rotated))
    return rows


def _rows_by_baseline(chars: list[dict]) -> list[Row]:
    # each glyph's baseline and size read once; the index keeps equal keys in the glyphs' order
    ordered = sorted(
        (round(base, 1), ch["x0"], i, base, _size(ch), ch) for i, ch in enumerate(chars) for base in (_baseline(ch),)
    )
    groups: list[tuple[float, float, list[dict], list[float]]] = []
    for _, _, _, base, size, ch in ordered:
        tol = max(1.0, BASELINE_TOLERANCE * size)
        if groups and abs(base - groups[-1][0]) <= max(tol, groups[-1][1]):
            groups[-1][2].append(ch)
            groups[-1][3].append(size)
        else:
            groups.append((base, tol, [ch], [size]))
    return [Row(group, size=max(sizes)) for _, _, group, sizes in groups]


def _overlaps(a: Row, b: Row) -> bool:
    return a.top < b.bottom and b.top < a.bottom


def _attach_marks(rows: list[Row]) -> list[Row]:
    """A few small glyphs raised or lowered against a neighbouring row join that row."""
    out: list[Row] = []
    for i, row in enumerate(rows):
        visible = [g for g in row.glyphs if not g["text"].isspace()]
        if 0 < len(visible) <= MARK_GLYPHS:
            hosts = [r for r in (out[-1] if out else None, rows[i + 1] if i + 1 < len(rows) else None) if r]
            for host in hosts:
                near = host.x0 - host.size <= row.x0 and row.x1 <= host.x1 + host.size
                if row.size <= MARK_SIZE * host.size and _overlaps(row, host) and near:
                    host.glyphs.extend(row.glyphs)
                    break
            else:
                out.append(row)
            continue
        out.append(row)
    return out


def _median(values: list[float]) -> float | None:
    return sorted(values)[len(values) // 2] if values else None


def _seating(row: Row) -> tuple[list[float], list[int]]:
    """How far below its baseline each glyph box that straddles it ends (in sizes), and the
    indices of the glyphs whose boxes do not straddle it."""
    sane: list[float] = []
    off: list[int] = []
    for i, g in enumerate(row.glyphs):
        if "baseline" not in g or g["text"].isspace():
            continue
        size = float(g.get("size") or (g["bottom"] - g["top"]) or 10.0)  # _size, written out: per glyph
        baseline = g["baseline"]
        below = g["bottom"] - baseline
        if g["top"] < baseline - 0.3 * size and -0.1 * size <= below <= 0.45 * size:
            sane.append(below / size)
        else:
            off.append(i)
    return sane, off


def _reseat(row: Row, seating: tuple[list[float], list[int]], fallback: float | None = None) -> None:
    """Move glyph boxes that do not straddle their baseline onto it, as the row's other glyphs sit
    (its ``seating``; or, in a row with none that do, as ``fallback`` says the page's glyphs sit)."""
    sane, off = seating
    ratio = _median(sane) if sane else fallback
    if not off or ratio is None:
        return  # nothing to fix, or nothing to measure against
    for i in off:
        g = dict(row.glyphs[i])
        height = g["bottom"] - g["top"]
        g["bottom"] = g["baseline"] + ratio * _size(g)
        g["top"] = g["bottom"] - height
        row.glyphs[i] = g


def _rotated_rows(chars: list[dict]) -> list[Row]:
    """Text drawn a quarter turn: rows share an x origin and read along y."""
    rows: list[Row] = []
    for direction in ("up", "down"):
        group = [ch for ch in chars if _direction(ch) == direction]
        columns: list[tuple[float, float, list[dict]]] = []
        for ch in sorted(group, key=lambda c: float((c.get("matrix") or (0, 0, 0, 0, c["x0"], 0))[4])):
            origin = float((ch.get("matrix") or (0, 0, 0, 0, ch["x0"], 0))[4])
            tol = max(1.0, BASELINE_TOLERANCE * _size(ch))
            if columns and abs(origin - columns[-1][0]) <= max(tol, columns[-1][1]):
                columns[-1][2].append(ch)
            else:
                columns.append((origin, tol, [ch]))
        ordered = columns if direction == "up" else list(reversed(columns))
        for _, _, glyphs in ordered:
            # Text running up the page reads from the bottom; text running down reads from the top.
            glyphs.sort(key=lambda c: -c["bottom"] if direction == "up" else c["top"])
            rows.append(Row(glyphs, direction, size=max(_size(c) for c in glyphs)))
    return rows


# ---- lines ----------------------------------------------------------------------------


def _gap(prev: dict, ch: dict, direction: str) -> float:
    if direction == "up":
        return prev["top"] - ch["bottom"]
    if direction == "down":
        return ch["top"] - prev["bottom"]
    return ch["x0"] - prev["x1"]


def _gap_box(prev: dict, ch: dict, direction: str) -> Box:
    if direction == "ltr":
        return Box(prev["x1"], min(prev["top"], ch["top"]), ch["x0"], max(prev["bottom"], ch["bottom"]))
    upper, lower = (ch, prev) if direction == "up" else (prev, ch)
    return Box(min(prev["x0"], ch["x0"]), upper["bottom"], max(prev["x1"], ch["x1"]), lower["top"])


def build_line(page_number: int, chars: list[dict], direction: str = "ltr", column: int | None = None) -> Line | None:
    """One line from glyphs in reading order; None when it holds only blanks."""
    text: list[str] = []
    boxes: list[Box] = []
    keys: list[tuple[str, float, bool, str]] = []
    inserted: set[int] = set()
    prev: dict | None = None
    along = direction == "ltr"
    for ch in chars:
        glyph = ch["text"]
        if prev is not None:
            gap = ch["x0"] - prev["x1"] if along else _gap(prev, ch, direction)
            size = float(ch.get("size") or 10.0)
            if gap > GAP_AS_SPACE * size + GAP_SLACK and not prev["text"].isspace() and not glyph.isspace():
                inserted.add(len(text))
                text.append(" ")
                boxes.append(_gap_box(prev, ch, direction))
                keys.append(keys[-1])
        text.append(glyph)
        boxes.append(_new_tuple(Box, (float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"]))))
        try:  # _span_key, written out: per glyph
            keys.append(_font_key(ch.get("fontname", ""), ch.get("size", 0.0), ch.get("non_stroking_color")))
        except TypeError:
            keys.append(_span_key(ch))
        prev = ch
    # Leading and trailing blanks carry no content and only confuse indent measurement.
    lo, hi = 0, len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if lo == hi:
        return None
    trailing = Box.enclosing(boxes[hi:]) if hi < len(text) else None
    text, boxes, keys = text[lo:hi], boxes[lo:hi], keys[lo:hi]
    inserted = {i - lo for i in inserted if lo <= i < hi}
    spans: list[Span] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans.append(Span(start, i, *keys[start]))
            start = i
    return Line(
        page=page_number,
        text="".join(text),
        box=Box.enclosing(boxes),
        spans=spans,
        char_boxes=boxes,
        inserted_spaces=frozenset(inserted),
        trailing_space=trailing,
        column=column,
    )


def lines_of(page_number: int, rows: Iterable[Row]) -> list[Line]:
    lines = []
    for row in rows:
        line = build_line(page_number, row.glyphs, row.direction, row.column)
        if line is not None:
            lines.append(line)
    return lines


def build_lines(page_number: int, chars: Iterable[dict]) -> list[Line]:
    """Lines of glyphs with no column structure (a table cell, a region already cut out)."""
    return lines_of(page_number, cluster_rows(list(chars)))
