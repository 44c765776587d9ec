"""One PDF page into the page model: glyphs into lines with spans, drawn rules, ruled tables.

Glyphs and drawn lines come from the layout pdfplumber caches for the page
(:mod:`extract.parse.glyphs`); ruled tables are found by pdfplumber's table finder
on those rules, and the glyphs inside a table's cells become the cells' lines
instead of the page's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..model import Box, Cell, Line, Page, Ruling, Span, Table
from . import glyphs

# A glyph gap wider than this share of the font size reads as a space on paper.
GAP_AS_SPACE = 0.15
# Rules thinner than this (in points) are drawn lines even when the PDF paints them as rectangles.
RULE_THICKNESS = 3.0
BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|hei(?!ti)|黑", re.IGNORECASE)
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
# Too few rules cannot enclose a table; skipping the finder there keeps body pages cheap.
MIN_RULES_FOR_TABLE = 4

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


def _char_box(ch: dict) -> Box:
    return Box(float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"]))


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


def _cluster_rows(chars: list[dict]) -> list[list[dict]]:
    """Group glyphs into visual lines by their vertical centre."""
    rows: list[tuple[float, float, list[dict]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"] + c["bottom"], 1), c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        tol = max(1.0, 0.3 * float(ch.get("size") or ch["bottom"] - ch["top"]))
        if rows and abs(mid - rows[-1][0]) <= max(tol, rows[-1][1]):
            rows[-1][2].append(ch)
        else:
            rows.append((mid, tol, [ch]))
    return [sorted(group, key=lambda c: c["x0"]) for _, _, group in rows]


def build_line(page_number: int, chars: list[dict]) -> Line | None:
    """One line from glyphs sorted left to right; None when it holds only blanks."""
    text: list[str] = []
    boxes: list[Box] = []
    keys: list[tuple[str, float, bool, str]] = []
    inserted: set[int] = set()
    prev: dict | None = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            size = float(ch.get("size") or 10.0)
            if (
                gap > GAP_AS_SPACE * size
                and not prev["text"].isspace()
                and not ch["text"].isspace()
            ):
                inserted.add(len(text))
                text.append(" ")
                boxes.append(Box(prev["x1"], min(prev["top"], ch["top"]), ch["x0"], max(prev["bottom"], ch["bottom"])))
                keys.append(keys[-1])
        text.append(ch["text"])
        boxes.append(_char_box(ch))
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
    )


def build_lines(page_number: int, chars: Iterable[dict]) -> list[Line]:
    lines = []
    for row in _cluster_rows(list(chars)):
        line = build_line(page_number, row)
        if line is not None:
            lines.append(line)
    return lines


def _rulings(drawn_lines: list[dict], drawn_rects: list[dict]) -> list[Ruling]:
    out = []
    for obj in drawn_lines:
        out.append(Ruling(_char_box(obj), float(obj.get("linewidth") or 0.0), color_hex(obj.get("stroking_color"))))
    for obj in drawn_rects:
        box = _char_box(obj)
        if min(box.width, box.height) <= RULE_THICKNESS:
            color = obj.get("non_stroking_color") if obj.get("fill") else obj.get("stroking_color")
            out.append(Ruling(box, min(box.width, box.height), color_hex(color)))
    return sorted(set(out), key=lambda r: (r.box.top, r.box.x0, r.box.bottom, r.box.x1))


def _tables(
    page: Any, page_number: int, chars: list[dict], settings: dict[str, Any] | None = None
) -> tuple[list[Table], list[dict]]:
    """Ruled tables with their cells' lines, and the glyphs left outside every table."""
    found = page.find_tables(settings)
    if not found:
        return [], chars
    tables: list[Table] = []
    cell_chars: dict[tuple[int, int, int], list[dict]] = {}
    cell_boxes: list[tuple[tuple[int, int, int], Box]] = []
    for t_index, table in enumerate(found):
        for r_index, row in enumerate(table.rows):
            for c_index, bbox in enumerate(row.cells):
                if bbox is not None:
                    key = (t_index, r_index, c_index)
                    cell_boxes.append((key, Box(*bbox)))
                    cell_chars[key] = []
    free = []
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        for key, box in cell_boxes:
            if box.contains_point(x, y):
                cell_chars[key].append(ch)
                break
        else:
            free.append(ch)
    for t_index, table in enumerate(found):
        rows: list[list[Cell | None]] = []
        for r_index, row in enumerate(table.rows):
            cells: list[Cell | None] = []
            for c_index, bbox in enumerate(row.cells):
                if bbox is None:
                    cells.append(None)
                    continue
                key = (t_index, r_index, c_index)
                cells.append(Cell(r_index, c_index, Box(*bbox), build_lines(page_number, cell_chars[key])))
            rows.append(cells)
        tables.append(Table(page_number, Box(*table.bbox), rows))
    return tables, free


def read_page(page: Any) -> Page:
    """The page model of one pdfplumber page."""
    number = int(page.page_number)
    chars, drawn_lines, drawn_rects, curves = glyphs.scan(page)
    chars = glyphs.dedupe(chars)
    rulings = _rulings(drawn_lines, drawn_rects)
    tables: list[Table] = []
    if curves and len(rulings) + curves >= MIN_RULES_FOR_TABLE:
        tables, chars = _tables(page, number, chars)  # pdfplumber's own edges include curves
    elif len(rulings) >= MIN_RULES_FOR_TABLE:
        settings = glyphs.table_settings(drawn_lines, drawn_rects)
        if settings is not None:
            tables, chars = _tables(page, number, chars, settings)
    return Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        lines=build_lines(number, chars),
        rulings=rulings,
        tables=tables,
    )
