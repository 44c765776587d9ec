"""The stages in order, for one input."""

from __future__ import annotations

from pathlib import Path

from .model import Document, ParsedDocument
from .normalize import Normalizer
from .structure import build_structure
from .table import build_key_tasks


def parse_stage(path: Path, password: str | None = None, cache_dir: Path | None = None) -> ParsedDocument:
    """The parse stage, served from the stage cache when the same input and parse code were seen before."""
    from .parse import check_pdf_header, parse_pdf

    if cache_dir is None or password:
        return parse_pdf(path, password=password)
    from . import cache

    check_pdf_header(path)
    cached = cache.load(cache_dir, cache.input_digest(path))
    if cached is not None:
        cached.source.file = path.name
        return cached
    parsed = parse_pdf(path, password=password)
    cache.store(cache_dir, parsed)
    return parsed


def extract(
    path: str | Path, password: str | None = None, cache_dir: str | Path | None = None, enrich: bool = True
) -> Document:
    """Run parse → normalize → structure → table → enrichment on one PDF."""
    parsed = parse_stage(Path(path), password, Path(cache_dir) if cache_dir is not None else None)
    norm = Normalizer()
    notice, attachment, sections = build_structure(parsed, norm)
    key_tasks, warnings = build_key_tasks(parsed, norm)
    doc = Document(
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
    if enrich:
        from .enrich import enrich as enrich_document

        doc.enrichment = enrich_document(doc)
    return doc
