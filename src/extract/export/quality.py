"""Quality report: the document's status, counts, anomalies, warnings and the coverage account.

The coverage account proves nothing was lost: every printed character of every
page is either page furniture, or lies inside a box that some output value names
as its source, or is listed as unassigned with its page and box. It is computed
from the finished document model, so a value dropped by any stage shows up here.

The status (``ok`` or ``partial`` with its reasons, :func:`document_status`) is decided
here from that account, so the command line, batches and quality.json say the same.

The outline is a second view of text that the notice's body and the legacy
sections also claim: a character claimed by an outline node and by one of those
fields is assigned once. Characters claimed twice within one view are counted as
multiply assigned.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Box, Document, Line, OutlineNode, Point, Where
from .ocr_quality import LOW_CONFIDENCE, doubtful_ocr_pages, ocr_report

# Boxes come from the same glyphs; a small slack absorbs rounding of merged boxes.
SLACK = 0.5
# A document is ``ok`` only when at least this share of its content characters is assigned to output
# fields; below it, the outputs miss part of the document and it is ``partial``.
OK_ASSIGNED_SHARE = 0.99
# Claims of the tables block. A table is read as it is printed, and the key-task table is also read
# as tasks: a character claimed by one table cell and one other field is not claimed twice over.
TABLES = "tables"
# The prefix of the outline's claims (a view of text other fields claim too).
OUTLINE = "outline"


@dataclass(slots=True)
class Unassigned:
    page: int
    box: Box
    text: str


@dataclass(slots=True)
class Coverage:
    content_chars: int = 0
    assigned_chars: int = 0
    furniture_chars: int = 0
    multiply_assigned_chars: int = 0
    unassigned: list[Unassigned] = field(default_factory=list)
    by_field: Counter = field(default_factory=Counter)

    @property
    def unassigned_chars(self) -> int:
        # Counted as content_chars is (any blank excluded), so the two can be compared.
        return sum(1 for u in self.unassigned for ch in u.text if not ch.isspace())


def _point_claims(prefix: str, point: Point) -> Iterator[tuple[str, Where]]:
    name = f"{prefix}/points/{point.no}"
    for where in point.where:
        yield name, where
    for child in point.children:
        yield from _point_claims(name, child)


def _node_claims(prefix: str, nodes: list[OutlineNode]) -> Iterator[tuple[str, Where]]:
    for i, node in enumerate(nodes, start=1):
        name = f"{prefix}{i}"
        for where in node.where:
            yield name, where
        yield from _node_claims(f"{name}.", node.children)


def outline_claims(doc: Document) -> Iterator[tuple[str, Where]]:
    """The outline's (field, box) pairs: each part's label, title, preamble and headings."""
    for part in doc.outline:
        for key, items in part.where.items():
            for where in items:
                yield f"{OUTLINE}/{part.part}/{key}", where
        yield from _node_claims(f"{OUTLINE}/{part.part}/", part.nodes)


def claims(doc: Document) -> Iterator[tuple[str, Where]]:
    """Every (output field, source box) pair the document names."""
    for key, items in doc.notice.where.items():
        for where in items:
            yield f"notice/{key}", where
    for key, items in doc.attachment.where.items():
        for where in items:
            yield f"attachment/{key}", where
    for section in doc.sections:
        name = f"sections/{section.no}"
        for where in section.where:
            yield f"{name}/title", where
        for point in section.points:
            yield from _point_claims(name, point)
    for key, items in doc.key_tasks.where.items():
        for where in items:
            yield f"key_tasks/{key}", where
    for row in doc.key_tasks.rows:
        for key, items in row.where.items():
            for where in items:
                yield f"key_tasks/rows/{row.no}/{key}", where
    for table in doc.tables:
        name = f"{TABLES}/{table.no}"
        for key, items in table.where.items():
            for where in items:
                yield f"{name}/{key}", where
        for part, cells in (("header", table.header), ("cells", table.cells)):
            for cell in cells:
                for where in cell.where:
                    yield f"{name}/{part}/{cell.row}/{cell.col}", where
    yield from outline_claims(doc)


def _page_lines(doc: Document, page_no: int) -> list[Line]:
    assert doc.parsed is not None
    page = doc.parsed.pages[page_no - 1]
    cells = [line for t in page.tables for row in t.rows for c in row if c is not None for line in c.lines]
    notes = [line for t in page.tables for line in t.notes]
    return [*page.lines, *cells, *notes]


def coverage(doc: Document) -> Coverage:
    """Assign every printed character to output fields by position."""
    result = Coverage()
    if doc.parsed is None:
        return result
    by_page: dict[int, list[tuple[str, Box]]] = {}
    for name, where in claims(doc):
        if where.box is not None:
            by_page.setdefault(where.page, []).append((name, where.box))
    for page in doc.parsed.pages:
        result.furniture_chars += sum(1 for line in page.furniture for ch in line.text if not ch.isspace())
        # the page's claims by their tops: a line is tried only against those that start above its bottom
        page_boxes = sorted(by_page.get(page.number, []), key=lambda claim: claim[1].top)
        tops = [b.top - SLACK for _, b in page_boxes]
        for line in _page_lines(doc, page.number):
            # Box.overlaps written out: every line of every page is tried against the page's claims
            lx0, ltop, lx1, lbottom = line.box
            boxes = [
                (name, b)
                for name, b in page_boxes[: bisect_left(tops, lbottom)]
                if lx0 < b.x1 + SLACK and b.x0 - SLACK < lx1 and ltop < b.bottom + SLACK
            ]
            whole = {name for name, b in boxes if b.encloses(line.box, SLACK)}
            if whole and not (len(boxes) > 1 and _multiple({name for name, _ in boxes})):
                # One entry of each view claims the whole line: every character of it is that field's.
                count = sum(1 for ch in line.text if not ch.isspace())
                result.content_chars += count
                result.assigned_chars += count
                result.by_field[min(whole).split("/")[0]] += count
                continue
            run: list[int] = []
            for i, (ch, box) in enumerate(zip(line.text, line.char_boxes, strict=False)):
                if ch.isspace():
                    continue
                result.content_chars += 1
                x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
                owners = {  # Box.contains_point written out: per character
                    name
                    for name, b in boxes
                    if b.x0 - SLACK <= x <= b.x1 + SLACK and b.top - SLACK <= y <= b.bottom + SLACK
                }
                if owners:
                    result.assigned_chars += 1
                    if len(owners) > 1 and _multiple(owners):
                        result.multiply_assigned_chars += 1
                    result.by_field[min(owners).split("/")[0]] += 1
                    _flush(result, line, run)
                    run = []
                else:
                    run.append(i)
            _flush(result, line, run)
    return result


def _view(name: str) -> str:
    """Which view of the text a claim belongs to: the tables as printed, the outline, or the other fields."""
    head = name.split("/", 1)[0]
    return head if head in (TABLES, OUTLINE) else "fields"


def _multiple(owners: set[str]) -> bool:
    """Claimed twice within one view: two fields, two table cells or two outline entries.

    The tables and the outline are second views of text that other fields claim (the
    key-task table read as tasks, the attachment read as sections): one claim from
    each view assigns a character once.
    """
    views = Counter(_view(name) for name in owners)
    return any(n > 1 for n in views.values())


def _flush(result: Coverage, line: Line, run: list[int]) -> None:
    if not run:
        return
    lo, hi = run[0], run[-1] + 1
    box = Box.enclosing(line.char_boxes[lo:hi])
    result.unassigned.append(Unassigned(line.page, box, line.text[lo:hi]))


@dataclass(frozen=True, slots=True)
class Status:
    """Whether the outputs account for the document: ``ok``, or ``partial`` with the reasons in words."""

    status: str  # "ok" | "partial"
    reasons: tuple[str, ...] = ()


def page_span(numbers: list[int]) -> str:
    """``page 3``, ``pages 1–8``, ``pages 2, 5–7``."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


def notice_found(doc: Document) -> bool:
    """The notice's identity was read: its title, its number (发文字号) or its issuer."""
    notice = doc.notice
    return bool(notice.title or notice.doc_number or notice.issuer or notice.issuers)


def document_status(doc: Document, cov: Coverage) -> Status:
    """``ok`` when the outputs hold the document: nearly all its text assigned to fields, a notice or an
    outline found, and every page OCR read read with confidence; otherwise ``partial``, with each
    reason in words.

    Pages without a usable text layer come first, since they explain the rest.
    """
    reasons: list[str] = []
    unreadable = [page.number for page in doc.parsed.pages if page.no_usable_text] if doc.parsed else []
    if unreadable:
        reasons.append(f"{page_span(unreadable)} {'has' if len(unreadable) == 1 else 'have'} no usable text layer")
    outlined = [page.number for page in doc.parsed.pages if page.unread_outlines] if doc.parsed else []
    if outlined:
        reasons.append(f"{page_span(outlined)}: text drawn as outlines was not read (OCR off or unavailable)")
    if cov.content_chars == 0:
        reasons.append("no content characters found")
    elif cov.assigned_chars < OK_ASSIGNED_SHARE * cov.content_chars:
        reasons.append(f"{cov.content_chars - cov.assigned_chars:,} of {cov.content_chars:,} characters unassigned")
    if not notice_found(doc) and not doc.sections and not any(part.nodes for part in doc.outline):
        reasons.append("no notice or outline found")
    doubtful = doubtful_ocr_pages(doc)
    if doubtful:
        reasons.append(
            f"{page_span(doubtful)}: OCR read {'it' if len(doubtful) == 1 else 'them'} with low confidence"
            f" (a quarter of the lines or more below {LOW_CONFIDENCE}): check against the page images"
        )
    return Status("partial" if reasons else "ok", tuple(reasons))


def _count_points(points: list[Point]) -> int:
    return sum(1 + _count_points(p.children) for p in points)


def _count_nodes(nodes: list[OutlineNode]) -> int:
    return sum(1 + _count_nodes(n.children) for n in nodes)


def quality_report(doc: Document, cov: Coverage | None = None) -> dict[str, Any]:
    cov = cov if cov is not None else coverage(doc)
    status = document_status(doc, cov)
    parsed = doc.parsed
    pages = parsed.pages if parsed else []
    rows = doc.key_tasks.rows
    return {
        "status": status.status,
        "reasons": list(status.reasons),
        "pages": len(pages),
        "lines": sum(len(p.lines) for p in pages),
        "furniture_lines": sum(len(p.furniture) for p in pages),
        "tables": sum(len(p.tables) for p in pages),
        "sections": len(doc.sections),
        "points": sum(_count_points(s.points) for s in doc.sections),
        "outline": {part.part: _count_nodes(part.nodes) for part in doc.outline},
        "key_task_rows": len(rows),
        "key_task_cells": len(rows) * 8,
        "normalization": dict(sorted(Counter(c.rule for c in doc.changes).items())),
        "anomalies": len(doc.anomalies),
        "anomaly_list": [
            {"field": a.field, "page": a.page, "kind": a.kind, "text": a.text} for a in doc.anomalies
        ],
        "warnings": list(doc.warnings),
        "coverage": {
            "content_chars": cov.content_chars,
            "assigned_chars": cov.assigned_chars,
            "furniture_chars": cov.furniture_chars,
            "multiply_assigned_chars": cov.multiply_assigned_chars,
            "unassigned_chars": cov.unassigned_chars,
            "unassigned": [
                {"page": u.page, "box": u.box.as_list(), "text": u.text} for u in cov.unassigned
            ],
        },
    } | ocr_report(doc) | engine_report(doc)


def engine_report(doc: Document) -> dict[str, Any]:
    """The library that read the pages and why, when it is not the default one; empty otherwise."""
    parsed = doc.parsed
    if parsed is None or not parsed.engine_reason:
        return {}
    return {"parse_engine": {"engine": parsed.engine, "reason": parsed.engine_reason}}


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters; a cut one ends with "…" so that it reads as cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _tables(report: dict[str, Any], written: int | None) -> str:
    if written is None:
        return f"table regions {report['tables']}"
    return f"tables {written}" + (f" (from {report['tables']} page regions)" if report["tables"] != written else "")


def summary_lines(report: dict[str, Any], tables: int | None = None) -> list[str]:
    """A one-screen account of a run for the terminal; ``tables``: the tables written (tables/NN.csv)."""
    cov = report["coverage"]
    lines = [
        f"pages {report['pages']}, lines {report['lines']} (+{report['furniture_lines']} furniture), "
        + _tables(report, tables),
        f"sections {report['sections']}, points {report['points']}, "
        f"outline {sum(report['outline'].values())} headings in {len(report['outline'])} parts, "
        f"key-task rows {report['key_task_rows']}",
        "normalization: " + (", ".join(f"{k} {v}" for k, v in report["normalization"].items()) or "none"),
        f"anomalies {report['anomalies']}, warnings {len(report['warnings'])}",
        *(f"  {a['kind']} p{a['page']} {a['field']}: {cut(a['text'], 30)}" for a in report["anomaly_list"][:5]),
        *(f"  warning: {cut(w, 80 - len('  warning: '))}" for w in report["warnings"][:3]),
        f"coverage: {cov['assigned_chars']}/{cov['content_chars']} content chars assigned, "
        f"{cov['unassigned_chars']} unassigned, {cov['furniture_chars']} furniture",
    ]
    if "ocr" in report:
        ocr = report["ocr"]
        lines.append(
            f"OCR: {len(ocr['pages'])} pages, confidence mean {ocr['mean_confidence']} min {ocr['min_confidence']}, "
            f"{len(ocr['low_confidence'])} lines below {LOW_CONFIDENCE}, {ocr['seals']} seals"
        )
    for u in cov["unassigned"][:5]:
        lines.append(f"  unassigned p{u['page']} {u['box']}: {cut(u['text'], 40)}")
    if len(cov["unassigned"]) > 5:
        lines.append(f"  … {len(cov['unassigned']) - 5} more unassigned runs in quality.json")
    return lines
