"""Tables without rules, read from text alignment (the fallback of the table finder).

Only pages without ruled tables are looked at, and only where one line reads like
a key-task header — several header words (a task and at least two quarters, see
:mod:`.header`) printed apart on one line. From there:

* the header band is that line plus wrapped header words or a group header
  (进度要求) right above or below it, and column boundaries are the emptiest
  vertical strips between neighbouring header words, measured over the text
  below (:mod:`.aligned_header`);
* the table runs down until a line crosses those boundaries (a paragraph) or a
  wide vertical gap; rows break at the taller gaps between lines, or — when rows
  are packed — at each line that starts a new number in the 序号 column;
* a table that runs to the foot of its page goes on at the top of the next page
  when that page has no header: its lines are taken while they stay inside the
  same columns.

The result is an ordinary ``Table`` (one ``Cell`` per row and column), so the table
stage treats it like a ruled one; its lines leave ``Page.lines``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..model import Box, Cell, Line, Page, Table
from .aligned_header import (
    Column,
    Group,
    boundaries,
    column_groups,
    header_band,
    header_columns,
    quick_candidate,
    slice_line,
)
from .header import QUARTERS, Vocabulary, default_vocabulary, is_key_task_header

# Below the header, a vertical gap wider than this many line heights ends the table.
TABLE_END_GAP = 2.5


def _column_of(x: float, edges: list[float]) -> int:
    for i in range(len(edges) - 1):
        if x < edges[i + 1]:
            return i
    return len(edges) - 2


def _split(line: Line, edges: list[float]) -> dict[int, Line]:
    """A line's pieces per column, by where each glyph's centre falls."""
    pieces: dict[int, Line] = {}
    start = 0
    current = None
    for i, box in enumerate(line.char_boxes):
        col = _column_of((box.x0 + box.x1) / 2, edges)
        if line.text[i].isspace():
            continue
        if current is None:
            current, start = col, i
        elif col != current:
            part = slice_line(line, start, i)
            if part is not None:
                pieces[current] = part
            current, start = col, i
    if current is not None:
        part = slice_line(line, start, len(line.text))
        if part is not None:
            pieces[current] = part
    return pieces


def _crosses(line: Line, edges: list[float]) -> bool:
    """A line whose glyphs run over a column boundary is not table text."""
    inner = edges[1:-1]
    return any(
        b.x0 < x < b.x1 - 0.1 * b.width
        for b, ch in zip(line.char_boxes, line.text, strict=False)
        if not ch.isspace()
        for x in inner
    )


def _rows(body: list[Line], pieces: list[dict[int, Line]], no_col: int | None) -> list[list[int]]:
    """Body line indexes grouped into table rows."""
    if not body:
        return []
    gaps = [body[k + 1].box.top - body[k].box.bottom for k in range(len(body) - 1)]
    rows: list[list[int]] = [[0]]
    if gaps:
        tight = min(gaps)
        height = statistics.median(ln.box.height for ln in body)
        cut = max(1.5 * tight, tight + 0.4 * height)
        breaks = [g > cut for g in gaps]
        if not any(breaks) and no_col is not None:
            breaks = [no_col in pieces[k + 1] for k in range(len(body) - 1)]
        for k, brk in enumerate(breaks):
            if brk:
                rows.append([k + 1])
            else:
                rows[-1].append(k + 1)
    return rows


def _table(
    page: Page,
    header: list[Line],
    columns: list[Column],
    groups: list[Group],
    body: list[Line],
    edges: list[float],
) -> Table:
    no_col = next((i for i, c in enumerate(columns) if c.key == "no"), None)
    head_top = min(ln.box.top for ln in header)
    head_bottom = max(ln.box.bottom for ln in header)
    group_bottom = max((g.word.line.box.bottom for g in groups), default=head_top)
    rows: list[list[Cell | None]] = []
    ncols = len(columns)
    if groups:
        row: list[Cell | None] = [None] * ncols
        grouped = {c for g in groups for c in g.columns}
        for g in groups:
            first, last = min(g.columns), max(g.columns)
            word = slice_line(g.word.line, g.word.start, g.word.end)
            box = Box(edges[first], head_top, edges[last + 1], group_bottom)
            row[first] = Cell(0, first, box, [word] if word else [])
        for c in range(ncols):
            if c not in grouped:
                row[c] = Cell(0, c, Box(edges[c], head_top, edges[c + 1], head_bottom), _word_lines(columns[c]))
        rows.append(row)
        row = [None] * ncols
        for c in grouped:
            row[c] = Cell(1, c, Box(edges[c], group_bottom, edges[c + 1], head_bottom), _word_lines(columns[c]))
        rows.append(row)
    else:
        rows.append(
            [
                Cell(0, c, Box(edges[c], head_top, edges[c + 1], head_bottom), _word_lines(columns[c]))
                for c in range(ncols)
            ]
        )
    rows.extend(_body_rows(body, edges, no_col, head_bottom, len(rows)))
    box = Box(edges[0], head_top, edges[-1], max(c.box.bottom for row in rows for c in row if c is not None))
    return Table(page.number, box, rows)


def _body_rows(
    body: list[Line], edges: list[float], no_col: int | None, top: float, first: int
) -> list[list[Cell | None]]:
    """Body lines as table rows of one cell per column, starting at ``top`` with row index ``first``."""
    pieces = [_split(line, edges) for line in body]
    bounds = _rows(body, pieces, no_col)
    out: list[list[Cell | None]] = []
    for n, group in enumerate(bounds):
        bottom = body[group[-1]].box.bottom
        if n + 1 < len(bounds):
            bottom = (bottom + body[bounds[n + 1][0]].box.top) / 2
        cells: list[Cell | None] = []
        for c in range(len(edges) - 1):
            lines = [pieces[k][c] for k in group if c in pieces[k]]
            cells.append(Cell(first + n, c, Box(edges[c], top, edges[c + 1], bottom), lines))
        out.append(cells)
        top = bottom
    return out


def _word_lines(col: Column) -> list[Line]:
    out = []
    for w in col.words:
        part = slice_line(w.line, w.start, w.end)
        if part is not None:
            out.append(part)
    return out


def find_text_tables(page: Page, vocab: Vocabulary | None = None) -> list[Table]:
    """Key-task tables on a page without rules; their lines are taken out of ``page.lines``."""
    return [t.table for t in _find(page, vocab)]


@dataclass(slots=True)
class _Found:
    table: Table
    edges: list[float]
    no_col: int | None


def _find(page: Page, vocab: Vocabulary | None = None) -> list[_Found]:
    vocab = vocab or default_vocabulary()
    quarter_words = [vocab.words.get(q, []) for q in QUARTERS]
    if not any(quick_candidate(line, quarter_words) for line in page.lines):
        return []
    lines = sorted(page.lines, key=lambda ln: (ln.box.top, ln.box.x0))
    tables: list[_Found] = []
    used: set[int] = set()
    k = 0
    while k < len(lines):
        line = lines[k]
        if not quick_candidate(line, quarter_words):
            k += 1
            continue
        lo, hi = header_band(lines, k, vocab)
        header = lines[lo : hi + 1]
        columns, group_words = header_columns(header, vocab)
        if len(columns) < 3 or not is_key_task_header({c.key for c in columns if c.key}):
            k += 1
            continue
        # The body: down to a wide gap, then cut where a line crosses the columns.
        body: list[Line] = []
        bottom = header[-1].box.bottom
        j = hi + 1
        while j < len(lines):
            nxt = lines[j]
            if nxt.box.top - bottom > TABLE_END_GAP * max(nxt.box.height, 1.0):
                break
            body.append(nxt)
            bottom = max(bottom, nxt.box.bottom)
            j += 1
        left = min([c.x0 for c in columns] + [ln.box.x0 for ln in body]) - 1.0
        right = max([c.x1 for c in columns] + [ln.box.x1 for ln in body]) + 1.0
        edges = boundaries(columns, body, left, right)
        for n, ln in enumerate(body):
            if _crosses(ln, edges):
                body = body[:n]
                break
        if body:
            left = min([c.x0 for c in columns] + [ln.box.x0 for ln in body]) - 1.0
            right = max([c.x1 for c in columns] + [ln.box.x1 for ln in body]) + 1.0
            edges = boundaries(columns, body, left, right)
        groups = column_groups(group_words, columns, edges)
        no_col = next((i for i, c in enumerate(columns) if c.key == "no"), None)
        tables.append(_Found(_table(page, header, columns, groups, body, edges), edges, no_col))
        used.update(id(ln) for ln in (*header, *body))
        k = hi + 1 + len(body)
    if tables:
        page.lines = [ln for ln in page.lines if id(ln) not in used]
    return tables


def _continuation(page: Page, found: _Found) -> _Found | None:
    """The top of a page continuing a table without rules whose header is not repeated.

    Lines are taken from the top of the page while they stay inside the previous table's columns.
    """
    edges = found.edges
    lines = sorted(page.lines, key=lambda ln: (ln.box.top, ln.box.x0))
    body: list[Line] = []
    for line in lines:
        if body and line.box.top - body[-1].box.bottom > TABLE_END_GAP * max(line.box.height, 1.0):
            break
        if _crosses(line, edges) or line.box.x0 < edges[0] - 2.0 or line.box.x1 > edges[-1] + 2.0:
            break
        body.append(line)
    if not body or all(len(_split(line, edges)) < 2 for line in body):
        return None
    top = min(ln.box.top for ln in body)
    rows = _body_rows(body, edges, found.no_col, top, 0)
    box = Box(edges[0], top, edges[-1], max(ln.box.bottom for ln in body))
    used = {id(ln) for ln in body}
    page.lines = [ln for ln in page.lines if id(ln) not in used]
    return _Found(Table(page.number, box, rows), edges, found.no_col)


def add_text_tables(pages: list[Page], vocab: Vocabulary | None = None) -> None:
    """Tables without rules on every page that has no ruled table, continued over pages without a header."""
    carry: _Found | None = None
    for page in pages:
        if page.tables:
            carry = None
            continue
        lines = list(page.lines)
        try:
            found = _find(page, vocab)
            if not found and carry is not None:
                cont = _continuation(page, carry)
                found = [cont] if cont is not None else []
        except Exception:  # the fallback is a best effort: a page it cannot read keeps its lines as text
            page.lines, found = lines, []
        page.tables = [f.table for f in found]
        carry = None
        if found:
            last = found[-1]
            # Only a table that runs to the foot of its page can go on over the next one.
            if not any(ln.box.top >= last.table.box.bottom for ln in page.lines):
                carry = last


__all__ = ["add_text_tables", "find_text_tables", "slice_line"]
