"""The stages in order, for one input."""

from __future__ import annotations

from pathlib import Path

from .model import Document, EnrichmentOutputs, ParsedDocument, to_jsonable
from .normalize import Normalizer, read_glyph_shapes
from .parse import DEFAULT_MAX_PAGES, ParseOptions, Source, open_source, parse
from .parse.options import DEFAULT_ENGINE
from .structure import build_structure
from .tables import build_key_tasks, build_tables, find_unruled_tables


def parse_stage(
    path: str | Path | Source,
    password: str | None = None,
    cache_dir: Path | None = None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    options: ParseOptions | None = None,
) -> ParsedDocument:
    """The page model of one input, with its tables found, as every later stage reads it.

    The input is opened and checked once (:func:`~extract.parse.open_source`). A
    PDF's pages are parsed, then searched for tables drawn without rules; that
    result is served from the stage cache when the same input and code were seen
    before (encrypted PDFs given a password are never cached). A text dump's
    tables come from its tabs, and it is cheap to read again. ``options`` say which
    pages are read by OCR (each OCR mode has its own cache entry), in how many processes, and
    whether a bar shows OCR work of several pages when stderr is a terminal.
    """
    options = options or ParseOptions()
    # each OCR mode and engine reads the pages its own way: an entry of its own
    ocr = options.ocr if options.engine == DEFAULT_ENGINE else f"{options.ocr}-{options.engine}"
    source = path if isinstance(path, Source) else open_source(path, password, max_pages)
    if source.kind == "text":
        return parse(source)
    use_cache = cache_dir is not None and not source.password
    if use_cache:
        from . import cache

        cached = cache.load(cache_dir, source.sha256, ocr)
        if cached is not None:
            source.admit_pages(cached.source.pages)
            cached.source.file = source.name
            return cached
    parsed = parse(source, options)
    find_unruled_tables(parsed)
    if use_cache:
        from . import cache

        cache.store(cache_dir, parsed, ocr)
    return parsed


def extract(
    path: str | Path,
    password: str | None = None,
    cache_dir: str | Path | None = None,
    enrich: bool = True,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    options: ParseOptions | None = None,
    check: bool = False,
    glyph_shapes: bool = True,
) -> Document:
    """Run parse → normalize → structure, key tasks and every table → enrichment on one PDF or text dump.

    ``options`` are the parse stage's own (:class:`~extract.parse.ParseOptions`: OCR mode,
    processes that OCR pages side by side, a progress bar, the PDF engine).
    ``check`` also checks the document against GB/T 9704-2012 (``Document.conformance``).
    ``glyph_shapes`` reads the characters a font's map gives improbably from their glyphs
    (:mod:`extract.normalize.glyph_shape`; off only to measure what it costs).
    """
    cache_path = Path(cache_dir) if cache_dir is not None else None
    parsed = parse_stage(Path(path), password, cache_path, max_pages, options)
    shapes = read_glyph_shapes(parsed, Path(path), password) if glyph_shapes and not _is_text_dump(path) else None
    norm = Normalizer(shapes)
    notice, attachment, sections, outline = build_structure(parsed, norm)
    key_tasks, warnings = build_key_tasks(parsed, norm)
    tables, table_warnings = build_tables(parsed, norm)
    doc = Document(
        source=parsed.source,
        parsed=parsed,
        notice=notice,
        attachment=attachment,
        sections=sections,
        outline=outline,
        key_tasks=key_tasks,
        tables=tables,
        changes=norm.changes,
        anomalies=norm.anomalies,
        warnings=warnings + table_warnings,
    )
    if enrich:
        doc.enrichment_outputs = enrich_stage(doc, cache_path)
    if check:
        from .check import check_document

        doc.conformance = check_document(doc)
    return doc


def _is_text_dump(path: str | Path) -> bool:
    from .parse.source import TEXT_SUFFIXES

    return Path(path).suffix.lower() in TEXT_SUFFIXES


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
