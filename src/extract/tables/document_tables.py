"""Every table of the document, stitched across pages, with one name per column.

The pieces the pages hold (``Page.tables``) are grouped into tables (:mod:`.stitch`). The first
piece gives the title and header rows (:mod:`.columns`); every later piece is laid on the same
columns (the union of the pieces' column edges), so a piece whose rows merge columns still lands
in the right ones. Where a piece meets the one before it:

* a header repeated at its top is dropped, its cells kept as further printings of the header's;
* a row broken by the page break is joined back: when the first row of the new piece leaves the
  previous row's label cell (its first cell that starts in that row) empty, and has text only
  under cells of that row, each of its cells continues the cell above it — unless its text shows
  a row of its own (an item number of its own, two figures, :mod:`.row_break`);
* otherwise the row is a new one, and an empty cell under a cell merged over several rows (a
  label running on over the page) continues that cell.

Each cell's lines, all its parts together, go to one ``Normalizer.field`` call, and every part
keeps its page and box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Box, Cell, DocumentTable, Line, ParsedDocument, TableCell, Where
from ..normalize import Normalizer
from ..parse.table_notes import note_paragraphs
from .captions import caption_of, title_text
from .columns import column_names, header_depth, title_rows
from .fragments import is_tail
from .grid import Grid, cell_text
from .row_break import FIGURE, starts_new_row
from .stitch import STITCH_TOLERANCE, Piece, group, pieces


@dataclass(slots=True)
class _Slot:
    """A cell of the table being assembled: where it starts and stops, and its printed parts."""

    row: int
    col: int
    row_stop: int
    col_stop: int
    parts: list[tuple[int, Cell]] = field(default_factory=list)  # (page, cell)
    reprints: list[tuple[int, Cell]] = field(default_factory=list)  # its text printed again on a later page

    @property
    def printed(self) -> list[tuple[int, Cell]]:
        return sorted([*self.parts, *self.reprints], key=lambda part: part[0])

    @property
    def cols(self) -> range:
        return range(self.col, self.col_stop)


class _Layout:
    """Slots on the table's columns, row by row."""

    def __init__(self, edges: list[float]) -> None:
        self.edges = edges
        self.cover: list[list[_Slot | None]] = []
        self.slots: list[_Slot] = []

    @property
    def n_rows(self) -> int:
        return len(self.cover)

    def cols(self, piece: Piece, cell: Cell) -> range:
        """The columns a cell covers: from the edge nearest its left side to the edge nearest its right
        (a text dump's piece has no geometry to share: its own columns, in order)."""
        if piece.from_text:
            return piece.grid.col_span(cell)
        box = cell.box
        start = min(range(len(self.edges) - 1), key=lambda i: abs(self.edges[i] - box.x0))
        stop = min(range(1, len(self.edges)), key=lambda i: abs(self.edges[i] - box.x1))
        return range(start, max(stop, start + 1))

    def at(self, r: int, c: int) -> _Slot | None:
        return self.cover[r][c] if 0 <= r < self.n_rows else None

    def _mark(self, slot: _Slot, rows: range) -> None:
        while self.n_rows < rows.stop:
            self.cover.append([None] * (len(self.edges) - 1))
        for r in rows:
            for c in slot.cols:
                if self.cover[r][c] is None:
                    self.cover[r][c] = slot

    def add(self, row: int, cols: range, n_rows: int, part: tuple[int, Cell]) -> None:
        taken = self.at(row, cols.start)
        if taken is not None:
            # A cell that lands on one already there (pieces that split a merged cell differently)
            # is part of it: its text joins that cell's rather than hiding it.
            self.extend(taken, part, row + n_rows)
            return
        slot = _Slot(row, cols.start, row + n_rows, cols.stop, [part])
        self.slots.append(slot)
        self._mark(slot, range(row, row + n_rows))

    def extend(self, slot: _Slot, part: tuple[int, Cell], row_stop: int, reprint: bool = False) -> None:
        (slot.reprints if reprint else slot.parts).append(part)
        if row_stop > slot.row_stop:
            self._mark(slot, range(slot.row_stop, row_stop))
            slot.row_stop = row_stop


def _edges(group_: list[Piece]) -> list[float]:
    """The table's column edges: the first piece's, with the inner edges only later pieces draw."""
    edges = list(group_[0].grid.xs)
    for piece in group_[1:]:
        if piece.from_text:
            continue  # laid on the first piece's columns by order
        for x in piece.grid.xs[1:-1]:
            if not any(abs(x - e) <= STITCH_TOLERANCE for e in edges):
                edges.append(x)
    return sorted(edges)


def _starting(grid: Grid, lo: int, hi: int) -> list[Cell]:
    """The cells that start in rows ``lo``..``hi - 1``, row by row, left to right."""
    out: list[Cell] = []
    seen: set[int] = set()
    for r in range(lo, min(hi, grid.n_rows)):
        for c in range(grid.n_cols):
            cell = grid.cover[r][c]
            if cell is not None and id(cell) not in seen and grid.starts[id(cell)] == (r, c):
                seen.add(id(cell))
                out.append(cell)
    return out


def _canon(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _signature(layout: _Layout, piece: Piece, cells: list[Cell]) -> list[tuple[int, int, str]]:
    sig = []
    for cell in cells:
        text = _canon(cell_text(cell))
        if text:
            cols = layout.cols(piece, cell)
            sig.append((cols.start, cols.stop, text))
    return sig


@dataclass(slots=True)
class _Assembled:
    pieces: list[Piece]
    titles: list[_Slot]
    header_rows: int
    header: _Layout
    body: _Layout


def _assemble(group_: list[Piece]) -> _Assembled:
    first = group_[0]
    n_title = title_rows(first.grid)
    n_header = header_depth(first.grid, n_title)
    edges = _edges(group_)
    titles = _Layout(edges)
    header = _Layout(edges)
    top = n_title + n_header
    for cell in _starting(first.grid, 0, top):
        r = first.grid.starts[id(cell)][0]
        n = min(len(first.grid.row_span(cell)), top - r)
        if r < n_title:
            titles.add(r, titles.cols(first, cell), 1, (first.number, cell))
        else:
            header.add(r - n_title, header.cols(first, cell), n, (first.number, cell))
    repeats = [
        (top, _signature(header, first, _starting(first.grid, 0, top))),
        (n_header, _signature(header, first, _starting(first.grid, n_title, top))),
    ]
    body = _Layout(edges)
    for index, piece in enumerate(group_):
        start = top if index == 0 else _drop_repeated_header(piece, repeats, titles, header)
        offset, handled = body.n_rows - start, set()
        if index and body.n_rows:
            offset, handled = _join(body, piece, start)
        for cell in _starting(piece.grid, start, piece.grid.n_rows):
            if id(cell) not in handled:
                r = piece.grid.starts[id(cell)][0]
                body.add(r + offset, body.cols(piece, cell), len(piece.grid.row_span(cell)), (piece.number, cell))
    return _Assembled(group_, titles.slots, n_header, header, body)


def _drop_repeated_header(
    piece: Piece, repeats: list[tuple[int, list[tuple[int, int, str]]]], titles: _Layout, header: _Layout
) -> int:
    """How many rows at the top of a later piece repeat the header (with or without its title rows).

    Their cells are further printings of the header's (and title's) cells, kept for provenance.
    """
    for n, sig in repeats:
        if not n or not sig:
            continue
        cells = _starting(piece.grid, 0, n)
        if _signature(header, piece, cells) != sig:
            continue
        known = titles.slots + header.slots
        for cell in cells:
            cols = header.cols(piece, cell)
            text = _canon(cell_text(cell))
            match = next((s for s in known if s.cols == cols and _canon(cell_text(s.parts[0][1])) == text), None)
            if match is not None:
                match.parts.append((piece.number, cell))
        return n
    return 0


def _join(body: _Layout, piece: Piece, start: int) -> tuple[int, set[int]]:
    """Lay the first row of a later piece against the last row so far: the piece's row offset, and
    the cells that went on cells above (a row broken by the page, a label running on)."""
    grid = piece.grid
    last = body.n_rows - 1
    first = [(cell, body.cols(piece, cell), len(grid.row_span(cell))) for cell in _starting(grid, start, start + 1)]
    if not first:
        return body.n_rows - start, set()

    def above(cols: range) -> _Slot | None:
        slot = body.at(last, cols.start)
        return slot if slot is not None and slot.cols == cols else None

    # The last row's label: its first cell that starts in that row (cells to its left run down from above).
    label = next(
        (s for c in range(len(body.edges) - 1) if (s := body.at(last, c)) is not None and s.row == last), None
    )
    under_label = [cell for cell, cols, _ in first if label is not None and cols == label.cols]
    texts = [(cols, cell) for cell, cols, _ in first if cell_text(cell)]
    broken = (
        bool(under_label)
        and not cell_text(under_label[0])
        and bool(texts)
        and all((slot := above(cols)) is not None and slot.row == last for cols, _ in texts)
    )
    if is_tail(piece.table):
        broken = bool(texts) and all(above(cols) is not None for cols, _ in texts)
    elif broken:
        # The geometry allows a join; the text says whether the row was really cut.
        pairs = [(above(cols), cell) for cell, cols, _ in first]
        broken = not starts_new_row(
            ["".join(cell_text(c) for _, c in slot.parts) if slot is not None else "" for slot, _ in pairs],
            [cell_text(cell) for _, cell in pairs],
        )
    handled: set[int] = set()
    for cell, cols, n in first:
        slot = above(cols)
        if slot is None:
            continue
        if broken:
            body.extend(slot, (piece.number, cell), last + n)
            handled.add(id(cell))
        elif not cell_text(cell) and (slot.row_stop - slot.row > 1 or n > 1):
            body.extend(slot, (piece.number, cell), last + 1 + n)
            handled.add(id(cell))
        elif _reprinted(slot, cell) and (slot.row_stop - slot.row > 1 or n > 1):
            # A merged label printed again at the page top (a group running on): the same cell, its
            # text once, the new printing kept for provenance.
            body.extend(slot, (piece.number, cell), last + 1 + n, reprint=True)
            handled.add(id(cell))
    return (last if broken else last + 1) - start, handled


def _reprinted(slot: _Slot, cell: Cell) -> bool:
    """Whether ``cell`` prints the slot's text again (a label, not a figure that may well repeat)."""
    text = _canon(cell_text(cell))
    return bool(text) and not FIGURE.fullmatch(text) and text == _canon("".join(cell_text(c) for _, c in slot.parts))


# ---- the table as exported -----------------------------------------------------------


def where_of_lines(lines: list[Line]) -> list[Where]:
    """One box per page around the lines."""
    by_page: dict[int, Box] = {}
    for line in lines:
        by_page[line.page] = by_page[line.page].union(line.box) if line.page in by_page else line.box
    return [Where(page, box) for page, box in sorted(by_page.items())]


def _where(parts: list[tuple[int, Cell]]) -> list[Where]:
    return [Where(page, cell.box, cell.lines[0].line_no if cell.lines else None) for page, cell in parts]


def _extent(layout: _Layout, slot: _Slot) -> tuple[int, int]:
    """Rows and columns the slot holds on the layout (a box overlapping cells laid before it holds less)."""
    rows = sum(1 for r in range(slot.row, slot.row_stop) if layout.at(r, slot.col) is slot)
    cols = sum(1 for c in slot.cols if layout.at(slot.row, c) is slot)
    return max(rows, 1), max(cols, 1)


def _table(no: int, done: _Assembled, norm: Normalizer) -> DocumentTable:
    prefix = f"tables/{no}"
    title_lines = [ln for slot in done.titles for _, cell in slot.parts[:1] for ln in cell.lines]
    title_where = [w for slot in done.titles for w in _where(slot.parts)]
    caption = caption_of(done.pieces[0].page, done.pieces[0].table)
    subtitle, subtitle_where = None, []
    if caption is not None and caption.title_lines:  # a caption above names the table, not a row in its frame
        if title_lines:  # the row in the frame stays, as a second name under the caption
            subtitle, subtitle_where = norm.field(f"{prefix}/subtitle", title_lines), title_where
        title_lines, title_where = caption.title_lines, where_of_lines(caption.title_lines)
    title = norm.field(f"{prefix}/title", title_lines) if title_lines else None
    if title and caption is not None:
        title = title_text(caption, title)
    header: list[TableCell] = []
    for slot in sorted(done.header.slots, key=lambda s: (s.row, s.col)):
        _, cell = slot.parts[0]  # later printings repeat the text
        text = norm.field(f"{prefix}/header/{slot.row}/{slot.col}", cell.lines) if cell.lines else ""
        header.append(TableCell(slot.row, slot.col, text, *_extent(done.header, slot), _where(slot.parts)))
    # The names read down each column the header cells that cover it (the first laid there, should
    # two cells' boxes overlap), each once.
    text_of = {(cell.row, cell.col): cell.text for cell in header}
    over: list[list[str]] = []
    for c in range(len(done.body.edges) - 1):
        slots: list[_Slot] = []
        for r in range(done.header.n_rows):
            slot = done.header.at(r, c)
            if slot is not None and slot not in slots:
                slots.append(slot)
        over.append([text_of[(slot.row, slot.col)] for slot in slots])
    cells: list[TableCell] = []
    for slot in sorted(done.body.slots, key=lambda s: (s.row, s.col)):
        lines = [ln for _, cell in slot.parts for ln in cell.lines]
        text = norm.field(f"{prefix}/cells/{slot.row}/{slot.col}", lines) if lines else ""
        cells.append(TableCell(slot.row, slot.col, text, *_extent(done.body, slot), _where(slot.printed)))
    notes: list[str] = []
    note_where: list[Where] = []
    for para in note_paragraphs([ln for piece in done.pieces for ln in piece.table.notes]):
        notes.append(norm.field(f"{prefix}/notes/{len(notes)}", para))
        note_where.extend(where_of_lines(para))
    where = {"title": title_where} if title_where else {}
    if note_where:
        where["notes"] = note_where
    if caption is not None and caption.label is not None:
        where["label"] = where_of_lines(caption.label_lines)
    if subtitle_where:
        where["subtitle"] = subtitle_where
    return DocumentTable(
        no=no,
        pages=sorted({piece.number for piece in done.pieces}),
        columns=column_names(over),
        header_rows=done.header_rows,
        header=header,
        cells=cells,
        row_count=done.body.n_rows,
        title=title or None,
        label=caption.label if caption is not None else None,
        subtitle=subtitle or None,
        notes=notes,
        where=where,
    )


def _fold(norm: Normalizer, local: Normalizer) -> None:
    """Take the table fields' log into the document's, each printed character's change once.

    The key-task table is read twice, as tasks and as a table: a change to a character already
    logged under a key-task field (same page, box, rule and text) is not logged again.
    """
    seen = {(c.page, c.box, c.rule, c.before, c.after) for c in norm.changes}
    for change in local.changes:
        key = (change.page, change.box, change.rule, change.before, change.after)
        if key not in seen:
            seen.add(key)
            norm.changes.append(change)
    known = {(a.page, a.kind, a.text) for a in norm.anomalies}
    for anomaly in local.anomalies:
        if (anomaly.page, anomaly.kind, anomaly.text) not in known:
            known.add((anomaly.page, anomaly.kind, anomaly.text))
            norm.anomalies.append(anomaly)
    norm.seconds += local.seconds


def build_tables(parsed: ParsedDocument, norm: Normalizer) -> tuple[list[DocumentTable], list[str]]:
    """Every table of the document in reading order, and warnings about those that could not be read.

    A table this stage cannot make sense of costs that table, never the document.
    """
    tables: list[DocumentTable] = []
    warnings: list[str] = []
    for group_ in group(pieces(parsed)):
        local = Normalizer(norm.shapes)  # its log joins the document's only for a table that is exported
        try:
            tables.append(_table(len(tables) + 1, _assemble(group_), local))
        except Exception as exc:  # a layout no rule foresaw must not lose the other tables
            warnings.append(
                f"table on page {group_[0].number} could not be read ({type(exc).__name__}: {exc}); not exported"
            )
            continue
        _fold(norm, local)
    return tables, warnings


__all__ = ["build_tables"]
