"""Single glyphs of a PDF read by their shape: each rendered alone and recognised without detection.

A glyph is rendered from its character box only (pypdfium2, the page cut to the box, so that
its neighbours' ink stays out), set on white with a margin and scaled to the recogniser's
height; the recogniser (PP-OCRv4, :mod:`.engine`) then reads that one image. Detection is
skipped: one glyph is one known box, and the detector finds nothing in a lone bracket.
Each glyph is read at two margins and the more confident reading kept: a lone mark is
read better with room around it, a stroke-heavy ideograph with less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...errors import check_deadline
from ...model import Box
from ..pdf.render import open_document

# The recogniser's input height (pixels); the glyph's box is rendered at about this height.
GLYPH_PX = 40
# Margins tried around a glyph, as a share of its height.
MARGINS = (0.1, 0.3)
# Glyph images recognised at a time, between checks of the document's time limit.
CHUNK = 64


def _render_glyph(page: object, box: Box, px: int = GLYPH_PX) -> np.ndarray | None:
    width, height = page.get_size()  # type: ignore[attr-defined]
    if box.height <= 0 or box.width <= 0 or box.x1 > width + 1 or box.bottom > height + 1:
        return None
    scale = px / box.height
    crop = (max(box.x0, 0.0), max(height - box.bottom, 0.0), max(width - box.x1, 0.0), max(box.top, 0.0))
    bitmap = page.render(scale=scale, crop=crop, fill_color=(255, 255, 255, 255))  # type: ignore[attr-defined]
    image = bitmap.to_numpy()
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    return np.ascontiguousarray(image[:, :, :3])


def _framed(image: np.ndarray, margin: float) -> np.ndarray:
    pad = max(1, int(round(margin * image.shape[0])))
    out = np.full((image.shape[0] + 2 * pad, image.shape[1] + 2 * pad, 3), 255, np.uint8)
    out[pad : pad + image.shape[0], pad : pad + image.shape[1]] = image
    return out


@dataclass(frozen=True, slots=True)
class GlyphReading:
    """What the recogniser read in a glyph's box, how sure it was, and where the ink sits across the
    box (0 left edge, 1 right edge): a full-width quote mark is told by its side, ” left and “ right."""

    text: str
    confidence: float
    ink_x: float


def _ink_x(image: np.ndarray) -> float:
    dark = image.min(axis=2) < 128
    columns = dark.sum(axis=0)
    total = int(columns.sum())
    if total == 0:
        return 0.5
    return float((columns * (np.arange(len(columns)) + 0.5)).sum() / total / len(columns))


def read_glyphs(
    path: Path, glyphs: Sequence[tuple[int, Box]], password: str | None = None
) -> list[GlyphReading | None]:
    """Per glyph (1-based page, character box in PDF points, top-left origin as pdfplumber gives),
    the recogniser's reading; None for a glyph that left no ink or was not read."""
    from .engine import engine

    if not glyphs:
        return []
    document = open_document(path, password)
    images: list[list[np.ndarray]] = []
    inks: list[float] = []
    try:
        pages: dict[int, object] = {}
        for number, box in glyphs:
            if number not in pages:
                pages[number] = document[number - 1]
            image = _render_glyph(pages[number], box)
            if image is None or int(image.min()) > 160:
                images.append([])  # nothing printed there
                inks.append(0.5)
                continue
            images.append([_framed(image, m) for m in MARGINS])
            inks.append(_ink_x(image))
        for page in pages.values():
            page.close()  # type: ignore[attr-defined]
    finally:
        document.close()
    flat = [img for group in images for img in group]
    readings: list[tuple[str, float]] = []
    for at in range(0, len(flat), CHUNK):
        check_deadline()  # a font read in full is hundreds of glyphs: the document's time limit holds
        chunk, _ = engine().text_rec(flat[at : at + CHUNK])
        readings.extend(chunk)
    out: list[GlyphReading | None] = []
    at = 0
    for group, ink in zip(images, inks, strict=True):
        tried = [(str(text), float(score)) for text, score in readings[at : at + len(group)]]
        at += len(group)
        tried = [t for t in tried if t[0].strip()]
        best = max(tried, key=lambda t: t[1]) if tried else None
        out.append(GlyphReading(best[0], best[1], round(ink, 3)) if best else None)
    return out
