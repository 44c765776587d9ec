"""Every table of the document: its ``document.json`` entry and its ``tables/NN.csv``.

The CSV has one column per table column, named by the flattened header, and one row per body
row, each row self-contained: a cell merged over several rows or columns repeats its text in
every slot it covers (a group label spanning twelve rows stands in each of them, so a
``groupby`` on its column is right). ``document.json`` keeps each cell once, where it starts,
with its extent (``row_span``, ``col_span``), so the printed layout is recoverable.
"""

from __future__ import annotations

from typing import Any

from ..model import DocumentTable, TableCell
from .provenance import Provenance


def table_path(table: DocumentTable) -> str:
    return f"tables/{table.no:02d}.csv"


def table_rows(table: DocumentTable) -> list[list[str]]:
    """The body rows as exported, a merged cell's text in every slot it covers."""
    rows = [[""] * len(table.columns) for _ in range(table.row_count)]
    for cell in table.cells:
        for r in range(cell.row, min(cell.row + cell.row_span, table.row_count)):
            for c in range(cell.col, min(cell.col + cell.col_span, len(table.columns))):
                rows[r][c] = cell.text
    return rows


def _cell_json(cell: TableCell, prov: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {"row": cell.row, "col": cell.col, "text": cell.text}
    if cell.row_span > 1:
        out["row_span"] = cell.row_span
    if cell.col_span > 1:
        out["col_span"] = cell.col_span
    out["where"] = prov.where(cell.where)
    return out


def table_json(table: DocumentTable, prov: Provenance | None = None) -> dict[str, Any]:
    prov = prov if prov is not None else Provenance()
    return {
        "no": table.no,
        "file": table_path(table),
        "title": table.title,
        "label": table.label,
        "subtitle": table.subtitle,
        "pages": table.pages,
        "header_rows": table.header_rows,
        "columns": table.columns,
        "row_count": table.row_count,
        "notes": table.notes,
        "where": {key: prov.where(items) for key, items in sorted(table.where.items())},
        "header": [_cell_json(c, prov) for c in table.header],
        "cells": [_cell_json(c, prov) for c in table.cells],
    }


__all__ = ["table_json", "table_path", "table_rows"]
