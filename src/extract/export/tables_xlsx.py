"""``tables.xlsx``: every table of the document in one workbook, a sheet per table.

Each sheet holds the table's title (merged across its columns), then its printed header rows with
merged header cells merged (a table without a header gets one row of its column names), frozen,
then the body rows exactly as ``tables/NN.csv`` has them (text, a merged cell's text in every slot
it covers). Columns are sized to their text. The key-task table comes first, the others in
reading order. The file is byte-reproducible: a fixed creation date and in-memory packaging (fixed
zip timestamps).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Document, DocumentTable
from .tables import table_rows

# Excel's sheet names: at most 31 characters, none of these.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31
# Column widths in Excel's character units: a CJK glyph is about two; long text wraps instead.
MIN_WIDTH, MAX_WIDTH = 6, 60


def _key_task_first(doc: Document) -> list[DocumentTable]:
    """The tables in reading order, the key-task table moved to the front."""
    tables = list(doc.tables)
    pages = set(doc.key_tasks.pages)
    if doc.key_tasks.rows and pages:
        key = next((t for t in tables if pages <= set(t.pages) and t.row_count >= len(doc.key_tasks.rows)), None)
        if key is not None:
            tables.remove(key)
            tables.insert(0, key)
    return tables


def sheet_name(table: DocumentTable) -> str:
    """``01 收入决算表``: the table's number and title, as Excel allows."""
    name = f"{table.no:02d} {table.title}" if table.title else f"{table.no:02d}"
    return _SHEET_FORBIDDEN.sub("_", name)[:MAX_SHEET_NAME].rstrip()


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def header_grid(table: DocumentTable) -> list[tuple[int, int, int, int, str]]:
    """The header as the sheet lays it: (first row, first col, last row, last col, text) per cell."""
    if not table.header_rows:
        return [(0, c, 0, c, name) for c, name in enumerate(table.columns)]
    last_col = len(table.columns) - 1
    return [
        (
            cell.row,
            cell.col,
            min(cell.row + cell.row_span, table.header_rows) - 1,
            min(cell.col + cell.col_span - 1, last_col),
            cell.text,
        )
        for cell in table.header
        if cell.row < table.header_rows and cell.col <= last_col
    ]


def _sheet(wb: Any, table: DocumentTable, formats: dict[str, Any]) -> None:
    ws = wb.add_worksheet(sheet_name(table))
    n_cols = max(1, len(table.columns))
    top = 0
    if table.title:
        if n_cols > 1:
            ws.merge_range(0, 0, 0, n_cols - 1, table.title, formats["title"])
        else:
            ws.write_string(0, 0, table.title, formats["title"])
        top = 1
    header = header_grid(table)
    depth = max([r1 for _, _, r1, _, _ in header], default=-1) + 1
    taken: set[tuple[int, int]] = set()
    for r0, c0, r1, c1, text in header:
        slots = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        if slots & taken:  # boxes that overlapped on the page: the later one keeps its first slot only
            r1, c1 = r0, c0
            slots = {(r0, c0)}
            if slots & taken:
                continue
        taken |= slots
        if (r0, c0) != (r1, c1):
            ws.merge_range(top + r0, c0, top + r1, c1, text, formats["head"])
        else:
            ws.write_string(top + r0, c0, text, formats["head"])
    body_top = top + depth
    rows = table_rows(table)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write_string(body_top + r, c, value, formats["body"])
    for c in range(len(table.columns)):
        texts = [table.columns[c].rsplit("/", 1)[-1], *(row[c] for row in rows)]
        longest = max(_width(t) for t in texts)
        ws.set_column(c, c, min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    ws.freeze_panes(body_top, 0)


def write_tables_xlsx(path: Path, doc: Document) -> None:
    """Every table of the document, a sheet each, into ``path`` (byte-reproducible)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"created": datetime(2000, 1, 1), "author": "gongwen-extract"})
    formats = {
        "title": wb.add_format({"bold": True, "align": "center", "valign": "vcenter"}),
        "head": wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}),
        "body": wb.add_format({"text_wrap": True, "valign": "top", "border": 1}),
    }
    for table in _key_task_first(doc):
        _sheet(wb, table, formats)
    wb.close()


__all__ = ["header_grid", "sheet_name", "write_tables_xlsx"]
