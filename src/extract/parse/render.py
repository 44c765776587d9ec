"""Pages of a PDF as images, for reading them by OCR (pypdfium2, which pdfplumber brings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def open_document(path: Path, password: str | None = None) -> Any:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path), password=password or None)


def render_page(document: Any, number: int, dpi: float) -> np.ndarray:
    """Page ``number`` (1-based) at ``dpi`` as a BGR image (the OCR engine's and OpenCV's order),
    with the page's own /Rotate applied, as pdfplumber's page size has it."""
    page = document[number - 1]
    try:
        bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255))
        image = bitmap.to_numpy()
    finally:
        page.close()
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    return np.ascontiguousarray(image[:, :, :3])
