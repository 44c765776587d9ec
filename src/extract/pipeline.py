"""The stages in order, for one input."""

from __future__ import annotations

from pathlib import Path

from .limits import DEFAULT_MAX_PAGES
from .model import Document, EnrichmentOutputs, ParsedDocument, to_jsonable
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
    from .errors import check_pdf_header
    from .limits import check_page_count
    from .textdump import is_text_dump, parse_text_dump

    if is_text_dump(path):
        return parse_text_dump(path, max_pages=max_pages)
    if cache_dir is None or password:
        from .parse import parse_pdf

        return parse_pdf(path, password=password, max_pages=max_pages, workers=page_workers)
    from . import cache

    check_pdf_header(path)
    digest = cache.input_digest(path)
    cached = cache.load(cache_dir, digest)
    if cached is not None:
        check_page_count(str(path), cached.source.pages, max_pages)
        cached.source.file = path.name
        return cached
    from .parse import parse_pdf

    parsed = parse_pdf(path, password=password, max_pages=max_pages, workers=page_workers, sha256=digest)
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
        doc.enrichment_outputs = enrich_stage(doc, cache_path)
    return doc


def enrich_stage(doc: Document, cache_dir: Path | None = None) -> EnrichmentOutputs:
    """The enrichment, served from the stage cache when its inputs and code are unchanged.

    The key covers everything the enrichment reads (sections, points and key tasks with
    their provenance), so a change upstream that alters no text does not redo it.
    """
    import hashlib
    import json

    key_path = None
    if cache_dir is not None:
        from . import cache

        inputs = json.dumps([to_jsonable(doc.sections), to_jsonable(doc.key_tasks)], ensure_ascii=False)
        key = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:24]
        key_path = cache_dir / f"enrich-{key}-{cache.enrich_stage_version()}.json"
        cached = cache.read_json(key_path)
        if isinstance(cached, dict) and {"block", "tables"} <= cached.keys():
            tables = {name: (header, rows) for name, (header, rows) in cached["tables"].items()}
            return EnrichmentOutputs(cached["block"], tables)
    from .enrich import csv_tables, enrich, enrichment_json

    doc.enrichment = enrich(doc)
    outputs = EnrichmentOutputs(enrichment_json(doc.enrichment), csv_tables(doc.enrichment, doc))
    if key_path is not None:
        from . import cache

        cache.write_json(key_path, {"block": outputs.block, "tables": outputs.tables})
    return outputs
