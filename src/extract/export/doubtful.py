"""Values read by OCR with little confidence: which output fields to check by eye, and where.

The quality report lists doubtful OCR lines; a reader checking a dataset wants the values instead:
the notice field, heading, point or key-task cell whose boxes lie on a line the engine read with
less confidence than the report's threshold, with the page and box to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document, Point, Where
from .provenance import Provenance


def _fields(doc: Document) -> Iterator[tuple[str, list[Where]]]:
    """Every exported value's name (as ``anomalies`` names fields) and its ``where``."""
    for key, where in doc.notice.where.items():
        yield f"notice/{key}", where
    for key, where in doc.attachment.where.items():
        yield f"attachment/{key}", where

    def points(prefix: str, items: list[Point]) -> Iterator[tuple[str, list[Where]]]:
        for point in items:
            yield f"{prefix}/points/{point.no}", point.where
            yield from points(f"{prefix}/points/{point.no}", point.children)

    for section in doc.sections:
        yield f"sections/{section.no}", section.where
        yield from points(f"sections/{section.no}", section.points)
    for r, row in enumerate(doc.key_tasks.rows):
        for key, where in row.where.items():
            yield f"key_tasks/rows/{r}/{key}", where


def doubtful_values(doc: Document, below: float) -> list[dict[str, Any]]:
    """The values with a box on an OCR line read below ``below``: field, page, box, confidence."""
    provenance = Provenance.of(doc)
    if not provenance.ocr_lines:
        return []
    out = []
    for name, where in _fields(doc):
        for w in where:
            if w.page not in provenance.ocr_lines:
                continue
            confidence = provenance.confidence(w)
            if confidence is not None and confidence < below:
                out.append({
                    "field": name,
                    "page": w.page,
                    "box": w.box.as_list() if w.box is not None else None,
                    "confidence": confidence,
                })
    return out
