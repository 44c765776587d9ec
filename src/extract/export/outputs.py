"""document.json and the CSV and xlsx tables, written atomically and deterministically."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..model import Document, EnrichmentOutputs, KeyTaskRow, Point, Section, to_jsonable
from ..version import __version__
from .conformance import CONFORMANCE_COLUMNS, conformance_files, conformance_resource
from .folders import replace_dir as replace_dir  # the corpus's Parquet export swaps its folder the same way
from .key_task_table import KEY_TASK_COLUMNS, key_task_table
from .outline_table import OUTLINE_COLUMNS, outline_json, outline_table
from .provenance import Provenance

SCHEMA_VERSION = "1.4.0"


def _point_json(point: Point, prov: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {"no": point.no, "title": point.title, "body": point.body}
    if point.label:
        out["label"] = point.label
    if point.children:
        out["points"] = [_point_json(child, prov) for child in point.children]
    out["pages"] = point.pages
    out["where"] = prov.where(point.where)
    return out


def _section_json(section: Section, prov: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {"no": section.no, "title": section.title}
    if section.body:
        out["body"] = section.body
    out["points"] = [_point_json(p, prov) for p in section.points]
    out["pages"] = section.pages
    out["where"] = prov.where(section.where)
    return out


def _row_json(row: KeyTaskRow, prov: Provenance) -> dict[str, Any]:
    return {
        "no": row.no,
        "task": row.task,
        "q1": row.q1,
        "q2": row.q2,
        "q3": row.q3,
        "q4": row.q4,
        "lead": row.lead,
        "departments": row.departments,
        "remark": row.remark,
        "pages": row.pages,
        "where": {key: prov.where(items) for key, items in row.where.items()},
    }


def normalization_summary(doc: Document) -> dict[str, Any]:
    from ..normalize import count_changes

    return count_changes(doc.changes) | {"anomalies": [to_jsonable(a) for a in doc.anomalies]}


def document_json(doc: Document, quality: dict[str, Any] | None = None) -> dict[str, Any]:
    from .tables import table_json  # imports this module

    notice = doc.notice
    prov = Provenance.of(doc)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"extract {__version__}",
        "source": to_jsonable(doc.source),
        "notice": {
            "issuer": notice.issuer,
            "issuers": notice.issuers,
            "doc_number": notice.doc_number,
            "title": notice.title,
            "genre": notice.genre,
            "recipients": notice.recipients,
            "body": notice.body,
            "attachments": notice.attachments,
            "date": notice.date,
            "signature": notice.signature,
            "signatures": notice.signatures,
            "markers": notice.markers,
            "cc": notice.cc,
            "printed_by": notice.printed_by,
            "printed_on": notice.printed_on,
            "where": {key: prov.where(items) for key, items in sorted(notice.where.items())},
        },
        "attachment": {
            "label": doc.attachment.label,
            "title": doc.attachment.title,
            "preamble": doc.attachment.preamble,
            "where": {key: prov.where(items) for key, items in sorted(doc.attachment.where.items())},
        },
        "sections": [_section_json(s, prov) for s in doc.sections],
        "outline": outline_json(doc, prov),
        "key_tasks": {
            "title": doc.key_tasks.title,
            "where": {key: prov.where(items) for key, items in sorted(doc.key_tasks.where.items())},
            "columns": doc.key_tasks.columns,
            "pages": doc.key_tasks.pages,
            "rows": [_row_json(r, prov) for r in doc.key_tasks.rows],
        },
        "tables": [table_json(t, prov) for t in doc.tables],
        "normalization": normalization_summary(doc),
        "quality": quality if quality is not None else {},
        "warnings": doc.warnings,
    } | _seals_block(doc) | _enrichment_block(doc)


def _seals_block(doc: Document) -> dict[str, Any]:
    """The seals found on pages read by OCR, or placed by the input itself (an OFD's stamps and seal
    pictures); only documents with such pages or seals carry the key."""
    if doc.parsed is None or not (doc.parsed.seals or any(page.ocr for page in doc.parsed.pages)):
        return {}
    return {"seals": [{"page": s.page, "box": s.box.as_list()} for s in doc.parsed.seals]}


def enrichment_outputs(doc: Document) -> EnrichmentOutputs | None:
    """The enrichment as exported, from the pipeline (or computed here for a hand-made document)."""
    if doc.enrichment_outputs is not None or doc.enrichment is None:
        return doc.enrichment_outputs
    from ..enrich.enrichment import csv_tables, enrichment_json

    return EnrichmentOutputs(enrichment_json(doc.enrichment), csv_tables(doc.enrichment, doc))


def _enrichment_block(doc: Document) -> dict[str, Any]:
    outputs = enrichment_outputs(doc)
    return {} if outputs is None else {"enrichment": outputs.block}


def dumps(data: Any) -> str:
    """JSON as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, byte for byte, faster."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def csv_text(header: list[str], rows: list[list[Any]], bom: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buf.getvalue()


def work_point_table(doc: Document) -> list[list[Any]]:
    rows = []
    for section in doc.sections:
        for point in section.points:
            rows.append(
                [section.no, section.title, point.no, point.title, point.body, ";".join(map(str, point.pages))]
            )
    return rows


def document_year(doc: Document) -> str | None:
    if doc.notice.date:
        return doc.notice.date[:4]
    if doc.source.creation_date:
        return doc.source.creation_date[:4]
    return None


def key_task_long_table(doc: Document) -> list[list[Any]]:
    year = document_year(doc)
    rows = []
    for r in doc.key_tasks.rows:
        for q, milestone in enumerate((r.q1, r.q2, r.q3, r.q4), start=1):
            rows.append([r.no, q, f"{year}Q{q}" if year else "", milestone])
    return rows


def normalization_table(doc: Document) -> list[list[Any]]:
    return [
        [c.field, c.page, " ".join(map(str, c.box.as_list())) if c.box else "", c.rule, c.before, c.after,
         "published" if c.published else "pdf_layout", c.detail]
        for c in doc.changes
    ]


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """The key-task table for Excel: header frozen, columns sized, text wrapped, byte-reproducible."""
    from datetime import datetime

    import xlsxwriter

    # In-memory packaging gives every zip member the same fixed timestamp.
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"created": datetime(2000, 1, 1), "author": "gongwen-extract"})
    ws = wb.add_worksheet("key_tasks")
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    body = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.write_row(0, 0, header, head)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, c, value, body)
            else:
                ws.write_string(r, c, "" if value is None else str(value), body)
    for c in range(len(header)):
        longest = max([len(str(header[c]))] + [len(str(row[c] or "")) for row in rows])
        # CJK glyphs are about two Latin widths; cap so long cells wrap instead.
        ws.set_column(c, c, min(60, max(6, 2 * min(longest, 30))))
    ws.freeze_panes(1, 0)
    wb.close()


def _enrichment_resources(doc: Document) -> list[dict[str, Any]]:
    if enrichment_outputs(doc) is None:
        return []
    from .datapackage import enrichment_resources

    return enrichment_resources(doc)


def _table_resources(doc: Document) -> list[dict[str, Any]]:
    if not doc.tables:
        return []
    from .datapackage import table_resources

    return table_resources(doc)


def write_outputs(
    doc: Document,
    out_dir: Path,
    debug_pages: bool = False,
    quality: dict[str, Any] | None = None,
    review: str | Path | None = None,
    password: str | None = None,
) -> list[Path]:
    """Write every output of one document into ``out_dir`` all at once.

    Files are written into a fresh temporary folder beside ``out_dir`` which then
    replaces it, so a failure never leaves a half-written result and an earlier
    good result survives until the new one is complete. ``review`` is the input the
    document was read from, to also write the review page (``review.html`` and its page
    images, rendered from that input; ``password`` opens an encrypted PDF).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    tmp.chmod(0o755)
    from .datapackage import descriptor
    from .quality import quality_report
    from .tables import table_path, table_rows

    quality = quality if quality is not None else quality_report(doc)
    conformance = conformance_files(doc)
    try:
        doc_json = document_json(doc, quality)
        resources = [*_enrichment_resources(doc), *_table_resources(doc)]
        files = {
            "document.json": dumps(doc_json),
            "quality.json": dumps(quality),
            "datapackage.json": dumps(descriptor(doc, resources + ([conformance_resource()] if conformance else []))),
            "work_points.csv": csv_text(
                ["section_no", "section_title", "point_no", "title", "body", "pages"], work_point_table(doc), bom=True
            ),
            "outline.csv": csv_text(OUTLINE_COLUMNS, outline_table(doc), bom=True),
            "key_tasks.csv": csv_text(KEY_TASK_COLUMNS, key_task_table(doc), bom=True),
            "key_tasks_long.csv": csv_text(
                ["no", "quarter", "period", "milestone"], key_task_long_table(doc), bom=True
            ),
            "normalization.csv": csv_text(
                ["field", "page", "box", "rule", "before", "after", "origin", "detail"],
                normalization_table(doc),
                bom=True,
            ),
        }
        enriched = enrichment_outputs(doc)
        if enriched is not None:
            for name, (header, rows) in enriched.tables.items():
                files[name] = csv_text(header, rows, bom=True)
        for table in doc.tables:
            files[table_path(table)] = csv_text(table.columns, table_rows(table), bom=True)
        if conformance:
            files["conformance.json"] = dumps(conformance["json"])
            files["conformance.csv"] = csv_text(CONFORMANCE_COLUMNS, conformance["rows"], bom=True)
        if debug_pages and doc.parsed is not None:
            files["pages.json"] = dumps(to_jsonable(doc.parsed))
        for name, text in files.items():
            (tmp / name).parent.mkdir(mode=0o755, exist_ok=True)
            (tmp / name).write_text(text, encoding="utf-8")
        write_xlsx(tmp / "key_tasks.xlsx", KEY_TASK_COLUMNS, key_task_table(doc))
        if doc.tables:
            from .tables_xlsx import write_tables_xlsx

            write_tables_xlsx(tmp / "tables.xlsx", doc)
        if review is not None:
            from .review import write_review

            write_review(doc, doc_json, quality, tmp, Path(review), password, conformance.get("json"))
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.iterdir())
