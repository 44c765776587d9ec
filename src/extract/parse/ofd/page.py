"""One OFD page into the page model: lines in reading order, visible rules, ruled tables, seals.

The glyphs and paths come placed on the page (:mod:`.graphics`); from there the page is built as a
PDF page is: visible paths give the rules (:mod:`.rules`), rules the tables, the glyphs outside
tables lines by baseline read column by column (:mod:`extract.parse.lines`,
:mod:`extract.parse.columns`). A picture the size and shape of a seal whose ink is coloured (a red or
blue stamp, not a black-and-white logo or photograph) is recorded as a seal, beside the stamps of
annotations and signatures.
"""

from __future__ import annotations

import io

from ...model import Box, Page
from ..columns import reading_order
from ..lines import cluster_rows, lines_of
from ..table_notes import attach_notes
from .document import OfdPage
from .graphics import MM, ImageShape
from .package import Package
from .rules import place_in_tables, rulings, visible

MIN_RULES_FOR_TABLE = 4
# A seal is a stamp 2 to 7 cm across, round, oval or square.
SEAL_MIN_PT = 20 * MM
SEAL_MAX_PT = 70 * MM
SEAL_ASPECT = 1.6
# Of a seal's inked pixels, at least this share is strongly coloured (red or blue ink).
SEAL_COLOURED = 0.5


def image_share(images: list[ImageShape], width: float, height: float) -> float:
    covered = 0.0
    for image in images:
        x0, top, x1, bottom = image.box
        w = min(x1, width) - max(x0, 0.0)
        h = min(bottom, height) - max(top, 0.0)
        if w > 0 and h > 0:
            covered += w * h
    return round(min(1.0, covered / (width * height)), 3) if width > 0 and height > 0 else 0.0


def build_page(page: OfdPage) -> Page:
    """The page model of one OFD page."""
    number, width, height = page.number, page.width, page.height
    shapes = visible(page.drawing.paths, width, height)
    found = rulings(shapes)
    glyphs = page.drawing.glyphs
    tables = []
    if len(found) >= MIN_RULES_FOR_TABLE:
        tables, glyphs = place_in_tables(number, found, glyphs)
    result = Page(
        number=number,
        width=width,
        height=height,
        lines=lines_of(number, reading_order(cluster_rows(glyphs))),
        rulings=found,
        tables=tables,
        image_share=image_share(page.drawing.images, width, height),
    )
    attach_notes(result)
    return result


def seal_boxes(package: Package, page: OfdPage) -> list[Box]:
    """The page's seals: stamps of annotations and signatures, and seal-like coloured pictures."""
    boxes = [Box(*b) for b in page.seals]
    for image in page.drawing.images:
        x0, top, x1, bottom = image.box
        w, h = x1 - x0, bottom - top
        if not (SEAL_MIN_PT <= min(w, h) and max(w, h) <= SEAL_MAX_PT and max(w, h) <= SEAL_ASPECT * min(w, h)):
            continue
        if image.part and package.has(image.part) and _coloured_ink(package.read(image.part, "image")):
            boxes.append(Box(x0, top, x1, bottom))
    return boxes


def _coloured_ink(data: bytes) -> bool:
    """Whether most of a picture's ink (pixels neither white nor transparent) is strongly coloured."""
    import numpy as np
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.thumbnail((200, 200))
            rgba = np.asarray(img.convert("RGBA"), dtype=np.int16)
    except Exception:  # noqa: BLE001 - a picture PIL cannot read is not judged a seal
        return False
    rgb, alpha = rgba[:, :, :3], rgba[:, :, 3]
    ink = (alpha > 32) & (rgb.min(axis=2) < 200)
    if ink.sum() < 50:
        return False
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    return float((spread[ink] > 80).mean()) >= SEAL_COLOURED
