"""Text that is only vector outlines (a 版头 drawn as paths), read by OCR of the outlines alone.

Some producers convert the 版头's typeface to paths: the issuer then exists in no text layer (and the
metadata title, which often names a stale template, is no substitute). Filled paths that are neither
rules nor covered by text, glyph-tall and standing in a row, are drawn black on white (even-odd, as
outlines are filled) and read by the OCR engine; the readings become lines of the page with
``origin="ocr"``, in the outlines' colour. Without the engine (or with OCR off) the text stays
missing and the notice reports the field as not found.
"""

from __future__ import annotations

from ...model import Line, Page
from ..lines import color_hex
from .document import OfdPage
from .graphics import PathShape
from .rules import rules_of, visible

# Outline glyphs of a 版头 or title: between 5 pt and a few centimetres tall.
MIN_HEIGHT = 5.0
MAX_HEIGHT = 120.0
# An outline is a glyph when it has many points (a rectangle or a circle is not).
MIN_POINTS = 12
# Two outlines stand in one row when they overlap vertically by this share of the smaller.
ROW_OVERLAP = 0.5
DPI = 150
# Outlines are drawn this many times finer and scaled down: the grey edges of anti-aliasing read
# far better than jagged black (自 is otherwise taken for 白).
SUPERSAMPLE = 4
PAD = 0.3  # of the row's height, around the crop, so the detector sees whole characters
MIN_CONFIDENCE = 0.75


def _candidates(page: OfdPage) -> list[PathShape]:
    shapes = visible(page.drawing.paths, page.width, page.height)
    glyphs = [(g["x0"], g["top"], g["x1"], g["bottom"]) for g in page.drawing.glyphs if not g["text"].isspace()]
    out = []
    for shape in shapes:
        if not shape.fill or rules_of(shape):
            continue
        x0, top, x1, bottom = shape.box
        if not MIN_HEIGHT <= bottom - top <= MAX_HEIGHT or sum(len(s) for s in shape.subpaths) < MIN_POINTS:
            continue
        if any(gx0 < x1 and x0 < gx1 and gt < bottom and top < gb for gx0, gt, gx1, gb in glyphs):
            continue  # text is printed there: the path is a decoration or a seal, not lost text
        out.append(shape)
    return out


def _rows(shapes: list[PathShape]) -> list[list[PathShape]]:
    rows: list[list[PathShape]] = []
    for shape in sorted(shapes, key=lambda s: (s.box[1], s.box[0])):
        _, top, _, bottom = shape.box
        for row in rows:
            rt, rb = min(s.box[1] for s in row), max(s.box[3] for s in row)
            if min(bottom, rb) - max(top, rt) >= ROW_OVERLAP * min(bottom - top, rb - rt):
                row.append(shape)
                break
        else:
            rows.append([shape])
    # a lone outline as wide as two glyphs is a word; one glyph alone is more likely a logo
    return [row for row in rows if len(row) >= 2 or (row[0].box[2] - row[0].box[0]) >= 2 * (row[0].box[3] - row[0].box[1])]


def _draw(row: list[PathShape], scale: float) -> tuple[object, float, float]:
    """The row's outlines black on white, anti-aliased (pixels of ``scale`` per point); the crop's origin in points."""
    import cv2
    import numpy as np

    fine = scale * SUPERSAMPLE

    x0 = min(s.box[0] for s in row)
    top = min(s.box[1] for s in row)
    x1 = max(s.box[2] for s in row)
    bottom = max(s.box[3] for s in row)
    pad = PAD * (bottom - top)
    ox, oy = x0 - pad, top - pad
    width = (int((x1 - x0 + 2 * pad) * scale) + 1) * SUPERSAMPLE
    height = (int((bottom - top + 2 * pad) * scale) + 1) * SUPERSAMPLE
    ink = np.zeros((height, width), dtype=np.uint8)
    for shape in row:
        mask = np.zeros_like(ink)
        for sub in shape.subpaths:
            pts = np.array([[(x - ox) * fine, (y - oy) * fine] for x, y in sub], dtype=np.int32)
            layer = np.zeros_like(ink)
            cv2.fillPoly(layer, [pts], 1)
            mask ^= layer  # even-odd: a counter (the hole of 口) is cut out of its glyph
        ink |= mask
    fine_image = np.where(ink > 0, 0, 255).astype(np.uint8)
    size = (width // SUPERSAMPLE, height // SUPERSAMPLE)
    image = cv2.resize(fine_image, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2)), ox, oy


def read_outline_text(ofd_page: OfdPage, page: Page) -> list[Line]:
    """Lines read from the page's outline text, added to ``page`` in reading position; the lines added."""
    rows = _rows(_candidates(ofd_page))
    if not rows:
        return []
    try:
        from ..ocr.engine import TextBox, read_turned
        from ..ocr.lines import to_lines
    except ImportError:  # the OCR engine is not installed: the outline text stays missing
        return []
    scale = DPI / 72.0
    added: list[Line] = []
    for row in rows:
        image, ox, oy = _draw(row, scale)
        shift_x, shift_y = ox * scale, oy * scale
        boxes = [
            TextBox(tuple((x + shift_x, y + shift_y) for x, y in b.quad), b.text, b.confidence, b.flipped)
            for b in read_turned(image, 0)
            if b.confidence >= MIN_CONFIDENCE
        ]
        added += to_lines(page.number, boxes, 1 / scale, color_hex(row[0].fill_colour))
    for line in added:
        at = next((i for i, old in enumerate(page.lines) if old.box.top > line.box.top), len(page.lines))
        page.lines.insert(at, line)
    return added
