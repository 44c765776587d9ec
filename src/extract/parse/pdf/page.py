"""One PDF page into the page model: lines in reading order, visible rules, ruled tables.

Glyphs and drawings come from the layout pdfplumber caches for the page
(:mod:`extract.parse.pdf.glyphs`). Only visible drawings are rules
(:mod:`extract.parse.pdf.rules`); ruled tables are found by pdfplumber's table finder on
them, and a table must be a real grid — at least two rows and two columns of cells
holding text — or its text stays with the page: a frame around a paragraph, a text
box or a page border is not a table. The glyphs inside a table's cells become the
cells' lines; the others become the page's lines (:mod:`extract.parse.lines`), read
column by column where the page is set in columns (:mod:`extract.parse.columns`).
"""

from __future__ import annotations

from typing import Any

from ...model import Box, Cell, Page, Table
from ..columns import reading_order
from ..lines import build_lines, cluster_rows, lines_of
from ..table_notes import attach_notes
from . import glyphs, rules

# Too few rules cannot enclose a table; skipping the finder there keeps body pages cheap.
MIN_RULES_FOR_TABLE = 4
# A table is a grid: at least this many rows and columns of cells hold text.
MIN_GRID = 2


def _is_grid(cells: dict[tuple[int, int], list[dict]]) -> bool:
    """Text in at least two rows and two columns of the table's cells."""
    filled = [key for key, chars in cells.items() if any(not ch["text"].isspace() for ch in chars)]
    return len({r for r, _ in filled}) >= MIN_GRID and len({c for _, c in filled}) >= MIN_GRID


def find_tables(settings: dict[str, Any]) -> list[Any]:
    """pdfplumber's table finder on explicit edges alone (merged edges, their crossings, the cells
    they enclose): it reads nothing of a page."""
    from .geometry import table

    return table().TableFinder(None, settings).tables  # type: ignore[arg-type]  # explicit edges need no page


def place_in_tables(found: list[Any], page_number: int, chars: list[dict]) -> tuple[list[Table], list[dict]]:
    """Ruled tables with their cells' lines, and the glyphs left outside every table."""
    if not found:
        return [], chars
    cell_boxes: list[tuple[tuple[int, int, int], Box]] = []
    for t_index, table in enumerate(found):
        for r_index, row in enumerate(table.rows):
            for c_index, bbox in enumerate(row.cells):
                if bbox is not None:
                    cell_boxes.append(((t_index, r_index, c_index), Box(*bbox)))
    cell_chars: dict[tuple[int, int, int], list[dict]] = {key: [] for key, _ in cell_boxes}
    # Cells by table row, so that a glyph is tried against the cells of the rows at its height only
    # (a long table has hundreds of cells a page); the first cell in table order that holds it wins.
    bands: dict[tuple[int, int], list[int]] = {}
    for i, ((t, r, _), _) in enumerate(cell_boxes):
        bands.setdefault((t, r), []).append(i)
    spans = [
        (min(cell_boxes[i][1].top for i in ids), max(cell_boxes[i][1].bottom for i in ids), ids)
        for ids in bands.values()
    ]
    outside = []
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        hits = [
            i for top, bottom, ids in spans if top <= y <= bottom for i in ids if cell_boxes[i][1].contains_point(x, y)
        ]
        if hits:
            cell_chars[cell_boxes[min(hits)][0]].append(ch)
        else:
            outside.append(ch)
    tables: list[Table] = []
    free = outside
    for t_index, table in enumerate(found):
        mine = {(r, c): chs for (t, r, c), chs in cell_chars.items() if t == t_index}
        if not _is_grid(mine):
            free.extend(ch for chs in mine.values() for ch in chs)
            continue
        rows: list[list[Cell | None]] = []
        for r_index, row in enumerate(table.rows):
            cells: list[Cell | None] = []
            for c_index, bbox in enumerate(row.cells):
                if bbox is None:
                    cells.append(None)
                    continue
                cells.append(Cell(r_index, c_index, Box(*bbox), build_lines(page_number, mine[(r_index, c_index)])))
            rows.append(cells)
        tables.append(Table(page_number, Box(*table.bbox), rows))
    if len(free) != len(chars):  # glyphs of rejected tables came back: restore the page's order
        order = {id(ch): i for i, ch in enumerate(chars)}
        free.sort(key=lambda ch: order[id(ch)])
    return tables, free


def read_page(page: Any) -> Page:
    """The page model of one pdfplumber page."""
    number = int(page.page_number)
    width, height = float(page.width), float(page.height)
    if page.rotation in (90, 270):
        # pdfminer sets the glyphs on the page as it is displayed; pdfplumber's size is the unrotated one.
        width, height = height, width
    chars, drawn = glyphs.scan(page)
    chars = glyphs.dedupe(chars)
    drawn = rules.visible(drawn, width, height)
    rulings = rules.rulings(drawn)
    curves = sum(1 for obj in drawn if obj["object_type"] == "curve")
    tables: list[Table] = []
    if len(rulings) + curves >= MIN_RULES_FOR_TABLE:
        settings = rules.table_settings(drawn)
        if settings is not None:
            tables, chars = place_in_tables(page.find_tables(settings), number, chars)
    result = Page(
        number=number,
        width=width,
        height=height,
        lines=lines_of(number, reading_order(cluster_rows(chars))),
        rulings=rulings,
        tables=tables,
    )
    attach_notes(result)
    return result
