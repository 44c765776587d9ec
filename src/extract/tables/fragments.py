"""The tail of a table row cut by the page end, printed at the top of the next page without rules.

Word breaks a row over a page and may draw no rules around its tail: the next page starts with a
line or two in one column of the table, then the page's own text. The parse stage keeps only real
grids as tables, so that tail is page text, and the structure stage would read it as part of the
text above. Here, before the structure stage, such a fragment becomes a one-cell table on its page
(its box the column's, its lines taken off the page's text) which stitching lays on the table's
last row (:mod:`.stitch`, :mod:`.document_tables`).

A fragment is all of this:

* the previous page ends with a table: no text under its last table (nor notes);
* the page's first content lines (page furniture aside) come before any table of the page, sit
  inside one column of that table, are set in the size of the table's text, run on line after
  line, and are followed by more text of the page (the page's own text after the cut row);
* its first line starts no item (``二、``, ``（三）``: a heading of the page's text, not a tail).
"""

from __future__ import annotations

from ..model import Box, Cell, Line, Page, Table
from .grid import grid_of
from .row_break import item_label

# Text inside a column's rules: its edges give this much slack (points).
COLUMN_SLACK = 2.0
# A fragment is a line or a few; more is the page's own text set narrow.
MAX_LINES = 4
# The text size of the fragment and of the table's cells agree within this (points).
SIZE_SLACK = 0.6
# Lines of one fragment follow each other within this many line heights.
LINE_GAP = 0.8


def _content(page: Page) -> list[Line]:
    lines = [ln for ln in page.lines if ln.furniture is None and ln.text.strip()]
    return sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0))


def _fragment(prev: Page, page: Page) -> tuple[Table, list[Line]] | None:
    if not prev.tables:
        return None
    last = max(prev.tables, key=lambda t: t.box.bottom)
    if last.notes or any(ln.box.top >= last.box.bottom - COLUMN_SLACK for ln in _content(prev)):
        return None
    content = _content(page)
    if len(content) < 2:
        return None
    head = content[0]
    if any(t.box.top < head.box.top for t in page.tables) or item_label(head.text):
        return None
    grid = grid_of(last)
    col = next(
        (
            c
            for c in range(grid.n_cols)
            if grid.xs[c] - COLUMN_SLACK <= head.box.x0 and head.box.x1 <= grid.xs[c + 1] + COLUMN_SLACK
        ),
        None,
    )
    if col is None:
        return None
    sizes = [ln.size for row in last.rows for cell in row if cell is not None for ln in cell.lines]
    if not sizes or min(abs(head.size - s) for s in sizes) > SIZE_SLACK:
        return None
    x0, x1 = grid.xs[col], grid.xs[col + 1]
    lines = [head]
    for ln in content[1:]:
        gap = ln.box.top - lines[-1].box.bottom
        inside = x0 - COLUMN_SLACK <= ln.box.x0 and ln.box.x1 <= x1 + COLUMN_SLACK
        if not inside or gap > LINE_GAP * (lines[-1].box.bottom - lines[-1].box.top):
            break
        lines.append(ln)
    if len(lines) > MAX_LINES or len(lines) == len(content):
        return None  # not a fragment: the page's text, or a narrow page of it
    if any(t.box.top < lines[-1].box.bottom for t in page.tables):
        return None
    box = Box(x0, min(ln.box.top for ln in lines), x1, max(ln.box.bottom for ln in lines))
    table = Table(page.number, box, [[Cell(0, 0, box, lines)]])
    return table, lines


def add_cut_row_tails(pages: list[Page]) -> None:
    """Each page's lone fragment continuing the previous page's last table row, made a one-cell table."""
    for prev, page in zip(pages, pages[1:], strict=False):
        found = _fragment(prev, page)
        if found is None:
            continue
        table, lines = found
        taken = {id(ln) for ln in lines}
        page.lines = [ln for ln in page.lines if id(ln) not in taken]
        page.tables.insert(0, table)


def is_tail(table: Table) -> bool:
    """A one-cell table: a cut row's tail (the parse stage keeps no grid smaller than two by two)."""
    return len(table.rows) == 1 and len(table.rows[0]) == 1


__all__ = ["add_cut_row_tails", "is_tail"]
