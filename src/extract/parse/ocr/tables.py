"""Tables of a scanned page: the rules found in its image made into cells, its text put in them.

The rules (:mod:`.image_rules`, in the pixels of the upright page) become the page's rulings in
PDF points and, through pdfplumber's own edge merging and cell finding — the steps its table
finder takes on a text layer's rules —, ruled tables. A table must be a real grid, as on a text
page (:mod:`extract.parse.pdf.page`): text in at least two rows and two columns of cells, or its text stays the
page's. Each recognised text box goes to the cell holding its centre, and each cell's boxes become
its lines, so a scanned table reaches the table stage as a vector one does.
"""

from __future__ import annotations

from typing import Any

from ...model import Box, Cell, Line, Ruling, Table
from ..geometry import Grid, edge, grids
from .engine import TextBox
from .image_rules import ImageRules
from .lines import BLACK, to_lines

# Rule pieces this close (points) are one rule: a scanned rule that leans or breaks comes in pieces.
SNAP_PT = 3.0
JOIN_PT = 6.0
# A rule this close to a corner still meets it (points): scanned rules stop a little short.
MEET_PT = 4.0
MIN_GRID = 2


def rulings(rules: ImageRules, scale: float) -> list[Ruling]:
    """The rules as the page model's rulings, in PDF points (``scale`` points per pixel)."""
    out = []
    for x0, y0, x1, y1 in (*rules.horizontal, *rules.vertical):
        box = Box(x0 * scale, y0 * scale, x1 * scale, y1 * scale)
        out.append(Ruling(box, round(min(box.width, box.height), 2), BLACK))
    return sorted(out, key=lambda r: (r.box.top, r.box.x0, r.box.bottom, r.box.x1))


def _edges(rules: ImageRules, scale: float) -> list[dict[str, Any]]:
    """The rules as pdfplumber edges: zero-thickness lines through the middle of each rule."""
    edges = []
    for x0, y0, x1, y1 in rules.horizontal:
        y = round((y0 + y1) / 2 * scale, 2)
        edges.append(edge(x0 * scale, y, x1 * scale, y, "h"))
    for x0, y0, x1, y1 in rules.vertical:
        x = round((x0 + x1) / 2 * scale, 2)
        edges.append(edge(x, y0 * scale, x, y1 * scale, "v"))
    return edges


def _grids(rules: ImageRules, scale: float) -> list[Grid]:
    """Each table's rows of cell boxes (None where a merged cell spans), top to bottom."""
    if len(rules.horizontal) < 2 or len(rules.vertical) < 2:
        return []
    return grids(_edges(rules, scale), SNAP_PT, JOIN_PT, MEET_PT)


def _centre(box: TextBox, scale: float) -> tuple[float, float]:
    x0, y0, x1, y1 = box.bounds
    return (x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale


def place_in_tables(
    page: int, rules: ImageRules, boxes: list[TextBox], scale: float
) -> tuple[list[Table], list[TextBox]]:
    """The page's ruled tables with their cells' lines, and the text boxes outside every table."""
    tables: list[Table] = []
    free = list(boxes)
    for grid in _grids(rules, scale):
        held: dict[tuple[int, int], list[TextBox]] = {}
        rest = []
        for box in free:
            x, y = _centre(box, scale)
            for r, row in enumerate(grid):
                hit = next((c for c, b in enumerate(row) if b and b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
                if hit is not None:
                    held.setdefault((r, hit), []).append(box)
                    break
            else:
                rest.append(box)
        filled = [key for key, found in held.items() if found]
        if len({r for r, _ in filled}) < MIN_GRID or len({c for _, c in filled}) < MIN_GRID:
            continue  # a frame or a lone ruled box: its text stays the page's
        free = rest
        rows: list[list[Cell | None]] = []
        for r, row in enumerate(grid):
            cells: list[Cell | None] = []
            for c, bbox in enumerate(row):
                if bbox is None:
                    cells.append(None)
                    continue
                lines: list[Line] = to_lines(page, held.get((r, c), []), scale)
                cells.append(Cell(r, c, Box(*bbox), lines))
            rows.append(cells)
        enclosing = Box.enclosing([Box(*b) for row in grid for b in row if b])
        tables.append(Table(page, enclosing, rows))
    return tables, free


# An empty cell smaller than this (points, either side) holds no text worth a second look.
MIN_CELL_PT = 8.0
# The crop of an empty cell stays this far (points) inside its rules.
CELL_INSET_PT = 1.5
CELL_PAD_PX = 24
# Rows of ink further apart than this (pixels) are separate lines of a cell.
LINE_GAP_PX = 3


def reread_empty_cells(page: int, tables: list[Table], upright: Any, scale: float) -> None:
    """Empty cells read again on their own (``upright``: the page image as read, rules erased).

    On a whole noisy page the detector can miss a lone short mark in a wide cell (a row's number
    ７ in a column of digits), which empties the cell and joins the row to the one above it; in a
    crop of the cell alone it stands out. Only empty cells are read again, so it costs little.
    """
    for table in tables:
        for row in table.rows:
            for cell in row:
                if cell is None or cell.lines or min(cell.box.width, cell.box.height) < MIN_CELL_PT:
                    continue
                x0 = max(0, int((cell.box.x0 + CELL_INSET_PT) / scale))
                y0 = max(0, int((cell.box.top + CELL_INSET_PT) / scale))
                x1 = min(upright.shape[1], int((cell.box.x1 - CELL_INSET_PT) / scale))
                y1 = min(upright.shape[0], int((cell.box.bottom - CELL_INSET_PT) / scale))
                if x1 - x0 < 8 or y1 - y0 < 8:
                    continue
                boxes = _read_cell(upright[y0:y1, x0:x1])
                boxes = [
                    TextBox(tuple((x + x0, y + y0) for x, y in b.quad), b.text, b.confidence, b.flipped)
                    for b in boxes
                ]
                cell.lines = to_lines(page, boxes, scale)


def _read_cell(crop: Any) -> list[TextBox]:
    """The text of a cell's crop: one line of ink read straight by the recogniser, several by
    detection first; on white margins, as both were trained on text with space around it."""
    import cv2
    import numpy as np

    from .engine import read_line, read_turned
    from .paper import ink

    mask = ink(crop)
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []  # no ink: an empty cell indeed
    pad = CELL_PAD_PX
    white = (255, 255, 255)
    gaps = np.diff(rows) > LINE_GAP_PX
    if not gaps.any():
        cols = np.flatnonzero(mask.any(axis=0))
        top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        margin = max(2, (bottom - top) // 4)
        tight = cv2.copyMakeBorder(crop[top:bottom, left:right], margin, margin, margin, margin,
                                   cv2.BORDER_CONSTANT, value=white)
        found = read_line(tight)
        if found is None:
            return []
        x0, y0 = left - margin, top - margin
        return [TextBox(tuple((x + x0, y + y0) for x, y in found.quad), found.text, found.confidence, False)]
    padded = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=white)
    return [
        TextBox(tuple((x - pad, y - pad) for x, y in b.quad), b.text, b.confidence, b.flipped)
        for b in read_turned(padded, 0)
    ]
