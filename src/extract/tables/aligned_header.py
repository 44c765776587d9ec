"""The header of a table without rules: its band of lines, its columns, and the boundaries between them.

A key-task header is several header words (a task and at least two quarters, see
:mod:`.header`) printed apart on one line; the band adds wrapped header words and a
group header (进度要求) right above or below it. Column boundaries are the emptiest
vertical strips between neighbouring header words, measured over the text below.
:mod:`.text_aligned` reads the rows under them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..model import Line
from .header import DASHES, GROUP, Vocabulary

# Glyphs further apart than this share of the font size belong to different header words.
WORD_GAP = 0.5
# Longest piece of a header word wrapped over lines that is not a header word itself.
MAX_FRAGMENT = 4


@dataclass(slots=True)
class _Chunk:
    """Consecutive glyphs of one line (index range into ``Line.text``)."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]

    @property
    def x0(self) -> float:
        return self.line.char_boxes[self.start].x0

    @property
    def x1(self) -> float:
        return self.line.char_boxes[self.end - 1].x1


@dataclass(slots=True)
class Column:
    words: list[_Chunk]  # header words over the column, top to bottom
    key: str | None = None

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Group:
    word: _Chunk
    columns: list[int] = field(default_factory=list)


def slice_line(line: Line, start: int, end: int) -> Line | None:
    """The part of a line between two character indexes, blanks at its ends dropped."""
    while start < end and line.text[start].isspace():
        start += 1
    while end > start and line.text[end - 1].isspace():
        end -= 1
    return line.slice(start, end) if start < end else None


def _chunks(line: Line) -> list[_Chunk]:
    """A line cut where glyphs stand apart by more than ``WORD_GAP`` of the font size."""
    out: list[_Chunk] = []
    start = None
    prev = None
    for i, ch in enumerate(line.text):
        if ch.isspace():
            continue
        box = line.char_boxes[i]
        if prev is not None and box.x0 - line.char_boxes[prev].x1 > WORD_GAP * max(line.size, 1.0):
            out.append(_Chunk(line, start, prev + 1))  # type: ignore[arg-type]
            start = None
        if start is None:
            start = i
        prev = i
    if start is not None and prev is not None:
        out.append(_Chunk(line, start, prev + 1))
    return out


def _header_words(line: Line, vocab: Vocabulary) -> list[_Chunk]:
    """A line's words, letter-spaced header words (序  号) put back together."""
    chunks = _chunks(line)
    merged: list[_Chunk] = []
    for chunk in chunks:
        if merged:
            last = merged[-1]
            both = _Chunk(line, last.start, chunk.end)
            if vocab.match(last.text) is None and vocab.match(chunk.text) is None and vocab.is_word(both.text):
                merged[-1] = both
                continue
        merged.append(chunk)
    return merged


def quick_candidate(line: Line, quarter_words: list[list[str]]) -> bool:
    """Cheap test before any real work: words of at least two different quarters on one line."""
    if len(line.text) < 4:
        return False
    text = DASHES.sub("-", unicodedata.normalize("NFKC", line.text)).replace(" ", "").casefold()
    return sum(1 for words in quarter_words if any(w in text for w in words)) >= 2


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _headerish(chunk: _Chunk, vocab: Vocabulary) -> bool:
    """A header word, or a short non-numeric fragment of one wrapped over lines (牵头领 / 导)."""
    text = chunk.text.strip()
    if vocab.match(text) is not None:
        return True
    return len(text) <= MAX_FRAGMENT and not any(ch.isdigit() for ch in text)


def header_band(lines: list[Line], k: int, vocab: Vocabulary) -> tuple[int, int]:
    """The header band around line ``k``: neighbours close above and below whose words are all header-like."""
    lo = hi = k
    while lo > 0:
        prev, cur = lines[lo - 1], lines[lo]
        if cur.box.top - prev.box.bottom >= cur.box.height or not all(
            _headerish(c, vocab) for c in _header_words(prev, vocab)
        ):
            break
        lo -= 1
    while hi + 1 < len(lines):
        cur, nxt = lines[hi], lines[hi + 1]
        if nxt.box.top - cur.box.bottom >= cur.box.height or not all(
            _headerish(c, vocab) for c in _header_words(nxt, vocab)
        ):
            break
        hi += 1
    return lo, hi


def header_columns(band: list[Line], vocab: Vocabulary) -> tuple[list[Column], list[_Chunk]]:
    """Header words of the band as columns (words stacked over one column) and groups (words over several)."""
    chunks = [c for line in band for c in _header_words(line, vocab)]

    def is_group(chunk: _Chunk) -> bool:
        key = vocab.match(chunk.text)
        if key == GROUP:
            return True
        below = [
            o for o in chunks
            if o.line.box.top >= chunk.line.box.bottom - 1.0 and _overlap(chunk.x0, chunk.x1, o.x0, o.x1) > 0
        ]
        return key is None and len(below) >= 2

    group_words = [c for c in chunks if is_group(c)]
    columns: list[Column] = []
    for chunk in sorted((c for c in chunks if not any(c is g for g in group_words)), key=lambda c: c.x0):
        if columns and _overlap(chunk.x0, chunk.x1, columns[-1].x0, columns[-1].x1) > 0:
            columns[-1].words.append(chunk)
        else:
            columns.append(Column([chunk]))
    for col in columns:
        col.words.sort(key=lambda w: w.line.box.top)
        col.key = vocab.match("".join(w.text for w in col.words))
    return columns, group_words


def column_groups(words: list[_Chunk], columns: list[Column], edges: list[float]) -> list[Group]:
    """The columns each group word heads: those under it, widened over neighbours headed on the same line.

    Without rules a group word's span is not drawn; it is centred over its columns, whose own words sit
    on one line below it (进度要求 over 第一季度 … 第四季度).
    """
    out = []
    for word in words:
        under = [i for i in range(len(columns)) if _overlap(word.x0, word.x1, edges[i], edges[i + 1]) > 0]
        if not under:
            continue

        def level(i: int) -> float:
            return columns[i].words[0].line.box.top

        if any(level(i) <= word.line.box.top for i in under):
            continue
        lo, hi = min(under), max(under)
        while lo > 0 and abs(level(lo - 1) - level(lo)) < 1.0:
            lo -= 1
        while hi + 1 < len(columns) and abs(level(hi + 1) - level(hi)) < 1.0:
            hi += 1
        out.append(Group(word, list(range(lo, hi + 1))))
    return out


def boundaries(columns: list[Column], body: list[Line], left: float, right: float) -> list[float]:
    """x of the emptiest strip between each pair of neighbouring columns."""
    marks = [
        (b.x0, b.x1) for line in body for b, ch in zip(line.char_boxes, line.text, strict=False) if not ch.isspace()
    ]
    out = []
    for left_col, right_col in zip(columns, columns[1:], strict=False):
        lo, hi = left_col.mid, right_col.mid
        # Candidate cut positions every half point; keep the ones fewest glyphs cover.
        steps = max(2, int((hi - lo) * 2))
        best: list[float] = []
        best_count = None
        for k in range(1, steps):
            x = lo + (hi - lo) * k / steps
            count = sum(1 for a, b in marks if a < x < b)
            if best_count is None or count < best_count:
                best, best_count = [x], count
            elif count == best_count:
                best.append(x)
        # The widest run of equally empty positions; prefer the one nearest the right header word.
        runs: list[list[float]] = []
        for x in best:
            if runs and x - runs[-1][-1] <= (hi - lo) / steps * 1.5:
                runs[-1].append(x)
            else:
                runs.append([x])
        run = max(runs, key=lambda r: (r[-1] - r[0], r[0]))
        out.append((run[0] + run[-1]) / 2)
    return [left, *out, right]
