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

from collections.abc import Callable
from typing import Any

from ...model import Page, PageImage, Table
from ..columns import reading_order
from ..geometry import Grid
from ..lines import cluster_rows, lines_of
from ..ruled_tables import place_in_tables
from ..table_notes import attach_notes
from . import glyphs, rules

# Too few rules cannot enclose a table; skipping the finder there keeps body pages cheap.
MIN_RULES_FOR_TABLE = 4


def grids_of(found: list[Any]) -> list[Grid]:
    """pdfplumber's tables as rows of cell boxes."""
    return [[list(row.cells) for row in table.rows] for table in found]


def find_tables(settings: dict[str, Any]) -> list[Any]:
    """pdfplumber's table finder on explicit edges alone (merged edges, their crossings, the cells
    they enclose): it reads nothing of a page."""
    from ..geometry import table

    return table().TableFinder(None, settings).tables  # type: ignore[arg-type]  # explicit edges need no page


def read_page(page: Any) -> Page:
    """The page model of one pdfplumber page."""
    number = int(page.page_number)
    width, height = float(page.width), float(page.height)
    if page.rotation in (90, 270):
        # pdfminer sets the glyphs on the page as it is displayed; pdfplumber's size is the unrotated one.
        width, height = height, width
    chars, drawn = glyphs.scan(page)
    return build_page(number, width, height, glyphs.dedupe(chars), drawn, page.find_tables)


def build_page(
    number: int,
    width: float,
    height: float,
    chars: list[dict],
    drawn: list[dict],
    finder: Callable[[dict[str, Any]], list[Any]],
    image_share: float = 0.0,
    images: list[PageImage] | None = None,
) -> Page:
    """The page model from a page's glyphs and drawings, whichever engine read them: visible rules,
    the tables ``finder`` finds on them (pdfplumber's table finder, given its settings), the glyphs in
    their cells or the page's lines in reading order, the notes under tables."""
    drawn = rules.visible(drawn, width, height)
    rulings = rules.rulings(drawn)
    curves = sum(1 for obj in drawn if obj["object_type"] == "curve")
    tables: list[Table] = []
    if len(rulings) + curves >= MIN_RULES_FOR_TABLE:
        settings = rules.table_settings(drawn)
        if settings is not None:
            tables, chars = place_in_tables(number, grids_of(finder(settings)), chars)
    result = Page(
        number=number,
        width=width,
        height=height,
        lines=lines_of(number, reading_order(cluster_rows(chars))),
        rulings=rulings,
        tables=tables,
        image_share=image_share,
        images=images if images is not None else [],
    )
    attach_notes(result)
    return result
