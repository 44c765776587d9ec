"""What OCR made of a document's pages: the ``ocr`` block of ``quality.json`` (pages read, their turns,
tilts and sheets laid flat, how their pixels were taken, the engine's confidence, the doubtful lines
and values) and the pages it could not read, which make the document ``partial``."""

from __future__ import annotations

from typing import Any

from ..model import Document, Line, Page
from .doubtful import doubtful_values

# OCR lines read with less confidence than this are listed for a person to check.
LOW_CONFIDENCE = 0.8


def ocr_report(doc: Document) -> dict[str, Any]:
    """Pages read by OCR, the engine's mean and lowest line confidence, and the doubtful lines
    (below :data:`LOW_CONFIDENCE`) with page and box; empty for a document read from its text."""
    pages = [page for page in (doc.parsed.pages if doc.parsed else []) if page.ocr]
    if not pages:
        return {}
    lines = [line for page in pages for line in _page_ocr_lines(page)]
    values = [line.confidence for line in lines if line.confidence is not None]
    low = sorted((ln for ln in lines if ln.confidence is not None and ln.confidence < LOW_CONFIDENCE),
                 key=lambda ln: (ln.page, ln.box.top, ln.box.x0))
    return {
        "ocr": {
            "pages": [page.number for page in pages],
            "rotated_pages": {str(page.number): page.rotation for page in pages if page.rotation},
            "straightened_pages": {str(page.number): page.tilt for page in pages if page.tilt},
            "flattened_pages": {
                str(page.number): [[round(x, 2), round(y, 2)] for x, y in page.sheet] for page in pages if page.sheet
            },
            "read_at": {
                str(page.number): {"dpi": page.ocr_dpi, "source": "image" if page.ocr_native else "render"}
                for page in pages
            },
            "lines": len(lines),
            "mean_confidence": round(sum(values) / len(values), 4) if values else None,
            "min_confidence": round(min(values), 4) if values else None,
            "seals": len(doc.parsed.seals) if doc.parsed else 0,
            "low_confidence": [
                {"page": ln.page, "box": ln.box.as_list(), "text": ln.text, "confidence": ln.confidence} for ln in low
            ],
            "low_confidence_values": doubtful_values(doc, LOW_CONFIDENCE),
        }
    }


# A page read by OCR whose lines fall below LOW_CONFIDENCE this often was not read, whatever its fields
# say: a good scan has one such line in hundreds; a photo read askew, most of them (a sheet turned
# 16°, past what is set straight, gave 3 lines of its 21, all of them).
DOUBTFUL_SHARE = 0.25
DOUBTFUL_MIN_LINES = 3


def doubtful_ocr_pages(doc: Document) -> list[int]:
    """Pages read by OCR with at least :data:`DOUBTFUL_MIN_LINES` lines, a :data:`DOUBTFUL_SHARE` of
    them or more read with less confidence than :data:`LOW_CONFIDENCE`."""
    out = []
    for page in doc.parsed.pages if doc.parsed else []:
        if not page.ocr:
            continue
        lines = _page_ocr_lines(page)
        low = sum(1 for line in lines if line.confidence is not None and line.confidence < LOW_CONFIDENCE)
        if len(lines) >= DOUBTFUL_MIN_LINES and low >= DOUBTFUL_SHARE * len(lines):
            out.append(page.number)
    return out


def _page_ocr_lines(page: Page) -> list[Line]:
    """The page's lines and its table cells' lines that OCR read, with a confidence."""
    cells = (line for table in page.tables for row in table.rows for cell in row if cell for line in cell.lines)
    return [line for line in (*page.lines, *cells) if line.origin == "ocr" and line.confidence is not None]
