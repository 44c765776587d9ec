"""Links from each key task to the work points it implements, ranked by BM25.

Every work point is a document (its title counted ``title_weight`` times, then its
body); every key task is a query (its task text, plus its quarter cells at
``quarter_weight``). Terms are jieba's search-mode segmentation (words and the
dictionary words inside them, so 校外培训机构 also matches 培训机构), without one-character
words, numbers and the stop words of ``data/stopwords.txt``. A link keeps its score and
the shared terms that produced it, the heaviest first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .lexicon import Lexicon

_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass(frozen=True, slots=True)
class LinkParams:
    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 2.0
    quarter_weight: float = 0.5
    top_k: int = 3
    max_terms: int = 8


@dataclass(frozen=True, slots=True)
class PointText:
    section_no: int
    point_no: int
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class TaskText:
    task_no: int | str
    task: str
    quarters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    task_no: int | str
    rank: int  # 1 = best
    section_no: int
    point_no: int
    score: float
    shared_terms: tuple[str, ...]


def terms(lex: Lexicon, text: str, stopwords: frozenset[str]) -> list[str]:
    """Index terms of ``text`` for ranking."""
    return [
        w
        for w in lex.cut_for_search(text)
        if len(w) >= 2 and _WORDY.search(w) and w not in stopwords and w.lower() not in stopwords
    ]


def _bag(parts: Iterable[tuple[list[str], float]]) -> dict[str, float]:
    bag: dict[str, float] = {}
    for words, weight in parts:
        if weight <= 0:
            continue
        for w in words:
            bag[w] = bag.get(w, 0.0) + weight
    return bag


def _maximal(words: list[str]) -> list[str]:
    """Drop a term that is part of a longer one in the list (培训机构 inside 校外培训机构)."""
    return [w for w in words if not any(w != o and w in o for o in words)]


def link_tasks(
    lex: Lexicon,
    points: Sequence[PointText],
    tasks: Sequence[TaskText],
    stopwords: frozenset[str],
    params: LinkParams | None = None,
) -> list[Link]:
    """The ``top_k`` best points of each task (score > 0), tasks in order, best point first."""
    p = params or LinkParams()
    if not points or not tasks:
        return []
    docs = [
        _bag([(terms(lex, pt.title, stopwords), p.title_weight), (terms(lex, pt.body, stopwords), 1.0)])
        for pt in points
    ]
    n = len(docs)
    df = Counter(w for d in docs for w in d)
    idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
    lengths = [sum(d.values()) for d in docs]
    avg = (sum(lengths) / n) or 1.0
    out: list[Link] = []
    for task in tasks:
        query = _bag(
            [(terms(lex, task.task, stopwords), 1.0)]
            + [(terms(lex, q, stopwords), p.quarter_weight) for q in task.quarters]
        )
        scored = []
        for i, doc in enumerate(docs):
            norm = p.k1 * (1 - p.b + p.b * lengths[i] / avg)
            contrib = {}
            for w, qf in query.items():
                tf = doc.get(w)
                if tf:
                    contrib[w] = qf * idf[w] * tf * (p.k1 + 1) / (tf + norm)
            score = sum(contrib.values())
            if score > 0:
                scored.append((score, i, contrib))
        scored.sort(key=lambda s: (-s[0], s[1]))
        for rank, (score, i, contrib) in enumerate(scored[: p.top_k], start=1):
            shared = sorted(contrib, key=lambda w: (-contrib[w], w))
            out.append(
                Link(
                    task_no=task.task_no,
                    rank=rank,
                    section_no=points[i].section_no,
                    point_no=points[i].point_no,
                    score=score,
                    shared_terms=tuple(_maximal(shared)[: p.max_terms]),
                )
            )
    return out


__all__ = ["Link", "LinkParams", "PointText", "TaskText", "link_tasks", "terms"]
