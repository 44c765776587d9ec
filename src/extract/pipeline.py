"""The stages in order, for one input."""

from __future__ import annotations

from pathlib import Path

from .model import Document
from .normalize import Normalizer
from .parse import parse_pdf
from .structure import build_structure
from .table import build_key_tasks


def extract(path: str | Path, password: str | None = None) -> Document:
    """Run parse → normalize → structure → table on one PDF."""
    parsed = parse_pdf(path, password=password)
    norm = Normalizer()
    notice, attachment, sections = build_structure(parsed, norm)
    key_tasks, warnings = build_key_tasks(parsed, norm)
    return Document(
        source=parsed.source,
        parsed=parsed,
        notice=notice,
        attachment=attachment,
        sections=sections,
        key_tasks=key_tasks,
        changes=norm.changes,
        anomalies=norm.anomalies,
        warnings=warnings,
    )
