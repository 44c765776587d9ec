"""The enrichment: task↔point links, quantitative targets with quarter series, keywords.

Runs after the structure and table stages on a :class:`~extract.model.Document` and
returns an :class:`Enrichment`, which :func:`enrichment_json` and the ``*_table``
functions turn into the ``enrichment`` block of ``document.json`` and into CSV rows.

* **links** (:mod:`extract.enrich.links`): each key task's best work points by BM25 over
  jieba terms, with score and shared terms.
* **targets** (:mod:`extract.enrich.targets`): numbers with unit, bound and subject, in
  the work points and in every cell of the key-task table; a task whose quarter cells
  measure the same thing also gives a **series** (50 → 60 → 70 → 80 %).
* **keywords**: jieba.analyse's TF-IDF (term frequency × jieba's IDF table, median IDF
  for unknown words) for each point and each task, over jieba's segmentation.

Segmentation is jieba with the domain dictionary ``data/userdict.txt``; the cost of
jieba's big dictionary is kept small by :mod:`extract.enrich.lexicon` (cached in the
project cache folder, loaded once per process, only the words the document can hold).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document, KeyTaskRow, Point
from .lexicon import Lexicon, get_lexicon, import_jieba, package_text, read_user_dict
from .links import Link, LinkParams, PointText, TaskText, link_tasks
from .targets import QUARTER_FIELDS, Series, Target, find_quantities, find_series

TOP_KEYWORDS = 8
ROUND = 4

LINK_COLUMNS = ["task_no", "task", "rank", "section_no", "point_no", "point_title", "score", "shared_terms"]
TARGET_COLUMNS = [
    "source", "task_no", "section_no", "point_no", "field", "quarter", "subject", "value", "value_max", "unit",
    "bound", "text", "start", "end", "context", "pages", "series",
]
SERIES_COLUMNS = ["series", "task_no", "subject", "unit", "quarter", "value", "bound", "trend", "annual"]
KEYWORD_COLUMNS = ["source", "task_no", "section_no", "point_no", "rank", "term", "weight"]


@dataclass(frozen=True, slots=True)
class Keywords:
    source: str  # "point" | "task"
    task_no: int | str | None
    section_no: int | None
    point_no: int | None
    terms: tuple[tuple[str, float], ...]  # (term, weight), heaviest first


@dataclass(slots=True)
class Enrichment:
    links: list[Link] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    keywords: list[Keywords] = field(default_factory=list)
    method: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in package_text("stopwords.txt").splitlines():
        words.update(line.split("#", 1)[0].split())
    # jieba.analyse's own stop words (English function words).
    words.update(
        "the of is and to in that we for an are by be as on with can if from which you it this then at have all not "
        "one has or".split()
    )
    return frozenset(words)


@lru_cache(maxsize=1)
def user_dictionary_info() -> dict[str, Any]:
    text = package_text("userdict.txt")
    return {
        "file": "userdict.txt",
        "entries": len(read_user_dict(text)),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    }


# ---- the document's texts ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PointUnit:
    section_no: int
    point: Point
    fields: tuple[tuple[str, str], ...]  # (field, text), children included

    @property
    def body(self) -> str:
        return "\n".join(text for name, text in self.fields if name != "title")


def _point_fields(point: Point, prefix: str = "") -> list[tuple[str, str]]:
    out = [(f"{prefix}title", point.title or ""), (f"{prefix}body", point.body or "")]
    for child in point.children:
        out.extend(_point_fields(child, f"{prefix}{child.no}."))
    return out


def _points(doc: Document) -> list[_PointUnit]:
    return [
        _PointUnit(section.no, point, tuple(_point_fields(point)))
        for section in doc.sections
        for point in section.points
    ]


def _task_fields(row: KeyTaskRow) -> list[tuple[str, str]]:
    return [("task", row.task or "")] + [(q, getattr(row, q) or "") for q in QUARTER_FIELDS]


def _cell_pages(row: KeyTaskRow, key: str) -> tuple[int, ...]:
    pages = sorted({w.page for w in row.where.get(key, [])})
    return tuple(pages) if pages else tuple(row.pages)


def _all_texts(doc: Document) -> Iterator[str]:
    for unit in _points(doc):
        for _, text in unit.fields:
            yield text
    for row in doc.key_tasks.rows:
        for _, text in _task_fields(row):
            yield text


# ---- keywords ------------------------------------------------------------------


def keywords_of(lex: Lexicon, texts: list[str], top: int = TOP_KEYWORDS) -> tuple[tuple[str, float], ...]:
    """jieba.analyse.extract_tags' TF-IDF over ``texts`` as one text, without numbers or stop words.

    jieba cuts a text block by block between non-Chinese characters, so the parts can be
    cut one by one (and their cuts reused) as if joined by line breaks.
    """
    stop = stopwords()
    counts: dict[str, int] = {}
    for w in (w for text in texts for w in lex.cut(text)):
        w = w.strip()
        if len(w) < 2 or w.lower() in stop or w in stop or not any(ch.isalpha() for ch in w):
            continue
        counts[w] = counts.get(w, 0) + 1
    if not counts:
        return ()
    total = sum(counts.values())
    order = {w: i for i, w in enumerate(counts)}
    weights = {w: c * lex.idf(w) / total for w, c in counts.items()}
    ranked = sorted(weights, key=lambda w: (-weights[w], order[w]))[:top]
    return tuple((w, round(weights[w], ROUND)) for w in ranked)


# ---- the stage -----------------------------------------------------------------


def enrich(doc: Document, cache_dir: str | Path | None = None, params: LinkParams | None = None) -> Enrichment:
    """Links, targets, series and keywords of one document (empty lists when it has no points or tasks).

    ``cache_dir`` is where jieba's dictionary is cached (default: the project cache folder,
    see :func:`extract.enrich.lexicon.default_cache_dir`).
    """
    params = params or LinkParams()
    units = _points(doc)
    rows = doc.key_tasks.rows
    method = {
        "segmenter": f"jieba {import_jieba().__version__}",
        "user_dictionary": user_dictionary_info(),
        "links": {
            "ranking": "bm25",
            "k1": params.k1,
            "b": params.b,
            "title_weight": params.title_weight,
            "quarter_weight": params.quarter_weight,
            "top_k": params.top_k,
        },
        "keywords": {"weighting": "tf-idf (jieba.analyse idf)", "top": TOP_KEYWORDS},
    }
    if not units and not rows:
        return Enrichment(method=method)
    lex = get_lexicon(cache_dir)
    lex.prepare(_all_texts(doc))

    links = link_tasks(
        lex,
        [PointText(u.section_no, u.point.no, u.point.title or "", u.body) for u in units],
        [TaskText(r.no, r.task or "", tuple(getattr(r, q) or "" for q in QUARTER_FIELDS)) for r in rows],
        stopwords(),
        params,
    )

    targets: list[Target] = []
    for u in units:
        for name, text in u.fields:
            for q in find_quantities(lex, text):
                targets.append(
                    Target(source="point", task_no=None, section_no=u.section_no, point_no=u.point.no, field=name,
                           quarter=None, pages=tuple(u.point.pages), **q)
                )
    series: list[Series] = []
    for r in rows:
        task_targets = []
        for name, text in _task_fields(r):
            quarter = QUARTER_FIELDS.index(name) + 1 if name in QUARTER_FIELDS else None
            for q in find_quantities(lex, text):
                task_targets.append(
                    Target(source="task", task_no=r.no, section_no=None, point_no=None, field=name, quarter=quarter,
                           pages=_cell_pages(r, name), **q)
                )
        targets.extend(task_targets)
        series.extend(find_series(r.no, task_targets))

    keywords = [
        Keywords("point", None, u.section_no, u.point.no, keywords_of(lex, [t for _, t in u.fields])) for u in units
    ] + [Keywords("task", r.no, None, None, keywords_of(lex, [t for _, t in _task_fields(r)])) for r in rows]
    return Enrichment(links=links, targets=targets, series=series, keywords=keywords, method=method)


# ---- output --------------------------------------------------------------------


def _num(v: float | int | None) -> float | int | None:
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, ROUND)
    return v


def series_id(s: Series) -> str:
    return f"{s.task_no}:{s.subject}:{s.unit}"


def _series_of(e: Enrichment) -> dict[Target, str]:
    """Each target that belongs to a series -> the series id."""
    return {t: series_id(s) for s in e.series for t in s.targets}


def _target_json(t: Target, series: str | None) -> dict[str, Any]:
    return {
        "source": t.source,
        "task_no": t.task_no,
        "section_no": t.section_no,
        "point_no": t.point_no,
        "field": t.field,
        "quarter": t.quarter,
        "subject": t.subject,
        "value": _num(t.value),
        "value_max": _num(t.value_max),
        "unit": t.unit,
        "bound": t.bound,
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "context": t.context,
        "pages": list(t.pages),
        "series": series,
    }


def enrichment_json(e: Enrichment) -> dict[str, Any]:
    """The ``enrichment`` block of ``document.json``; deterministic, floats rounded."""
    in_series = _series_of(e)
    return {
        "method": e.method,
        "links": [
            {
                "task_no": link.task_no,
                "rank": link.rank,
                "section_no": link.section_no,
                "point_no": link.point_no,
                "score": round(link.score, ROUND),
                "shared_terms": list(link.shared_terms),
            }
            for link in e.links
        ],
        "targets": [
_target_json(t, in_series.get(t)) for t in e.targets
        ],
        "series": [
            {
                "id": series_id(s),
                "task_no": s.task_no,
                "subject": s.subject,
                "unit": s.unit,
                "trend": s.trend,
                "annual": _num(s.annual),
                "values": [
                    {"quarter": q, "value": _num(v), "bound": b}
                    for q, v, b in zip(s.quarters, s.values, s.bounds, strict=True)
                ],
            }
            for s in e.series
        ],
        "keywords": [
            {
                "source": k.source,
                "task_no": k.task_no,
                "section_no": k.section_no,
                "point_no": k.point_no,
                "terms": [{"term": w, "weight": x} for w, x in k.terms],
            }
            for k in e.keywords
        ],
    }


def _cell(v: Any) -> Any:
    return "" if v is None else v


def links_table(e: Enrichment, doc: Document) -> list[list[Any]]:
    """Rows of ``links.csv`` (:data:`LINK_COLUMNS`)."""
    titles = {(s.no, p.no): p.title for s in doc.sections for p in s.points}
    tasks = {r.no: r.task for r in doc.key_tasks.rows}
    return [
        [link.task_no, tasks.get(link.task_no, ""), link.rank, link.section_no, link.point_no,
         titles.get((link.section_no, link.point_no), ""), round(link.score, ROUND), ";".join(link.shared_terms)]
        for link in e.links
    ]


def targets_table(e: Enrichment) -> list[list[Any]]:
    """Rows of ``targets.csv`` (:data:`TARGET_COLUMNS`)."""
    in_series = _series_of(e)
    out = []
    for t in e.targets:
        d = _target_json(t, in_series.get(t))
        d["pages"] = ";".join(map(str, t.pages))
        out.append([_cell(d[c]) for c in TARGET_COLUMNS])
    return out


def series_table(e: Enrichment) -> list[list[Any]]:
    """Rows of ``series.csv`` (:data:`SERIES_COLUMNS`): one row per series and quarter."""
    return [
        [series_id(s), s.task_no, s.subject, s.unit, q, _num(v), b, s.trend, _cell(_num(s.annual))]
        for s in e.series
        for q, v, b in zip(s.quarters, s.values, s.bounds, strict=True)
    ]


def keywords_table(e: Enrichment) -> list[list[Any]]:
    """Rows of ``keywords.csv`` (:data:`KEYWORD_COLUMNS`): one row per term."""
    return [
        [k.source, _cell(k.task_no), _cell(k.section_no), _cell(k.point_no), rank, w, x]
        for k in e.keywords
        for rank, (w, x) in enumerate(k.terms, start=1)
    ]


def csv_tables(e: Enrichment, doc: Document) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The enrichment's CSV files: file name -> (header, rows)."""
    return {
        "links.csv": (LINK_COLUMNS, links_table(e, doc)),
        "targets.csv": (TARGET_COLUMNS, targets_table(e)),
        "series.csv": (SERIES_COLUMNS, series_table(e)),
        "keywords.csv": (KEYWORD_COLUMNS, keywords_table(e)),
    }



__all__ = [
    "KEYWORD_COLUMNS",
    "LINK_COLUMNS",
    "SERIES_COLUMNS",
    "TARGET_COLUMNS",
    "Enrichment",
    "csv_tables",
    "Keywords",
    "Link",
    "LinkParams",
    "Series",
    "Target",
    "enrich",
    "enrichment_json",
    "keywords_of",
    "keywords_table",
    "links_table",
    "series_table",
    "stopwords",
    "targets_table",
]
