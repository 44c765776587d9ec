"""Glyphs put in the cells of ruled grids: one way for every source whose rules are known (a PDF's
drawings, an OFD's paths), so a table is a table by the same test wherever it comes from.

A table must be a real grid — at least two rows and two columns of cells holding text — or its text
stays with the page: a frame around a paragraph, a text box or a page border is not a table. Each
glyph goes to the first cell (in table order) holding its centre; a cell's glyphs become its lines.
"""

from __future__ import annotations

from ..model import Box, Cell, Table
from .geometry import Grid
from .lines import build_lines

# A table is a grid: at least this many rows and columns of cells hold text.
MIN_GRID = 2


def _is_grid(cells: dict[tuple[int, int], list[dict]]) -> bool:
    """Text in at least two rows and two columns of the table's cells."""
    filled = [key for key, chars in cells.items() if any(not ch["text"].isspace() for ch in chars)]
    return len({r for r, _ in filled}) >= MIN_GRID and len({c for _, c in filled}) >= MIN_GRID


def place_in_tables(page_number: int, grids: list[Grid], chars: list[dict]) -> tuple[list[Table], list[dict]]:
    """Ruled tables with their cells' lines, and the glyphs left outside every table (in page order)."""
    if not grids:
        return [], chars
    cell_boxes: list[tuple[tuple[int, int, int], Box]] = []
    for t_index, grid in enumerate(grids):
        for r_index, row in enumerate(grid):
            for c_index, bbox in enumerate(row):
                if bbox is not None:
                    cell_boxes.append(((t_index, r_index, c_index), Box(*bbox)))
    cell_chars: dict[tuple[int, int, int], list[dict]] = {key: [] for key, _ in cell_boxes}
    # Cells by table row, so that a glyph is tried against the cells of the rows at its height only
    # (a long table has hundreds of cells a page); the first cell in table order that holds it wins.
    bands: dict[tuple[int, int], list[tuple[int, Box]]] = {}
    for i, ((t, r, _), box) in enumerate(cell_boxes):
        bands.setdefault((t, r), []).append((i, box))
    spans = [(min(b.top for _, b in cells), max(b.bottom for _, b in cells), cells) for cells in bands.values()]
    outside = []
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        best = -1
        for top, bottom, cells in spans:
            if top <= y <= bottom:
                # a row's cells are in table order: its first that holds the glyph is its best
                for i, (x0, cell_top, x1, cell_bottom) in cells:
                    if x0 <= x <= x1 and cell_top <= y <= cell_bottom:
                        if best < 0 or i < best:
                            best = i
                        break
        if best >= 0:
            cell_chars[cell_boxes[best][0]].append(ch)
        else:
            outside.append(ch)
    tables: list[Table] = []
    free = outside
    for t_index, grid in enumerate(grids):
        mine = {(r, c): chs for (t, r, c), chs in cell_chars.items() if t == t_index}
        if not _is_grid(mine):
            free.extend(ch for chs in mine.values() for ch in chs)
            continue
        rows: list[list[Cell | None]] = []
        for r_index, row in enumerate(grid):
            cells: list[Cell | None] = []
            for c_index, bbox in enumerate(row):
                if bbox is None:
                    cells.append(None)
                    continue
                cells.append(Cell(r_index, c_index, Box(*bbox), build_lines(page_number, mine[(r_index, c_index)])))
            rows.append(cells)
        tables.append(Table(page_number, Box.enclosing([Box(*b) for row in grid for b in row if b]), rows))
    if len(free) != len(chars):  # glyphs of rejected tables came back: restore the page's order
        order = {id(ch): i for i, ch in enumerate(chars)}
        free.sort(key=lambda ch: order[id(ch)])
    return tables, free
