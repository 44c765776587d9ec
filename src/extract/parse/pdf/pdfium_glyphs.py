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


def font_name(raw: bytes) -> str:
    """A font's name as text: UTF-8 when it is; other bytes (GBK names of Chinese fonts) as their
    escaped repr, the form the glyph-map repairs recognise (:mod:`extract.normalize.glyph_repair`)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return repr(raw)


class _Fonts:
    """Font name and descent (in ems) per PDFium font handle: few fonts per page, many glyphs."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[str, float]] = {}

    def get(self, font: Any) -> tuple[str, float]:
        import pypdfium2.raw as pdfium_c

        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        known = self._known.get(key)
        if known is None:
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(max(size, 1))
            if size:
                pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
            descent = ctypes.c_float()
            if not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
                descent.value = 0.0
            known = self._known[key] = (font_name(buffer.value), min(0.0, descent.value))
        return known


def _vertical_objects(raw: list[tuple]) -> set[int]:
    """The text objects set in vertical writing.

    PDFium does not say which fonts write vertically; their glyphs betray it: in an object of
    several glyphs each origin lies under the one before, and a glyph alone in its object has the
    loose box PDFium gives vertical glyphs, an em square left unscaled by the text matrix.
    """
    origins: dict[int, list[tuple[float, float]]] = {}
    out = set()
    for _, key, known, ox, oy, loose_width, loose_height in raw:
        origins.setdefault(key, []).append((ox, oy))
        font_size, a, d = known[0], known[4][0], known[4][3]
        scaled = abs(abs(a) - 1.0) > 0.01 or abs(abs(d) - 1.0) > 0.01
        if scaled and abs(loose_width - font_size) < 0.01 and abs(loose_height - font_size) < 0.01:
            out.add(key)
    for key, points in origins.items():
        if len(points) >= 2 and all(
            abs(x1 - x0) < 0.01 and y1 < y0 for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)
        ):
            out.add(key)
    return out


def _address_prototype() -> Any:
    """PDFium's FPDFText_GetTextObject answering with the object's address as an int: a key for the
    glyph's object without a ctypes cast per glyph."""
    import pypdfium2.raw as pdfium_c

    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return ctypes.cast(pdfium_c.FPDFText_GetTextObject, prototype)


_OBJECT_ADDRESS: list[Any] = []  # made on first use: importing this module loads no PDFium


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


def scan(textpage: Any, frame: Frame) -> list[dict]:
    """Every glyph PDFium found on the page, in its order; the spaces and line ends it made up are left out."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    codes = _codes(textpage, count)
    fonts = _Fonts()
    objects: dict[int, tuple[float, str, float, tuple, tuple[float, float, float, float], bool]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    rect, matrix, size = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_float()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    raw: list[tuple[int, int, tuple, float, float, float, float]] = []
    # Bound once: a page has thousands of glyphs, and each call goes through ctypes.
    origin, loose_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox
    unmapped = pdfium_c.FPDFText_HasUnicodeMapError
    if not _OBJECT_ADDRESS:
        _OBJECT_ADDRESS.append(_address_prototype())
    object_address = _OBJECT_ADDRESS[0]
    for index in range(count):
        key = object_address(textpage, index)
        if not key:
            continue  # a space or line end PDFium made up: it belongs to no text object
        known = objects.get(key)
        if known is None:
            obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
            if not pdfium_c.FPDFTextObj_GetFontSize(obj, size):
                size.value = 0.0
            name, descent = fonts.get(pdfium_c.FPDFTextObj_GetFont(obj))
            pdfium_c.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
            color = (red.value / 255, green.value / 255, blue.value / 255)
            pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
            invisible = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == INVISIBLE_MODE
            known = (size.value, name, descent, color, (matrix.a, matrix.b, matrix.c, matrix.d), invisible)
            objects[key] = known
        origin(textpage, index, x, y)
        loose_box(textpage, index, rect)
        # A glyph its font gives no Unicode for: PDFium hands on the raw code, pdfminer named it (cid:N),
        # the form the text-layer check and the normalizer know.
        code = -codes[index] - 1 if unmapped(textpage, index) == 1 else codes[index]
        raw.append((code, key, known, x.value, y.value, rect.right - rect.left, rect.top - rect.bottom))
    vertical = _vertical_objects(raw) if raw else set()
    return [_glyph(item, item[1] in vertical, frame) for item in raw]


def _glyph(item: tuple, vertical: bool, frame: Frame) -> dict:
    """One glyph's dict. Its matrix, placed on the displayed page: a point (u, v) of its text space
    is at x = e + a·u + c·v, top = f − (b·u + d·v) (written out: this runs once per glyph)."""
    code, _, known, ox, oy, loose_width, loose_height = item
    font_size, name, descent, color, (ma, mb, mc, md), invisible = known
    ca, cb, cc, cd, ce, cf = frame.ctm
    a, b, c, d = ma * ca + mb * cc, ma * cb + mb * cd, mc * ca + md * cc, mc * cb + md * cd
    e = ox * ca + oy * cc + ce + frame.x0
    f = frame.height + frame.top - (ox * cb + oy * cd + cf)
    if vertical:
        # PDFium's origin of a glyph written vertically is its box's lower left; the box is an em
        # square, and the origin a reader of vertical text sets it by lies above it, centred.
        u0, v0, u1, v1 = 0.0, 0.0, font_size, font_size
        origin_x = e + a * 0.5 * font_size + c * 0.88 * font_size
        origin_top = f - (b * 0.5 * font_size + d * 0.88 * font_size)
    else:
        # The loose box spans the advance along the baseline: its extent over the matrix's scale.
        if abs(ma) >= abs(mb):
            advance = loose_width / (abs(ma) or 1.0)
        else:
            advance = loose_height / (abs(mb) or 1.0)
        u0, v0 = 0.0, descent * font_size
        u1, v1 = advance, v0 + font_size
        origin_x, origin_top = e, f
    x_a, top_a = e + a * u0 + c * v0, f - (b * u0 + d * v0)
    x_b, top_b = e + a * u1 + c * v1, f - (b * u1 + d * v1)
    x0, x1 = (x_a, x_b) if x_a <= x_b else (x_b, x_a)
    top, bottom = (top_b, top_a) if top_b <= top_a else (top_a, top_b)
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
        "matrix": (a, b, c, d, origin_x, frame.height - origin_top + frame.top),
        "baseline": origin_top,
        "non_stroking_color": color,
        "invisible": invisible,
    }


def with_blanks(chars: list[dict], blanks: list[tuple[float, float, Any, float]]) -> list[dict]:
    """``chars`` with a space glyph for each blank text object PDFium's text page left out.

    A blank's box runs from its origin to the next glyph or blank on its baseline (the advance PDFium
    does not give), across the height of its neighbour; it goes after the glyph that ends where it
    starts. A blank alone on its line, or where a space was read already, adds nothing.
    """
    fonts = _Fonts()
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
        name, _ = fonts.get(font)
        glyph = dict(neighbour, text=" ", x0=x, x1=x1, fontname=name)
        glyph["matrix"] = (*neighbour["matrix"][:4], x, neighbour["matrix"][5])
        at = out.index(prev) + 1 if prev is not None else out.index(nxt)
        out.insert(at, glyph)
    return out
