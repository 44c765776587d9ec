"""Which item of the old document is which of the new one: text similarity and an optimal assignment.

Numbering is no identity (a dropped point renumbers every point after it), so items are
paired by what they say. Each item's text is cut into terms by the pipeline's jieba lexicon
(the same segmentation and stop words the enrichment uses; punctuation dropped), and two
items score the Indel similarity of their term sequences (rapidfuzz: twice the longest common
subsequence over the summed lengths, 1.0 for the same terms in the same order). Where both
carry a title (a point's heading, a key task's own text), the score is the better of that
and the mean of it with the titles' similarity, so that a point whose body was rewritten
under the same heading still finds itself. scipy's ``linear_sum_assignment`` then pairs
items so that the summed similarity is the largest, and pairs scoring under the threshold
are split again: the old item is dropped, the new one is new.

Sections are paired the same way afterwards, by how many paired points they share (and
their titles' similarity to break ties), so that a point is *moved* only when it sits under
a section that is not its old section's counterpart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..enrich import stopwords
from ..enrich.lexicon import Lexicon

DEFAULT_THRESHOLD = 0.4


@dataclass(frozen=True, slots=True)
class Terms:
    """An item's terms: its title's and its whole text's (title included)."""

    title: tuple[str, ...]
    text: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    old: int | None  # index among the old items; None for a new item
    new: int | None  # index among the new items; None for a dropped item
    similarity: float | None  # None for a new or dropped item


def terms_of(lex: Lexicon, title: str, text: str) -> Terms:
    """jieba terms without stop words and without tokens lacking a letter, digit or ideograph."""
    stop = stopwords()

    def cut(s: str) -> tuple[str, ...]:
        return tuple(w for w in lex.cut(s) if w not in stop and any(ch.isalnum() for ch in w))

    return Terms(cut(title), cut(text))


def similarity_matrix(old: Sequence[Terms], new: Sequence[Terms]) -> np.ndarray:
    """Similarity in [0, 1] of every old item (rows) with every new item (columns)."""
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cdist

    if not old or not new:
        return np.zeros((len(old), len(new)), dtype=np.float64)
    text = cdist([t.text for t in old], [t.text for t in new], scorer=Indel.normalized_similarity)
    title = cdist([t.title for t in old], [t.title for t in new], scorer=Indel.normalized_similarity)
    both = np.outer([bool(t.title) for t in old], [bool(t.title) for t in new])
    # rounded so that the score and every decision taken on it are the same on any machine
    text = np.round(text.astype(np.float64), 4)
    title = np.round(title.astype(np.float64), 4)
    return np.where(both, np.maximum(text, np.round((text + title) / 2, 4)), text)


def assign(sim: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> list[Pair]:
    """Optimal one-to-one pairs scoring at least ``threshold``, and the items left alone.

    Returned in the new document's order, each dropped item placed after the pair that holds
    the old item before it, so the list reads like the two documents side by side.
    """
    from scipy.optimize import linear_sum_assignment

    n_old, n_new = sim.shape
    paired: dict[int, tuple[int, float]] = {}  # new -> (old, similarity)
    if n_old and n_new:
        # A faint preference for keeping the reading order decides between equal scores (two identical points).
        rows = np.arange(n_old)[:, None] / max(n_old, 1)
        cols = np.arange(n_new)[None, :] / max(n_new, 1)
        cost = -sim + 1e-6 * np.abs(rows - cols)
        for i, j in zip(*linear_sum_assignment(cost), strict=True):
            if sim[i, j] >= threshold:
                paired[int(j)] = (int(i), float(sim[i, j]))
    pairs = [
        Pair(paired[j][0], j, paired[j][1]) if j in paired else Pair(None, j, None) for j in range(n_new)
    ]
    taken = {old for old, _ in paired.values()}
    for i in sorted(set(range(n_old)) - taken):
        at = 0  # after the last item holding an earlier old item (earlier dropped ones included)
        for k, p in enumerate(pairs):
            if p.old is not None and p.old < i:
                at = k + 1
        pairs.insert(at, Pair(i, None, None))
    return pairs


def pair_sections(
    links: Sequence[tuple[int, int]], old_titles: Sequence[Terms], new_titles: Sequence[Terms]
) -> dict[int, int]:
    """Old section -> new section, by the paired points they share (``links``: one (old, new) per point pair).

    A section's title similarity (below 1, while each shared point counts 1) only decides
    between sections sharing as many points, or pairs sections that share none.
    """
    from scipy.optimize import linear_sum_assignment

    if not old_titles or not new_titles:
        return {}
    score = similarity_matrix(old_titles, new_titles) * 0.5
    for i, j in links:
        score[i, j] += 1.0
    out = {}
    for i, j in zip(*linear_sum_assignment(-score), strict=True):
        if score[i, j] >= 0.5 * DEFAULT_THRESHOLD:
            out[int(i)] = int(j)
    return out
