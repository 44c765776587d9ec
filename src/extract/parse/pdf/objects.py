"""Drawings and images of a page, read by PDFium in painting order, Form XObjects entered.

A drawing is one subpath of a painted path, classified the way pdfplumber classifies it — a
``line`` (one segment), a ``rect`` (four axis-parallel sides, closed) or a ``curve`` — as a dict
with pdfplumber's keys (box, ``linewidth``, ``stroke`` and ``fill`` with their colours, ``pts`` of
a curve), so that its table geometry can take the visible ones as edges
(:mod:`extract.parse.pdf.rules`). PDFium also knows the clip path in force when the path was
painted: a drawing the clip hides whole (``clipped``) leaves no ink, which pdfminer could not tell.

An image is its box on the page, its size in pixels and the resolution that gives (dots per inch,
across and down), for seals and for reading a scan from its own pixels.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...model import Box, PageImage
from . import pdfium_calls
from .pdfium_calls import Calls
from .pdfium_glyphs import Frame, Matrix, multiply

# PDFium's object and segment types (fpdf_edit.h).
_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
# Form XObjects nested deeper than this are not entered (a hostile file can nest without end).
MAX_FORM_DEPTH = 12
# A drawing whose box overlaps the clip region by less than this (points) in either direction is hidden.
CLIP_SLACK = 0.5


def _matrix(obj: Any) -> Matrix:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _object_matrix(calls: Calls, obj: int) -> Matrix:
    matrix = calls.matrix_abcdef
    if not calls.object_matrix(obj, ctypes.addressof(matrix)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    a, b, c, d, e, f = matrix[:]
    return (a, b, c, d, e, f)


def walk(page: Any) -> Iterator[tuple[int, int, Matrix]]:
    """Every object of the page in painting order (its address), with its type and the matrix from
    its parent's space to the page's user space (identity at the top; a form's own matrix inside it)."""
    calls = pdfium_calls.calls()
    identity: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    address = ctypes.cast(page, ctypes.c_void_p).value
    page_object, object_type = calls.page_object, calls.object_type
    for i in range(calls.count_objects(address)):
        obj = page_object(address, i) or 0
        kind = object_type(obj)
        if kind != _FORM:
            yield obj, kind, identity
        else:
            yield from _walk_form(calls, obj, identity, 0)


def _walk_form(calls: Calls, form: int, parent: Matrix, depth: int) -> Iterator[tuple[int, int, Matrix]]:
    if depth >= MAX_FORM_DEPTH:
        return
    inner = multiply(_object_matrix(calls, form), parent)
    for i in range(calls.count_form_objects(form)):
        obj = calls.form_object(form, i) or 0
        kind = calls.object_type(obj)
        if kind != _FORM:
            yield obj, kind, inner
        else:
            yield from _walk_form(calls, obj, inner, depth + 1)


def _segments(count: int, get: Any) -> list[tuple[str, float, float]]:
    """A path's segments as pdfminer's operators (m, l, c, h) with their end points."""
    import pypdfium2.raw as pdfium_c

    ops: list[tuple[str, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    start = (0.0, 0.0)
    bezier = 0
    for i in range(count):
        seg = get(i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (x.value, y.value)
        if kind == _MOVETO:
            ops.append(("m", *point))
            start = point
        elif kind == _LINETO:
            ops.append(("l", *point))
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # a curve is three segments: two control points and its end
                ops.append(("c", *point))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            ops.append(("h", *start))
    return ops


def _subpaths(ops: list[tuple[str, float, float]]) -> Iterator[list[tuple[str, float, float]]]:
    current: list[tuple[str, float, float]] = []
    for op in ops:
        if op[0] == "m" and current:
            yield current
            current = []
        current.append(op)
    if current:
        yield current


def _color(obj: Any, getter: Any) -> tuple[float, float, float]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return (0.0, 0.0, 0.0)
    return (r.value / 255, g.value / 255, b.value / 255)


def _clip_box(obj: Any, to_page: Matrix, frame: Frame) -> Box | None:
    """The box that the clip paths in force when ``obj`` was painted leave visible, or None (no clip)."""
    import pypdfium2.raw as pdfium_c

    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    paths = pdfium_c.FPDFClipPath_CountPaths(clip)
    region: Box | None = None
    for p in range(max(paths, 0)):
        count = pdfium_c.FPDFClipPath_CountPathSegments(clip, p)
        ops = _segments(count, lambda i, p=p: pdfium_c.FPDFClipPath_GetPathSegment(clip, p, i)) if count > 0 else []
        if not ops:
            continue
        points = [frame.point(*_apply(to_page, x, y)) for _, x, y in ops]
        box = Box(min(x for x, _ in points), min(t for _, t in points), max(x for x, _ in points),
                  max(t for _, t in points))
        if region is None:
            region = box
        else:
            region = Box(max(region.x0, box.x0), max(region.top, box.top), min(region.x1, box.x1),
                         min(region.bottom, box.bottom))
    return region


def _hidden_by(clip: Box | None, x0: float, top: float, x1: float, bottom: float) -> bool:
    if clip is None:
        return False
    return (
        min(x1, clip.x1) - max(x0, clip.x0) < -CLIP_SLACK
        or min(bottom, clip.bottom) - max(top, clip.top) < -CLIP_SLACK
    )


def _drawing(ops: list[tuple[str, float, float]], to_page: Matrix, frame: Frame, style: dict) -> dict | None:
    """One painted subpath as pdfplumber's line, rect or curve dict, or None when it is not a shape."""
    shape = "".join(op[0] for op in ops)
    if not shape.startswith("m"):
        return None
    pts = [frame.point(*_apply(to_page, x, y)) for _, x, y in ops]
    # pdfminer drops a redundant "l" on a path closed with "h"
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    kind = "curve"
    if shape in ("ml", "mlh"):
        kind, pts = "line", pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            kind = "rect"
    xs = [x for x, _ in pts]
    tops = [t for _, t in pts]
    item = {
        "x0": min(xs),
        "x1": max(xs),
        "top": min(tops),
        "bottom": max(tops),
        "doctop": min(tops),
        "object_type": kind,
        "y0": frame.height - max(tops),
        "y1": frame.height - min(tops),
        "width": max(xs) - min(xs),
        "height": max(tops) - min(tops),
        **style,
    }
    if kind == "curve":
        item["pts"] = pts
    return item


@dataclass(slots=True)
class Skipped:
    """The text objects of a page PDFium's text page leaves out, having no width.

    PDFium skips a text object whose glyphs have no boxes. In a font the PDF embeds that is a run of
    blanks (a space set alone, as word processors do between a Chinese run and digits): ``blanks``
    holds each one's origin on the displayed page, font name and size, so that the space the PDF
    prints is read as printed. In a font it does not embed it may be text PDFium has no glyphs for
    (a CJK font on a machine without one): ``lost`` counts those.
    """

    blanks: list[tuple[float, float, int, float]] = field(default_factory=list)  # x, baseline, font, size
    lost: int = 0


def _skipped_text(calls: Calls, obj: int, parent: Matrix, frame: Frame, skipped: Skipped) -> int:
    """Record ``obj`` in ``skipped`` when PDFium's text page leaves it out; how many were lost (0 or 1)."""
    bounds = calls.rect
    if not calls.bounds(obj, *calls.bounds_at):
        return 0
    left, _, right, _ = bounds[:]
    if abs(right - left) >= 0.01:
        return 0
    font = calls.font(obj)
    if not font:
        return 0
    if not calls.embedded(font):
        return 1
    size = calls.size
    if not calls.font_size(obj, ctypes.addressof(size)):
        return 0
    m = multiply(_object_matrix(calls, obj), parent)
    x, y = frame.point(m[4], m[5])
    scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
    skipped.blanks.append((x, y, font, size[0] * scale))
    return 0


def scan(page: Any, frame: Frame) -> tuple[list[dict], list[PageImage], Skipped]:
    """(drawings, images, text objects the text page skips) of a PDFium page handle, in painting order."""
    import pypdfium2.raw as pdfium_c

    calls = pdfium_calls.calls()
    drawn: list[dict] = []
    images: list[PageImage] = []
    skipped = Skipped()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    for address, kind, parent in walk(page):
        if kind == _TEXT:
            skipped.lost += _skipped_text(calls, address, parent, frame, skipped)
            continue
        if kind not in (_IMAGE, _PATH):
            continue
        obj = pdfium_calls.handle(address, pdfium_c.FPDF_PAGEOBJECT)
        if kind == _IMAGE:
            image = _image(obj, parent, frame)
            if image is not None:
                images.append(image)
            continue
        if kind != _PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            continue
        if not fill_mode.value and not stroke.value:
            continue  # a clipping path, or one ended with ``n``: nothing painted
        if not pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width):
            width.value = 0.0
        style = {
            "linewidth": width.value,
            "fill": bool(fill_mode.value),
            "stroke": bool(stroke.value),
            "stroking_color": _color(obj, pdfium_c.FPDFPageObj_GetStrokeColor),
            "non_stroking_color": _color(obj, pdfium_c.FPDFPageObj_GetFillColor),
        }
        to_page = multiply(_matrix(obj), parent)
        count = pdfium_c.FPDFPath_CountSegments(obj)
        ops = _segments(count, lambda i, obj=obj: pdfium_c.FPDFPath_GetPathSegment(obj, i)) if count > 0 else []
        clip = _clip_box(obj, parent, frame)
        for sub in _subpaths(ops):
            item = _drawing(sub, to_page, frame, style)
            if item is None:
                continue
            item["clipped"] = _hidden_by(clip, item["x0"], item["top"], item["x1"], item["bottom"])
            drawn.append(item)
    return drawn, images, skipped


def _image(obj: Any, parent: Matrix, frame: Frame) -> PageImage | None:
    import pypdfium2.raw as pdfium_c

    corners = [frame.point(*_apply(multiply(_matrix(obj), parent), x, y)) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs = [x for x, _ in corners]
    tops = [t for _, t in corners]
    box = Box(min(xs), min(tops), max(xs), max(tops))
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
        w.value, h.value = 0, 0
    # Across and down as the image is drawn: a quarter-turned image's pixel rows run down the page.
    a, b, _, _, _, _ = multiply(_matrix(obj), parent)
    turned = abs(b) > abs(a)
    across, down = (h.value, w.value) if turned else (w.value, h.value)
    dpi_x = across / (box.width / 72) if box.width > 0 else 0.0
    dpi_y = down / (box.height / 72) if box.height > 0 else 0.0
    return PageImage(box, w.value, h.value, round(dpi_x, 1), round(dpi_y, 1))


def image_share(images: list[PageImage], width: float, height: float) -> float:
    """The share of the page's area its images cover, each clipped to the page; a scan split into
    strips counts whole."""
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for image in images:
        w = min(image.box.x1, width) - max(image.box.x0, 0.0)
        h = min(image.box.bottom, height) - max(image.box.top, 0.0)
        if w > 0 and h > 0:
            covered += w * h
    return round(min(1.0, covered / (width * height)), 3)
