"""Which page tables make one table of the document.

A table goes on over a page break when its piece on the next page

* is the first thing of that page's content (nothing but page furniture above it), after a piece
  that was the last thing of its own page, and
* continues its columns: the same outer edges, and the inner edges of one piece among those of
  the other (a continued piece whose rows merge some columns draws fewer edges), all within
  :data:`STITCH_TOLERANCE`. A text dump has no geometry (each table block is as wide as its own
  cells): there the pieces must have as many columns.

A cut row's tail printed without rules at the top of the next page (:mod:`.fragments`) goes on
when its edges are those of one of the table's columns.

A repeated header is not needed, and when it is there it is dropped later (:mod:`.document_tables`).
A title or any text between two pieces means two tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Page, ParsedDocument, Table
from .fragments import is_tail
from .grid import Grid, grid_of

# Column edges of two pieces of one table agree within this (points); producers redraw a
# continued table's frame a little off, more than the grid's own tolerance for one page.
STITCH_TOLERANCE = 3.0


@dataclass(slots=True)
class Piece:
    """One page's part of a table, with its grid."""

    page: Page
    table: Table
    grid: Grid
    first_on_page: bool
    last_on_page: bool
    from_text: bool  # a text dump's table: its boxes are a monospaced grid, its columns known only by order

    @property
    def number(self) -> int:
        return self.page.number


def pieces(parsed: ParsedDocument) -> list[Piece]:
    """The pages' tables in reading order, top to bottom on each page."""
    out: list[Piece] = []
    for page in parsed.pages:
        tables = sorted(page.tables, key=lambda t: (t.box.top, t.box.x0))
        for i, table in enumerate(tables):
            grid = grid_of(table)
            if grid.n_rows and grid.n_cols:
                text = any(ln.line_no is not None for row in table.rows for c in row if c is not None for ln in c.lines)
                out.append(Piece(page, table, grid, i == 0, i == len(tables) - 1, text))
    return out


def _content(page: Page) -> list[float]:
    return [ln.box.top for ln in page.lines if ln.furniture is None and ln.text.strip()]


def _matches(edge: float, edges: list[float]) -> bool:
    return any(abs(edge - e) <= STITCH_TOLERANCE for e in edges)


def same_columns(a: list[float], b: list[float]) -> bool:
    """Two pieces' column edges: same outer edges, and the inner edges of one among the other's."""
    if abs(a[0] - b[0]) > STITCH_TOLERANCE or abs(a[-1] - b[-1]) > STITCH_TOLERANCE:
        return False
    inner_a, inner_b = a[1:-1], b[1:-1]
    return all(_matches(e, inner_a) for e in inner_b) or all(_matches(e, inner_b) for e in inner_a)


def continues(prev: Piece, nxt: Piece) -> bool:
    """Whether ``nxt`` is ``prev``'s table going on over the page break."""
    if nxt.number != prev.number + 1 or not (prev.last_on_page and nxt.first_on_page):
        return False
    if any(top >= prev.table.box.bottom - STITCH_TOLERANCE for top in _content(prev.page)):
        return False  # text after the table on its page: the table ended there
    if any(top < nxt.table.box.top - STITCH_TOLERANCE for top in _content(nxt.page)):
        return False  # a title or text before the piece: a table of its own
    if is_tail(nxt.table):  # a cut row's tail: the edges of one of the table's columns
        return all(_matches(x, prev.grid.xs) for x in nxt.grid.xs)
    if prev.from_text or nxt.from_text:
        return prev.from_text and nxt.from_text and prev.grid.n_cols == nxt.grid.n_cols
    return same_columns(prev.grid.xs, nxt.grid.xs)


def group(found: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into the document's tables, in reading order."""
    groups: list[list[Piece]] = []
    for piece in found:
        if groups and continues(groups[-1][-1], piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


__all__ = ["STITCH_TOLERANCE", "Piece", "continues", "group", "pieces", "same_columns"]
