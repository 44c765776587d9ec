"""Pages of a PDF as images, for reading them by OCR (pypdfium2, which pdfplumber brings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def open_document(path: Path, password: str | None = None) -> Any:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path), password=password or None)


# A page image's longer side is kept within this many pixels: a page declared metres wide (a
# damaged or hostile PDF) would otherwise take gigabytes, and the detector scales down to 2,000 anyway.
MAX_SIDE_PX = 5000


def render_page(document: Any, number: int, dpi: float) -> tuple[np.ndarray, float]:
    """Page ``number`` (1-based) as a BGR image (the OCR engine's and OpenCV's order), with the
    page's own /Rotate applied, as pdfplumber's page size has it; and the points per pixel.

    ``dpi`` is lowered for a page too large to render at it (see :data:`MAX_SIDE_PX`).
    """
    page = document[number - 1]
    try:
        width, height = page.get_size()
        scale = min(dpi / 72, MAX_SIDE_PX / max(width, height, 1.0))
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
        image = bitmap.to_numpy()
    finally:
        page.close()
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    return np.ascontiguousarray(image[:, :, :3]), 1 / scale
