"""The search index of one document: what can be found (points, key tasks, table cells) and its terms.

Terms are those the enrichment stage ranks task↔point links by (:func:`extract.enrich.links.terms`):
jieba's search-mode segmentation with the project's user dictionary, so 校外培训机构 also yields
培训机构, without one-character words, numbers and stop words. Queries are cut the same way.

Items: every heading of the outline (the work points and their sections, a law's articles), each
key task (its task, its four quarters and its offices) and each table cell. A cell whose text is a
key task's own cell is left out, as the key-task table is also among the document's tables and the
task is found as a whole.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from .load import DocumentRows, Row
from .schema import BY_NAME

POINT, TASK, CELL = "point", "task", "cell"
KINDS = (POINT, TASK, CELL)
TASK_PART = "key tasks"


def _columns(name: str) -> dict[str, int]:
    return {c: i for i, c in enumerate(BY_NAME[name].names)}


def items(doc: DocumentRows) -> list[tuple[str, str, str, str, int | None, str]]:
    """(kind, part, label, ref, page, text) of every searchable item, in document order."""
    out: list[tuple[str, str, str, str, int | None, str]] = []
    c = _columns("outline_nodes")
    for r in doc.rows["outline_nodes"]:
        text = _join(r[c["title"]], r[c["body"]])
        if text:
            out.append((POINT, r[c["part"]], r[c["label"]] or "", r[c["path"]], _first(r[c["pages"]]), text))
    if not doc.rows["outline_nodes"]:  # a document.json from before the outline: its work points
        c = _columns("work_points")
        for r in doc.rows["work_points"]:
            ref = f"{r[c['section_no']]}.{r[c['point_no']]}"
            out.append((POINT, r[c["section_title"]] or "", ref, ref, _first(r[c["pages"]]),
                        _join(r[c["title"]], r[c["body"]])))
    c = _columns("key_tasks")
    task_cells: set[str] = set()
    for r in doc.rows["key_tasks"]:
        fields = [r[c[k]] or "" for k in ("task", "q1", "q2", "q3", "q4")]
        task_cells.update(f for f in fields if f)
        offices = "、".join(r[c["departments"]] or [])
        text = "\n".join(f for f in [*fields, offices] if f)
        out.append((TASK, TASK_PART, r[c["no"]], r[c["no"]], _first(r[c["pages"]]), text))
    c = _columns("table_cells")
    for r in doc.rows["table_cells"]:
        text = r[c["text"]] or ""
        if not text.strip() or text in task_cells:
            continue
        label = f"{r[c['column_name']]}, row {r[c['row']] + 1}"
        ref = f"{r[c['table_no']]}:{r[c['row']]}:{r[c['col']]}"
        out.append((CELL, f"table {r[c['table_no']]}", label, ref, _first(r[c["pages"]]), text))
    return out


def index_rows(doc: DocumentRows, cache_dir: str | None = None) -> tuple[list[Row], list[Row]]:
    """Rows of ``search_items`` and ``search_terms`` for the document."""
    item_rows: list[Row] = []
    term_rows: list[Row] = []
    for item_id, (kind, part, label, ref, page, text) in enumerate(items(doc), start=1):
        counts = Counter(terms_of(text, cache_dir))
        item_rows.append((doc.doc_id, item_id, kind, part, label, ref, page, text, sum(counts.values())))
        term_rows.extend((doc.doc_id, item_id, term, tf) for term, tf in sorted(counts.items()))
    return item_rows, term_rows


def terms_of(text: str, cache_dir: str | None = None) -> list[str]:
    """Index terms of ``text`` (also of a query), as the enrichment stage cuts them."""
    from ..enrich.lexicon import get_lexicon
    from ..enrich.links import terms

    return terms(get_lexicon(cache_dir), text, _stopwords())


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from ..enrich import stopwords

    return stopwords()


def _join(title: str | None, body: str | None) -> str:
    """A heading's text as printed: a run-in title lost its closing 。 to the split."""
    title, body = (title or "").strip(), (body or "").strip()
    if title and body:
        return f"{title}{'' if title[-1] in '。：:；;！？' else '。'}{body}"
    return title or body


def _first(pages: Any) -> int | None:
    return pages[0] if pages else None
