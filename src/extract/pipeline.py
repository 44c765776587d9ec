"""The stages in order, for one input."""

from __future__ import annotations

from pathlib import Path

from .limits import DEFAULT_MAX_PAGES
from .model import Document, ParsedDocument
from .normalize import Normalizer
from .structure import build_structure
from .table import build_key_tasks


def parse_stage(
    path: Path,
    password: str | None = None,
    cache_dir: Path | None = None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    page_workers: int = 1,
) -> ParsedDocument:
    """The parse stage, served from the stage cache when the same input and parse code were seen before."""
    from .limits import check_page_count
    from .parse import check_pdf_header, parse_pdf
    from .textdump import is_text_dump, parse_text_dump

    if is_text_dump(path):
        return parse_text_dump(path, max_pages=max_pages)
    if cache_dir is None or password:
        return parse_pdf(path, password=password, max_pages=max_pages, workers=page_workers)
    from . import cache

    check_pdf_header(path)
    cached = cache.load(cache_dir, cache.input_digest(path))
    if cached is not None:
        check_page_count(str(path), cached.source.pages, max_pages)
        cached.source.file = path.name
        return cached
    parsed = parse_pdf(path, password=password, max_pages=max_pages, workers=page_workers)
    cache.store(cache_dir, parsed)
    return parsed


def extract(
    path: str | Path,
    password: str | None = None,
    cache_dir: str | Path | None = None,
    enrich: bool = True,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    page_workers: int = 1,
) -> Document:
    """Run parse → normalize → structure → table → enrichment on one PDF.

    ``page_workers`` ≥ 2 lets the parse stage read pages in a second, forked process.
    """
    cache_path = Path(cache_dir) if cache_dir is not None else None
    parsed = parse_stage(Path(path), password, cache_path, max_pages, page_workers)
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
