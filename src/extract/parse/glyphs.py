"""Glyphs and drawn lines read straight from pdfminer's layout of a page.

pdfplumber turns every layout object into a general-purpose dict (all attributes,
resolved colours, curve paths), which costs more than interpreting the page itself.
The parse stage needs only a few keys per glyph, so on pages without a table it reads
them here from the same ``page.layout`` that pdfplumber caches; pages with a table go
through pdfplumber's own objects, since its table finder needs them anyway. Both give
dicts with the same keys and values, computed as pdfplumber computes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# pdfplumber's dedupe_chars default: glyphs this close with the same text and font are one.
DEDUPE_TOLERANCE = 1.0


def _flat(objs: list[Any]) -> Iterator[Any]:
    from pdfminer.layout import LTContainer

    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _flat(obj._objs)
        else:
            yield obj


def _color(value: Any) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def scan(page: Any) -> tuple[list[dict], list[dict], list[dict], int]:
    """(chars, lines, rects, curves) of a pdfplumber page, from its cached pdfminer layout.

    Chars, lines and rects come as light dicts; curves are only counted, since a page
    that draws with them needs pdfplumber's full objects for its table finder.
    """
    from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    doctop = float(page.initial_doctop)
    norm = page.pdf.unicode_norm
    chars: list[dict] = []
    lines: list[dict] = []
    rects: list[dict] = []
    curves = 0
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
                non_stroking_color=_color(gs.ncolor),
                stroking_color=_color(gs.scolor),
            )
            chars.append(item)
        elif isinstance(obj, (LTLine, LTRect)):
            item.update(
                object_type="line" if isinstance(obj, LTLine) else "rect",
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
            (lines if isinstance(obj, LTLine) else rects).append(item)
        elif isinstance(obj, LTCurve):
            curves += 1
    return chars, lines, rects, curves


def table_settings(lines: list[dict], rects: list[dict]) -> dict[str, Any] | None:
    """Table-finder settings that take the page's rules from these objects, not from pdfplumber's.

    pdfplumber's default "lines" strategy derives its edges from every object of the
    page; handing it the same rules as explicit edges finds the same tables without
    building those objects a second time.
    """
    from pdfplumber.utils import filter_edges, obj_to_edges

    # The "lines" strategy drops edges shorter than its prefilter length before merging.
    edges = filter_edges([e for obj in lines + rects for e in obj_to_edges(obj)], min_length=1)
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return None  # no cell can be enclosed
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }


def dedupe(chars: list[dict]) -> list[dict]:
    """pdfplumber's dedupe_chars, run only when two glyphs could be duplicates of each other.

    Most PDFs print each glyph once; a linear check on a coarse grid finds the few that
    overprint (fake bold) before paying for the full clustering.
    """
    seen: set[tuple] = set()
    suspect = False
    for ch in chars:
        gx, gy = int(ch["x0"] // DEDUPE_TOLERANCE), int(ch["doctop"] // DEDUPE_TOLERANCE)
        key = (ch["text"], ch["fontname"], ch["size"], ch["upright"])
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if (*key, gx + dx, gy + dy) in seen:
                    suspect = True
                    break
            if suspect:
                break
        if suspect:
            break
        seen.add((*key, gx, gy))
    if not suspect:
        return chars
    from pdfplumber.utils import dedupe_chars

    return dedupe_chars(chars, tolerance=DEDUPE_TOLERANCE)
