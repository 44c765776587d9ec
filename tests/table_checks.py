"""Checks of the table outputs shared by the synthetic and the real-PDF tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path


def xlsx_matches_csvs(folder: Path) -> None:
    """tables.xlsx against tables/NN.csv, cell for cell: a sheet per table, title above, the printed header
    with its merged cells merged and frozen, then the CSV's rows exactly."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    tables = json.loads((folder / "document.json").read_text(encoding="utf-8"))["tables"]
    wb = load_workbook(folder / "tables.xlsx")
    assert sorted(ws.title[:2] for ws in wb.worksheets) == [f"{t['no']:02d}" for t in tables]
    for table in tables:
        ws = next(ws for ws in wb.worksheets if ws.title[:2] == f"{table['no']:02d}")
        text = (folder / table["file"]).read_text(encoding="utf-8")
        header, *rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
        values = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        top = 0
        if table["title"]:
            assert values[0][0] == table["title"]
            top = 1
        depth = max(1, table["header_rows"])
        assert ws.freeze_panes == f"A{top + depth + 1}"
        body = [row[: len(header)] for row in values[top + depth :]]
        assert body == rows
        merged = {str(r) for r in ws.merged_cells.ranges}
        if not table["header_rows"]:
            assert values[top][: len(header)] == header
        for cell in table["header"]:
            r, c = top + cell["row"] + 1, cell["col"] + 1
            assert (ws.cell(r, c).value or "") == cell["text"]
            if cell.get("row_span", 1) > 1 or cell.get("col_span", 1) > 1:
                last = ws.cell(r + cell.get("row_span", 1) - 1, c + cell.get("col_span", 1) - 1)
                assert f"{ws.cell(r, c).coordinate}:{last.coordinate}" in merged
        for c, _ in enumerate(header, start=1):
            assert ws.column_dimensions[get_column_letter(c)].width >= 6
