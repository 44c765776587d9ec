"""Glyphs of a page read by PDFium (the ``pdfium`` engine): text, origin, box, font, size, colour, text matrix.

Each glyph becomes a dict with the keys the layout code reads (``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``baseline``, ``fontname``, ``size``, ``upright``, ``matrix``, ``non_stroking_color``),
in the page's displayed space: origin at the top-left, /Rotate applied, in points.

The box is the font's idea of the glyph, as a typesetter's: the advance along the baseline, the
font size across it, from the font's descent under the origin. Where the font descriptor gives
no descent, PDFium takes the font program's own. ``baseline`` is the origin's distance from the top
of the page and ``matrix`` the text matrix placed at the origin: lines are grouped by origin, not
box (:mod:`extract.parse.lines`), and a quarter-turned matrix makes a line that reads along y.
Text drawn in render mode 3 (neither filled nor stroked: the text layer an OCR program lays under
a scan) is marked ``invisible``.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from . import pdfium_calls
from .pdfium_calls import Calls

# The render mode of text that leaves no ink (PDF 32000 9.3.6).
INVISIBLE_MODE = 3
# A blank whose origin is this share of its size off a line's baseline still belongs to the line.
BLANK_BASELINE = 0.3
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class Frame:
    """How a page's user space maps to its displayed space: ``ctm`` turns by /Rotate and moves the
    media box's corner to the origin; ``x0``/``top`` put the media box where it was."""

    ctm: Matrix
    width: float
    height: float
    x0: float
    top: float
    turned: bool = False  # /Rotate 90 or 270


    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point as (x, top) on the displayed page."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.x0, self.height - (b * x + d * y + f) + self.top


def page_frame(page: Any) -> Frame:
    """The displayed frame of a PDFium page handle (its media box and /Rotate)."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        left.value, bottom.value = 0.0, 0.0
        right.value, top.value = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    x0, x1 = sorted((left.value, right.value))
    y0, y1 = sorted((bottom.value, top.value))
    rotation = pdfium_c.FPDFPage_GetRotation(page) % 4 * 90
    # pdfminer's turn of the page, which pdfplumber's coordinates (and this model's) follow.
    ctm: Matrix
    if rotation == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
    elif rotation == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rotation == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    if rotation in (90, 270):
        return Frame(ctm, y1 - y0, x1 - x0, y0, -x0, turned=True)
    return Frame(ctm, x1 - x0, y1 - y0, x0, -y0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention)."""
    a0, b0, c0, d0, e0, f0 = m
    a1, b1, c1, d1, e1, f1 = n
    return (
        a0 * a1 + b0 * c1,
        a0 * b1 + b0 * d1,
        c0 * a1 + d0 * c1,
        c0 * b1 + d0 * d1,
        e0 * a1 + f0 * c1 + e1,
        e0 * b1 + f0 * d1 + f1,
    )


def _codes(textpage: Any, count: int) -> list[int]:
    """Every glyph's code point, in one call (one per glyph where the page holds characters beyond
    the Basic Multilingual Plane, which take two UTF-16 units)."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    codes = list(buffer[:count])
    if any(0xD800 <= code <= 0xDFFF for code in codes):
        codes = [pdfium_c.FPDFText_GetUnicode(textpage, index) for index in range(count)]
    return codes


@dataclass(slots=True)
class _Run:
    """A text object's glyphs while they may still be set in vertical writing: each origin so far
    right under the one before (or, alone, an em-square box from a scaled matrix)."""

    x: float
    y: float
    items: list[tuple[int, tuple]]  # (index in the page's glyphs, the glyph's raw reading)
    em_square: bool


def _object_facts(
    calls: Calls, page: int, index: int, obj: int, frame: Frame, known_fonts: dict[int, tuple[str, float]]
) -> tuple:
    """What all glyphs of one text object share: size, font, descent, colour, matrix (as read and
    placed on the displayed page), render mode, and the box's constants along and across the
    baseline."""
    size = calls.size
    if not calls.font_size(obj, ctypes.addressof(size)):
        size[0] = 0.0
    name, descent = calls.font_facts(calls.font(obj) or 0, known_fonts)
    rgba = calls.rgba
    calls.fill(page, index, *calls.rgba_at)
    calls.matrix(page, index, ctypes.addressof(calls.matrix_abcdef))
    ma, mb, mc, md = calls.matrix_abcdef[:4]
    ca, cb, cc, cd, _, _ = frame.ctm
    font_size = size[0]
    along_x = abs(ma) >= abs(mb)
    return (
        font_size, name, descent, (rgba[0] / 255, rgba[1] / 255, rgba[2] / 255), (ma, mb, mc, md),
        calls.render_mode(obj) == INVISIBLE_MODE,
        # placed on the displayed page
        ma * ca + mb * cc, ma * cb + mb * cd, mc * ca + md * cc, mc * cb + md * cd,
        # the loose box spans the advance along the baseline: its extent over the matrix's scale
        along_x, (abs(ma) or 1.0) if along_x else (abs(mb) or 1.0),
        descent * font_size,
        # a scaled matrix: PDFium's loose box of a vertical glyph stays an unscaled em square
        abs(abs(ma) - 1.0) > 0.01 or abs(abs(md) - 1.0) > 0.01,
    )


def scan(textpage: Any, frame: Frame) -> list[dict]:
    """Every glyph PDFium found on the page, in its order; the spaces and line ends it made up are left out.

    Each glyph's box is the font's idea of it: the loose box's advance along the baseline, the
    font size across it, from the font's descent under the origin; its matrix placed on the
    displayed page: a point (u, v) of its text space is at x = e + a·u + c·v, top = f − (b·u + d·v).

    PDFium does not say which fonts write vertically; their glyphs betray it: in a text object of
    several glyphs each origin lies under the one before, and a glyph alone in its object has the
    loose box PDFium gives vertical glyphs, an em square left unscaled by the text matrix. Such
    objects' glyphs are placed again as vertical (:func:`_vertical_glyph`).
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    codes = _codes(textpage, count)
    calls = pdfium_calls.calls()
    objects: dict[int, tuple] = {}
    fonts: dict[int, tuple[str, float]] = {}
    runs: dict[int, _Run | None] = {}  # per text object: None once it is known to be horizontal
    # bound once: a page has thousands of glyphs
    object_address, origin, loose_box, unmapped = calls.text_object, calls.origin, calls.loose_box, calls.unmapped
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    point, rect = calls.point, calls.rect
    at_x, at_y, at_rect = calls.at(point), calls.at(point, 1), calls.at(rect)
    ca, cb, cc, cd, ce, cf = frame.ctm
    x_shift, height, top_shift = frame.x0, frame.height, frame.top
    out: list[dict] = []
    for index in range(count):
        key = object_address(page, index)
        if not key:
            continue  # a space or line end PDFium made up: it belongs to no text object
        known = objects.get(key)
        if known is None:
            known = objects[key] = _object_facts(calls, page, index, key, frame, fonts)
        origin(page, index, at_x, at_y)
        loose_box(page, index, at_rect)
        ox, oy = point[:]
        left, top_edge, right, bottom_edge = rect[:]
        loose_width, loose_height = right - left, top_edge - bottom_edge
        # A glyph its font gives no Unicode for: PDFium hands on the raw code, pdfminer named it (cid:N),
        # the form the text-layer check and the normalizer know.
        code = -codes[index] - 1 if unmapped(page, index) == 1 else codes[index]
        font_size, name, _, color, _, invisible, a, b, c, d, along_x, scale, v0, scaled = known
        run = runs.get(key, 0)
        if run is not None:
            raw = (code, key, known, ox, oy, loose_width, loose_height)
            if run == 0:
                em = scaled and abs(loose_width - font_size) < 0.01 and abs(loose_height - font_size) < 0.01
                runs[key] = _Run(ox, oy, [(len(out), raw)], em)
            elif abs(ox - run.x) < 0.01 and oy < run.y:
                run.x, run.y = ox, oy
                run.items.append((len(out), raw))
            else:
                runs[key] = None
        e = ox * ca + oy * cc + ce + x_shift
        f = height + top_shift - (ox * cb + oy * cd + cf)
        u1 = (loose_width if along_x else loose_height) / scale
        v1 = v0 + font_size
        x_a, top_a = e + a * 0.0 + c * v0, f - (b * 0.0 + d * v0)
        x_b, top_b = e + a * u1 + c * v1, f - (b * u1 + d * v1)
        matrix = (a, b, c, d, e, height - f + top_shift)
        out.append(_glyph(code, x_a, top_a, x_b, top_b, name, matrix, f, color, invisible))
    for run in runs.values():
        if run is not None and (len(run.items) >= 2 or run.em_square):
            for at, raw in run.items:
                out[at] = _vertical_glyph(raw, frame)
    return out


def _vertical_glyph(item: tuple, frame: Frame) -> dict:
    """One glyph of a text object set in vertical writing. PDFium's origin of such a glyph is its
    box's lower left; the box is an em square, and the origin a reader of vertical text sets it by
    lies above it, centred."""
    code, _, known, ox, oy, _, _ = item
    font_size, name, _, color, _, invisible, a, b, c, d = known[:10]
    ca, cb, cc, cd, ce, cf = frame.ctm
    e = ox * ca + oy * cc + ce + frame.x0
    f = frame.height + frame.top - (ox * cb + oy * cd + cf)
    origin_x = e + a * 0.5 * font_size + c * 0.88 * font_size
    origin_top = f - (b * 0.5 * font_size + d * 0.88 * font_size)
    x_a, top_a = e, f
    x_b, top_b = e + a * font_size + c * font_size, f - (b * font_size + d * font_size)
    matrix = (a, b, c, d, origin_x, frame.height - origin_top + frame.top)
    glyph = _glyph(code, x_a, top_a, x_b, top_b, name, matrix, origin_top, color, invisible)
    glyph["vertical"] = True  # its line runs down the page (extract.parse.lines)
    return glyph


def _glyph(
    code: int, x_a: float, top_a: float, x_b: float, top_b: float, name: str, matrix: Matrix, baseline: float,
    color: tuple, invisible: bool,
) -> dict:
    """A glyph's dict: its box from two opposite corners, its matrix placed at its origin on the
    displayed page, its origin's distance from the top (``baseline``); a negative ``code`` is one
    its font maps to no Unicode."""
    x0, x1 = (x_a, x_b) if x_a <= x_b else (x_b, x_a)
    top, bottom = (top_b, top_a) if top_b <= top_a else (top_a, top_b)
    a, b, c, d = matrix[:4]
    return {
        "text": chr(code) if code > 0 else f"(cid:{-code - 1})" if code < 0 else "",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "fontname": name,
        "size": bottom - top,
        "upright": a * d > 0 and b * c <= 0,
        "matrix": matrix,
        "baseline": baseline,
        "non_stroking_color": color,
        "invisible": invisible,
    }


def with_blanks(chars: list[dict], blanks: list[tuple[float, float, int, float]]) -> list[dict]:
    """``chars`` with a space glyph for each blank text object PDFium's text page left out.

    A blank's box runs from its origin to the next glyph or blank on its baseline (the advance PDFium
    does not give), across the height of its neighbour; it goes after the glyph that ends where it
    starts. A blank alone on its line, or where a space was read already, adds nothing.
    """
    calls, fonts = pdfium_calls.calls(), {}
    out = list(chars)
    starts = sorted((baseline, x) for x, baseline, _, _ in blanks)
    for x, baseline, font, size in sorted(blanks, key=lambda b: (b[1], b[0])):
        # a blank may sit off the line's baseline, set in another font (方正's 748 fonts)
        near = max(1.0, BLANK_BASELINE * size)
        line = [ch for ch in out if abs(ch.get("baseline", ch["bottom"]) - baseline) < near]
        if any(ch["text"].isspace() and abs(ch["x0"] - x) < 0.5 for ch in line):
            continue
        printed = [ch for ch in line if not ch["text"].isspace()]
        nxt = min((ch for ch in printed if ch["x0"] >= x - 0.5), key=lambda ch: ch["x0"], default=None)
        prev = max((ch for ch in printed if ch["x1"] <= x + 0.5), key=lambda ch: ch["x1"], default=None)
        neighbour = prev or nxt
        if neighbour is None:
            continue
        ends = [s for b, s in starts if abs(b - baseline) < near and s > x + 0.5]
        if nxt is not None and nxt["x0"] > x:
            ends.append(nxt["x0"])
        x1 = min(ends, default=x + 0.25 * size)
        name, _ = calls.font_facts(font, fonts)
        glyph = dict(neighbour, text=" ", x0=x, x1=x1, fontname=name)
        glyph["matrix"] = (*neighbour["matrix"][:4], x, neighbour["matrix"][5])
        at = out.index(prev) + 1 if prev is not None else out.index(nxt)
        out.insert(at, glyph)
    return out
