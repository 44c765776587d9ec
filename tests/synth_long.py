"""A long listing table for tests and benchmarks, made when needed (never committed).

``rows`` rows over ``pages`` portrait pages, ruled, with the header (组别, 序号, 名称, 金额) repeated
on every page and the group label (a cell merged down its group's rows) printed again at the top
of each page its group runs on to. Row ``i`` (from 1) is ``[group, str(i), f"项目{i}名称", amount(i)]``.

    python tests/synth_long.py OUT.pdf [ROWS] [PAGES]
"""

from __future__ import annotations

import sys
from pathlib import Path

from synth_table import HeaderCell, TablePage, render

HEADER = [HeaderCell("组别", 0, 0), HeaderCell("序号", 0, 1), HeaderCell("名称", 0, 2), HeaderCell("金额", 0, 3)]
WIDTHS = [80.0, 50.0, 220.0, 90.0]
GROUP_ROWS = 45  # rows per group: a group runs over a page break more often than not


def group_of(i: int) -> str:
    return f"第{(i - 1) // GROUP_ROWS + 1}组"


def amount(i: int) -> str:
    return f"{i * 37 % 10007}.{i % 100:02d}"


def expected_rows(rows: int) -> list[list[str]]:
    return [[group_of(i), str(i), f"项目{i}名称", amount(i)] for i in range(1, rows + 1)]


def render_long(path: str | Path, rows: int = 2000, pages: int = 60) -> Path:
    per_page = [rows // pages + (1 if p < rows % pages else 0) for p in range(pages)]
    out: list[TablePage] = []
    i = 1
    for n in per_page:
        body: list[list[str | None] | str] = []
        for k in range(n):
            label = group_of(i + k)
            # a label at the page top (repeated) or where its group starts; merged down otherwise
            first = k == 0 or label != group_of(i + k - 1)
            body.append([label if first else None, str(i + k), f"项目{i + k}名称", amount(i + k)])
        out.append(TablePage(rows=body, header=HEADER, title="项目清单表" if i == 1 else None))
        i += n
    return render(path, out, WIDTHS, landscape=False, top=40.0)


if __name__ == "__main__":
    args = sys.argv[1:]
    render_long(args[0], *(int(a) for a in args[1:3]))
