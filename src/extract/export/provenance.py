"""Provenance of exported values: page and box, and for text read by OCR its origin and confidence.

A value's ``where`` names the boxes it was read from; on a page read by OCR, those boxes lie on
recognised lines, and the value is as trustworthy as the weakest of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Line, Where


@dataclass(slots=True)
class Provenance:
    """The OCR lines of each page read by OCR, to look up the confidence of a value's boxes."""

    ocr_lines: dict[int, list[Line]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> Provenance:
        pages = doc.parsed.pages if doc.parsed else []
        lines: dict[int, list[Line]] = {}
        for page in pages:
            if page.ocr:
                cells = [ln for t in page.tables for row in t.rows for c in row if c for ln in c.lines]
                lines[page.number] = [ln for ln in [*page.lines, *cells] if ln.origin == "ocr"]
        return cls(lines)

    def confidence(self, where: Where) -> float | None:
        """The lowest confidence of the OCR lines under a box (of the page's lines, without a box)."""
        lines = self.ocr_lines.get(where.page, [])
        if where.box is not None:
            lines = [ln for ln in lines if ln.box.overlaps(where.box)] or lines
        values = [ln.confidence for ln in lines if ln.confidence is not None]
        return round(min(values), 4) if values else None

    def where(self, items: list[Where]) -> list[dict[str, Any]]:
        """``where`` entries as document.json writes them."""
        out = []
        for w in items:
            entry: dict[str, Any] = {"page": w.page}
            if w.box is not None:
                entry["box"] = w.box.as_list()
            if w.line_no is not None:
                entry["line"] = w.line_no
            if w.page in self.ocr_lines:
                entry["origin"] = "ocr"
                entry["confidence"] = self.confidence(w)
            out.append(entry)
        return out

