"""A table as a grid: its cells on row and column edges, its header rows, and its columns mapped to fields.

Header rows are recognised by the vocabulary (:mod:`.header`), and columns mapped
by meaning — number, task, the four quarters, lead, offices, remark — so another
order or other header words still map. A table without a header that continues
one is mapped by its column edges instead (:func:`remap_columns`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, Table
from .header import GROUP, QUARTERS, Vocabulary

# Cell edges closer than this (points) are the same rule.
EDGE_TOLERANCE = 1.5
# Header rows sit at the top of a table; more than this many is a data row with header words.
MAX_HEADER_ROWS = 4


# ---- table geometry -------------------------------------------------------------


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


@dataclass(slots=True)
class Grid:
    """A table's cells on its row/column grid; ``cover[r][c]`` is the cell over that slot, merged or not."""

    table: Table
    xs: list[float]  # column edges, len = columns + 1
    ys: list[float]  # row edges, len = rows + 1
    cover: list[list[Cell | None]]
    starts: dict[int, tuple[int, int]]  # id(cell) -> (row, col) where the cell starts

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def col_span(self, cell: Cell) -> range:
        return self._span(self.xs, cell.box.x0, cell.box.x1)

    def row_span(self, cell: Cell) -> range:
        return self._span(self.ys, cell.box.top, cell.box.bottom)

    @staticmethod
    def _span(edges: list[float], lo: float, hi: float) -> range:
        """The slots between ``lo`` and ``hi``: from the last edge at ``lo`` to the last edge before ``hi``."""
        inner = edges[:-1]
        start = max([0, *(i for i, e in enumerate(inner) if e <= lo + EDGE_TOLERANCE)])
        stop = max([start, *(i for i, e in enumerate(inner) if e < hi - EDGE_TOLERANCE)])
        return range(start, stop + 1)


def grid_of(table: Table) -> Grid:
    cells = [c for row in table.rows for c in row if c is not None]
    xs = _cluster([c.box.x0 for c in cells])
    ys = _cluster([c.box.top for c in cells])
    xs.append(max([table.box.x1, *(c.box.x1 for c in cells)]))
    ys.append(max([table.box.bottom, *(c.box.bottom for c in cells)]))
    grid = Grid(table, xs, ys, [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)], {})
    for cell in cells:
        rows, cols = grid.row_span(cell), grid.col_span(cell)
        grid.starts[id(cell)] = (rows.start, cols.start)
        for r in rows:
            for c in cols:
                if grid.cover[r][c] is None:
                    grid.cover[r][c] = cell
    return grid


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return "".join(line.text for line in cell.lines).strip()


# ---- header and column map --------------------------------------------------------


@dataclass(slots=True)
class ColumnMap:
    """Which output key each grid column fills, with the header cells that named it."""

    keys: list[str | None]  # per grid column
    spans: list[tuple[float, float]]  # per grid column, x0..x1
    headers: dict[str, list[Cell]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # header texts that named nothing

    def columns(self, key: str) -> list[int]:
        return [i for i, k in enumerate(self.keys) if k == key]

    @property
    def found(self) -> set[str]:
        return {k for k in self.keys if k is not None}


def _row_start_cells(grid: Grid, r: int) -> list[Cell]:
    out = []
    for c in range(grid.n_cols):
        cell = grid.cover[r][c]
        if cell is not None and grid.starts[id(cell)] == (r, c) and cell not in out:
            out.append(cell)
    return out


def header_rows(grid: Grid, vocab: Vocabulary) -> tuple[int, list[Cell]]:
    """How many rows at the top form the header, and any title cells spanning the table above it.

    A header row is one where at least half the cells that start in it carry a header word.
    Rows entirely covered by header cells from above (a two-row header's merged cells) belong to it.
    """
    titles: list[Cell] = []
    end = 0
    r = 0
    while r < grid.n_rows and r < MAX_HEADER_ROWS + len(titles):
        cells = [c for c in _row_start_cells(grid, r) if cell_text(c)]
        if not cells:
            if end == r and end > 0:  # covered by the header's merged cells
                end = r + 1
                r += 1
                continue
            break
        matched = [vocab.match(cell_text(c)) for c in cells]
        hits = sum(1 for m in matched if m is not None)
        if hits and hits * 2 >= len(cells) and (hits >= 2 or end > 0):
            end = r + 1
        elif end == 0 and len(cells) == 1 and len(grid.col_span(cells[0])) >= max(2, grid.n_cols * 0.6) and r < 2:
            titles.append(cells[0])  # a title row inside the table's frame
        else:
            break
        r += 1
    if end == 0:
        return 0, []
    return end, titles


def column_map(grid: Grid, n_header: int, vocab: Vocabulary) -> ColumnMap:
    """Each column's key from the lowest (most specific) header cell over it that names one."""
    keys: list[str | None] = [None] * grid.n_cols
    spans = [(grid.xs[c], grid.xs[c + 1]) for c in range(grid.n_cols)]
    headers: dict[str, list[Cell]] = {}
    groups: dict[int, list[int]] = {}  # id(group cell) -> columns under it
    for c in range(grid.n_cols):
        for r in range(n_header - 1, -1, -1):
            cell = grid.cover[r][c]
            if cell is None:
                continue
            key = vocab.match(cell_text(cell))
            if key == GROUP:
                groups.setdefault(id(cell), []).append(c)
            elif key is not None:
                keys[c] = key
                if not any(cell is h for h in headers.setdefault(key, [])):
                    headers[key].append(cell)
                break
    # A group header over exactly four unnamed columns (进度要求 over 3月/6月/9月/12月) holds the quarters.
    if not set(QUARTERS) & {k for k in keys if k}:
        for cols in groups.values():
            free = [c for c in cols if keys[c] is None]
            if len(free) == 4:
                for q, c in zip(QUARTERS, free, strict=True):
                    keys[c] = q
                    head = grid.cover[n_header - 1][c]
                    if head is not None:
                        headers.setdefault(q, []).append(head)
    unknown: list[str] = []
    for c in range(grid.n_cols):
        cell = grid.cover[n_header - 1][c]
        if keys[c] is None and cell is not None and cell_text(cell) and cell_text(cell) not in unknown:
            if vocab.match(cell_text(cell)) != GROUP:
                unknown.append(cell_text(cell))
    return ColumnMap(keys, spans, headers, unknown)


def remap_columns(grid: Grid, previous: ColumnMap) -> tuple[ColumnMap | None, str | None]:
    """The column map of a header-less table continuing ``previous``: by x position, else by count."""
    keys: list[str | None] = []
    spans = [(grid.xs[c], grid.xs[c + 1]) for c in range(grid.n_cols)]
    for x0, x1 in spans:
        best, best_overlap, best_width = None, 0.0, 1.0
        for key, (px0, px1) in zip(previous.keys, previous.spans, strict=True):
            overlap = min(x1, px1) - max(x0, px0)
            if overlap > best_overlap:
                best, best_overlap, best_width = key, overlap, px1 - px0
        keys.append(best if best_overlap >= 0.5 * min(x1 - x0, best_width) else None)
    if sorted(k for k in keys if k) == sorted(k for k in previous.keys if k):
        return ColumnMap(keys, spans), None
    if grid.n_cols == len(previous.keys):
        return ColumnMap(list(previous.keys), spans), "columns matched by count, not position"
    return None, None
