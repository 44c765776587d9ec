"""Glyphs and drawn lines read straight from pdfminer's layout of a page.

pdfplumber turns every layout object into a general-purpose dict (all attributes,
resolved colours, curve paths), which costs more than interpreting the page itself.
The parse stage needs only a few keys per glyph and drawing, so it reads them here
from the same ``page.layout`` that pdfplumber caches, as dicts with the keys and values
pdfplumber would compute; the table finder takes the visible drawings as explicit edges
(:mod:`extract.parse.pdf.rules`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# pdfplumber's dedupe_chars default: glyphs this close with the same text and font are one.
DEDUPE_TOLERANCE = 1.0
# A grid cell (column, row) is the integer column * _GRID_ROW + row.
_GRID_ROW = 1 << 24


def _flat(objs: list[Any]) -> Iterator[Any]:
    from pdfminer.layout import LTContainer

    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _flat(obj._objs)
        else:
            yield obj


def _color(value: Any) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def scan(page: Any) -> tuple[list[dict], list[dict]]:
    """(glyphs, drawings) of a pdfplumber page, from its cached pdfminer layout.

    Drawings (lines, rectangles and curves) come in the order the page paints them,
    so that one painted over by a later fill can be told apart. Each glyph carries
    its ``baseline`` (the text origin's distance from the top of the page) and its
    text ``matrix``: glyph boxes are the font's idea of the glyph, the origin is
    where it is set.
    """
    from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    doctop = float(page.initial_doctop)
    norm = page.pdf.unicode_norm
    chars: list[dict] = []
    drawn: list[dict] = []
    for obj in _flat(page.layout._objs):
        top = height - obj.y1 + mb_top
        item = {
            "x0": obj.x0 + mb_x0,
            "x1": obj.x1 + mb_x0,
            "top": top,
            "bottom": height - obj.y0 + mb_top,
            "doctop": doctop + top,
        }
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if norm is not None:
                import unicodedata

                text = unicodedata.normalize(norm, text)
            fontname = obj.fontname
            if isinstance(fontname, bytes):
                fontname = fontname.decode("latin-1")
            gs = obj.graphicstate
            item.update(
                text=text,
                fontname=fontname,
                size=obj.size,
                upright=obj.upright,
                matrix=obj.matrix,
                baseline=height - obj.matrix[5] + mb_top,
                non_stroking_color=_color(gs.ncolor),
                stroking_color=_color(gs.scolor),
            )
            chars.append(item)
        elif isinstance(obj, LTCurve):
            kind = "line" if isinstance(obj, LTLine) else "rect" if isinstance(obj, LTRect) else "curve"
            item.update(
                object_type=kind,
                y0=obj.y0,
                y1=obj.y1,
                width=obj.width,
                height=obj.height,
                linewidth=obj.linewidth,
                fill=obj.fill,
                stroke=obj.stroke,
                stroking_color=obj.stroking_color,
                non_stroking_color=obj.non_stroking_color,
            )
            if kind == "curve":
                item["pts"] = [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]
            drawn.append(item)
    return chars, drawn


def dedupe(chars: list[dict]) -> list[dict]:
    """pdfplumber's dedupe_chars, run only when two glyphs could be duplicates of each other.

    Most PDFs print each glyph once; a linear check on a coarse grid finds the few that
    overprint (fake bold) before paying for the full clustering.
    """
    # per glyph (text, font, size, upright): the grid cells its glyphs are in, a cell as one integer
    seen: dict[tuple, set[int]] = {}
    row = _GRID_ROW
    for ch in chars:
        key = (ch["text"], ch["fontname"], ch["size"], ch["upright"])
        cell = int(ch["x0"] // DEDUPE_TOLERANCE) * row + int(ch["doctop"] // DEDUPE_TOLERANCE)
        cells = seen.get(key)
        if cells is None:
            seen[key] = {cell}
            continue
        # the cell or one of its eight neighbours (two cells that share an integer are only a false alarm)
        if (
            cell in cells or cell - 1 in cells or cell + 1 in cells
            or cell - row in cells or cell - row - 1 in cells or cell - row + 1 in cells
            or cell + row in cells or cell + row - 1 in cells or cell + row + 1 in cells
        ):
            break
        cells.add(cell)
    else:
        return chars
    from ..geometry import utils

    return utils().dedupe_chars(chars, tolerance=DEDUPE_TOLERANCE)
