"""Text that is only vector outlines (a 版头 drawn as paths), read by OCR of the outlines alone.

Some producers convert the 版头's typeface to paths: the issuer then exists in no text layer (and the
metadata title, which often names a stale template, is no substitute). Filled paths that are neither
rules nor covered by text, glyph-tall and standing in a row, are drawn black on white (even-odd, as
outlines are filled) and read by the OCR engine; the readings become lines of the page with
``origin="ocr"``, in the outlines' colour. Without the engine (or with OCR off) the text stays
missing and the notice reports the field as not found.
"""

from __future__ import annotations

from typing import Any

from ...model import Line, Page
from ..lines import color_hex
from .document import OfdPage
from .graphics import PathShape
from .render import shape_mask
from .rules import rules_of, visible

# Outline glyphs of a 版头 or title: between 5 pt and a few centimetres tall.
MIN_HEIGHT = 5.0
MAX_HEIGHT = 120.0
# An outline is a glyph when it has many points (a rectangle or a circle is not).
MIN_POINTS = 12
# Two outlines stand in one row when they overlap vertically by this share of the smaller.
ROW_OVERLAP = 0.5
# Rows are drawn this tall (pixels) for the recogniser, which reads lines 48 pixels high.
GLYPH_PX = 40
# Items of a row set further apart than this many row heights are read apart.
GAP = 1.5
# Outlines are drawn this many times finer and scaled down: the grey edges of anti-aliasing read
# far better than jagged black (自 is otherwise taken for 白).
SUPERSAMPLE = 4
PAD = 0.15  # of the row's height, around the crop, as the detector's boxes leave
MIN_CONFIDENCE = 0.75


def _glyph_boxes(page: OfdPage) -> list[tuple[float, float, float, float]]:
    return [(g["x0"], g["top"], g["x1"], g["bottom"]) for g in page.drawing.glyphs if not g["text"].isspace()]


def _candidates(page: OfdPage) -> tuple[list[PathShape], list[PathShape]]:
    """Filled paths that may be glyph outlines: the glyph-tall, many-pointed ones that seed rows, and
    all of them (rows take their small letters and dots from these)."""
    shapes = visible(page.drawing.paths, page.width, page.height)
    glyphs = _glyph_boxes(page)
    seeds, fill = [], []
    for shape in shapes:
        if not shape.fill or rules_of(shape):
            continue
        x0, top, x1, bottom = shape.box
        if bottom - top > MAX_HEIGHT:
            continue
        if any(gx0 < x1 and x0 < gx1 and gt < bottom and top < gb for gx0, gt, gx1, gb in glyphs):
            continue  # text is printed there: the path is a decoration or a seal, not lost text
        fill.append(shape)
        if bottom - top >= MIN_HEIGHT and sum(len(s) for s in shape.subpaths) >= MIN_POINTS:
            seeds.append(shape)
    return seeds, fill


def _mixed(row: list[PathShape], glyphs: list[tuple[float, float, float, float]]) -> bool:
    """Text glyphs stand in the row's band: the outlines are a few letters of a line that is text
    (a journal's footer with some letters drawn), not a line drawn only as outlines."""
    x0, x1 = min(s.box[0] for s in row), max(s.box[2] for s in row)
    top, bottom = min(s.box[1] for s in row), max(s.box[3] for s in row)
    mid = (top + bottom) / 2
    return any(gx0 < x1 and x0 < gx1 and gt < mid < gb for gx0, gt, gx1, gb in glyphs)


def _rows(shapes: list[PathShape], fill: list[PathShape]) -> list[list[PathShape]]:
    """Outlines standing in rows (seeded by glyph-tall ones); each row then takes the smaller outlines
    in its band (an x-height letter, a dot) from ``fill``."""
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
    rows = [r for r in rows if len(r) >= 2 or (r[0].box[2] - r[0].box[0]) >= 2 * (r[0].box[3] - r[0].box[1])]
    for row in rows:
        rt, rb = min(s.box[1] for s in row), max(s.box[3] for s in row)
        band = [s for s in fill if rt - 0.1 <= s.box[1] and s.box[3] <= rb + 0.1]
        held = {id(s) for s in row}
        grown = True
        while grown:  # the row reaches out to its neighbours a glyph's width away, and on from them
            x0, x1 = min(s.box[0] for s in row), max(s.box[2] for s in row)
            more = [s for s in band if id(s) not in held and x0 - (rb - rt) <= s.box[2] and s.box[0] <= x1 + (rb - rt)]
            held.update(id(s) for s in more)
            row.extend(more)
            grown = bool(more)
        row.sort(key=lambda s: s.box[0])
    return rows


def _segments(row: list[PathShape]) -> list[list[PathShape]]:
    """A row cut where its outlines leave a gap wider than the row is tall (items set apart)."""
    height = max(s.box[3] for s in row) - min(s.box[1] for s in row)
    out = [[row[0]]]
    for shape in row[1:]:
        if shape.box[0] - max(s.box[2] for s in out[-1]) > GAP * height:
            out.append([])
        out[-1].append(shape)
    return out


def _draw(shapes: list[PathShape], scale: float) -> Any:
    """The outlines black on white, anti-aliased (``scale`` pixels per point), around their box."""
    import cv2
    import numpy as np

    fine = scale * SUPERSAMPLE
    x0, top = min(s.box[0] for s in shapes), min(s.box[1] for s in shapes)
    x1, bottom = max(s.box[2] for s in shapes), max(s.box[3] for s in shapes)
    pad = PAD * (bottom - top)
    ox, oy = x0 - pad, top - pad
    width = (int((x1 - x0 + 2 * pad) * scale) + 1) * SUPERSAMPLE
    height = (int((bottom - top + 2 * pad) * scale) + 1) * SUPERSAMPLE
    ink = np.zeros((height, width), dtype=np.uint8)
    for shape in shapes:
        mask, left, upper = shape_mask(shape, fine, ox, oy)
        view = ink[upper : upper + mask.shape[0], left : left + mask.shape[1]]
        view |= mask[: view.shape[0], : view.shape[1]]
    fine_image = np.where(ink > 0, 0, 255).astype(np.uint8)
    image = cv2.resize(fine_image, (width // SUPERSAMPLE, height // SUPERSAMPLE), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))


def outline_rows(ofd_page: OfdPage) -> list[list[PathShape]]:
    """The page's rows of text drawn only as outlines."""
    glyphs = _glyph_boxes(ofd_page)
    seeds, fill = _candidates(ofd_page)
    return [row for row in _rows(seeds, fill) if not _mixed(row, glyphs)]


def read_outline_text(ofd_page: OfdPage, page: Page) -> list[Line]:
    """Lines read from the page's outline text, added to ``page`` in reading position; the lines added.

    The outlines' places are known, so only the recogniser runs (no text detection): each row's
    items are drawn alone and read.
    """
    rows = outline_rows(ofd_page)
    if not rows:
        return []
    try:
        from ..ocr.engine import TextBox, engine
        from ..ocr.lines import to_lines
    except ImportError:  # the OCR engine is not installed: the outline text stays missing, and is reported
        page.unread_outlines = len(rows)
        return []
    recogniser = engine()
    added: list[Line] = []
    for row in rows:
        pieces = _segments(row)
        height = max(s.box[3] for s in row) - min(s.box[1] for s in row)
        images = [_draw(piece, GLYPH_PX / max(height, 1.0)) for piece in pieces]
        readings, _ = recogniser.text_rec(images)
        boxes = []
        for piece, (text, score) in zip(pieces, readings, strict=True):
            if text.strip() and score >= MIN_CONFIDENCE:
                x0, top = min(s.box[0] for s in piece), min(s.box[1] for s in piece)
                x1, bottom = max(s.box[2] for s in piece), max(s.box[3] for s in piece)
                boxes.append(TextBox(((x0, top), (x1, top), (x1, bottom), (x0, bottom)), text, float(score), False))
        added += to_lines(page.number, boxes, 1.0, color_hex(row[0].fill_colour))
    for line in added:
        at = next((i for i, old in enumerate(page.lines) if old.box.top > line.box.top), len(page.lines))
        page.lines.insert(at, line)
    return added
