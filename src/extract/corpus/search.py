"""Chinese full-text search over a corpus database: BM25 over jieba terms, in SQL.

The query is cut into terms as the items were (:func:`extract.corpus.index.terms_of`), and each
item scores Okapi BM25 (k1 = 1.2, b = 0.75, the idf of the enrichment stage's links) over the
whole corpus's ``search_items`` and ``search_terms``, computed by DuckDB at query time, so a
document loaded or replaced changes the statistics at once and nothing is downloaded (DuckDB's
own full-text extension is not in its wheel and is fetched at first use). Items that hold the
query's words verbatim (each of its space-separated parts) rank before those found only through
their terms, so a phrase copied from a point finds that point first; a query without index terms
(one character, a number) still finds items that contain it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .database import open_corpus
from .index import KINDS, terms_of

K1, B = 1.2, 0.75
SNIPPET = 36  # characters either side of the match

_SQL = """
WITH q AS (SELECT unnest($terms::VARCHAR[]) AS term, unnest($weights::DOUBLE[]) AS qf),
stats AS (SELECT count(*)::DOUBLE AS n, greatest(coalesce(avg(length), 0), 1)::DOUBLE AS avgdl FROM search_items),
matches AS (SELECT t.doc_id, t.item_id, t.term, t.tf FROM search_terms t JOIN q USING (term)),
df AS (SELECT term, count(*)::DOUBLE AS df FROM matches GROUP BY term),
scores AS (
    SELECT m.doc_id, m.item_id,
           sum(q.qf * ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5)) * m.tf * ($k1 + 1)
               / (m.tf + $k1 * (1 - $b + $b * i.length / stats.avgdl))) AS score
    FROM matches m JOIN q USING (term) JOIN df USING (term) JOIN search_items i USING (doc_id, item_id), stats
    GROUP BY m.doc_id, m.item_id
),
verbatim AS (SELECT doc_id, item_id FROM search_items WHERE {verbatim}),
found AS (
    SELECT doc_id, item_id, coalesce(s.score, 0) AS score, v.item_id IS NOT NULL AS exact
    FROM scores s FULL JOIN verbatim v USING (doc_id, item_id)
)
SELECT i.doc_id, d.title, d.year, i.kind, i.part, i.label, i.ref, i.page, f.score, f.exact, i.text
FROM found f JOIN search_items i USING (doc_id, item_id) JOIN documents d USING (doc_id)
WHERE list_contains($kinds, i.kind)
ORDER BY f.exact DESC, f.score DESC, i.doc_id, i.item_id
LIMIT $limit
"""

# What one query may hold: far more than anyone types, far less than a pasted document.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
MAX_QUERY_TERMS = 128
FEWER = "search for a few words"


@dataclass(frozen=True, slots=True)
class Hit:
    rank: int
    doc_id: str
    title: str | None
    year: int | None
    kind: str  # point, task or cell
    part: str  # body, attachment N, key tasks, table N
    label: str  # 一、 1. (a heading), the task's number, the cell's column and row
    ref: str  # outline path, task number, or table:row:col (rows and columns from 0)
    page: int | None
    score: float
    verbatim: bool
    snippet: str
    text: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def search(
    db: Path, query: str, limit: int = 10, kinds: tuple[str, ...] = KINDS, cache_dir: str | None = None
) -> list[Hit]:
    """The ``limit`` best items for ``query``, best first."""
    words = query.split()
    if not words:
        raise InputError("query", "is empty; give words to search for")
    _check_size(query, words)
    con = open_corpus(Path(db))  # a missing or foreign file is said before jieba is loaded
    try:
        counts = Counter(t for w in words for t in terms_of(w, cache_dir))
        terms = sorted(counts)
        if len(terms) > MAX_QUERY_TERMS:  # each term is a join in the ranking query
            raise InputError("query", f"has {len(terms):,} terms, more than the limit of {MAX_QUERY_TERMS}; {FEWER}")
        verbatim = " AND ".join(f"contains(text, $w{i})" for i in range(len(words)))
        params: dict[str, Any] = {
            "terms": terms, "weights": [float(counts[t]) for t in terms], "k1": K1, "b": B,
            "kinds": list(kinds), "limit": limit,
        } | {f"w{i}": w for i, w in enumerate(words)}
        rows = con.execute(_SQL.format(verbatim=verbatim), params).fetchall()
    finally:
        con.close()
    return [
        Hit(rank, doc_id, title, year, kind, part, label, ref, page, round(score, 4), exact,
            snippet(text, words, terms), text)
        for rank, (doc_id, title, year, kind, part, label, ref, page, score, exact, text) in enumerate(rows, start=1)
    ]


def _check_size(query: str, words: list[str]) -> None:
    """A query is a few words: thousands make DuckDB plan a query of thousands of clauses (gigabytes, a crash)."""
    if len(words) > MAX_QUERY_WORDS:
        raise InputError("query", f"has {len(words):,} words, more than the limit of {MAX_QUERY_WORDS}; {FEWER}")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError("query", f"is {len(query):,} characters, more than the limit of {MAX_QUERY_CHARS}; {FEWER}")


def snippet(text: str, words: list[str], terms: list[str]) -> str:
    """The text around the first place the query (else its longest term) occurs, on one line."""
    flat = re.sub(r"\s+", " ", text).strip()
    at, size = -1, 0
    for needle in [*words, *sorted(terms, key=len, reverse=True)]:
        at = flat.find(needle)
        if at >= 0:
            size = len(needle)
            break
    if at < 0:
        return flat[: 2 * SNIPPET] + ("…" if len(flat) > 2 * SNIPPET else "")
    start, end = max(0, at - SNIPPET), min(len(flat), at + size + SNIPPET)
    return ("…" if start > 0 else "") + flat[start:end] + ("…" if end < len(flat) else "")


def format_hits(hits: list[Hit]) -> list[str]:
    """Two lines a hit: rank, document, part, label, page and score; then the snippet."""
    lines = []
    for h in hits:
        page = f"p.{h.page}" if h.page is not None else "p.-"
        lines.append(f"{h.rank:>3}  {h.doc_id}  {h.part}  {h.label}  {page}  score {h.score:.2f}")
        lines.append(f"     {h.snippet}")
    return lines
