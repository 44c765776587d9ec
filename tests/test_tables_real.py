"""Every table of the real PDFs in ../shared/real through the real CLI: stitched, named, accounted for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import REAL
from table_checks import xlsx_matches_csvs

R05 = REAL / "r05-hongze-2023-xxgk-annual-report-tables.pdf"
R08 = REAL / "r08-putuo-2024-final-accounts-tables.pdf"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the project")


def _run(real_run, pdf: Path) -> Path:
    run = real_run(pdf.stem)
    assert run.result.returncode == 0, run.result.stderr
    return run.out


@pytest.fixture(scope="module")
def r05(real_run) -> Path:
    return _run(real_run, R05)


@pytest.fixture(scope="module")
def r08(real_run) -> Path:
    return _run(real_run, R08)


def _doc(folder: Path) -> dict:
    return json.loads((folder / "document.json").read_text(encoding="utf-8"))


def _csv(folder: Path, name: str) -> list[list[str]]:
    text = (folder / name).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(text[1:].splitlines()))


def _tables_match_their_csv(folder: Path) -> list[dict]:
    tables = _doc(folder)["tables"]
    assert sorted(p.name for p in (folder / "tables").iterdir()) == [f"{t['no']:02d}.csv" for t in tables]
    for table in tables:
        rows = _csv(folder, table["file"])
        assert rows[0] == table["columns"]
        assert len(rows) - 1 == table["row_count"]
        for cell in table["cells"]:
            # every slot a merged cell covers holds its text: each row stands on its own
            for r in range(cell["row"], cell["row"] + cell.get("row_span", 1)):
                for c in range(cell["col"], cell["col"] + cell.get("col_span", 1)):
                    assert rows[1 + r][c] == cell["text"]
            assert cell["where"] and all(len(w["box"]) == 4 for w in cell["where"])
    return tables


def _table_text_assigned(folder: Path) -> None:
    """No unassigned run of the coverage account lies in a table cell."""
    doc = _doc(folder)
    boxes = [
        (w["page"], w["box"]) for t in doc["tables"] for c in (*t["header"], *t["cells"]) for w in c["where"]
    ]
    for run_ in doc["quality"]["coverage"]["unassigned"]:
        x0, top, x1, bottom = run_["box"]
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        assert not any(p == run_["page"] and b[0] <= x <= b[2] and b[1] <= y <= b[3] for p, b in boxes), run_


def test_r05_has_exactly_three_tables_two_across_a_page_break(r05):
    tables = _tables_match_their_csv(r05)
    assert [t["pages"] for t in tables] == [[2, 3], [3, 4], [4]]
    assert [t["header_rows"] for t in tables] == [1, 3, 3]


def test_r05_headers_flattened_and_labels_joined_over_the_page_break(r05):
    first, second, third = _doc(r05)["tables"]
    assert first["columns"] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert "申请人情况/法人或其他组织/商业企业" in second["columns"]
    assert third["columns"][5] == "行政诉讼/未经复议直接起诉/结果维持"
    # The vertical label (one character per line) reads as one word, and it runs on over the page
    # break as one cell; the row after the break is a row of its own.
    label = next(c for c in second["cells"] if c["text"] == "三、本年度办理结果")
    assert {w["page"] for w in label["where"]} == {3, 4}
    rows = _csv(r05, second["file"])
    after_break = next(r for r in rows if r[2].startswith("3.补正后申请内容仍不明确"))
    assert after_break[3:] == ["0"] * 7
    # the label cell is listed once in document.json, and its text fills every row it covers in the CSV
    assert label["row_span"] > 1
    assert [i for i, r in enumerate(rows[1:]) if r[0] == "三、本年度办理结果"] == list(
        range(label["row"], label["row"] + label["row_span"])
    )


def test_r05_table_text_is_assigned(r05):
    _table_text_assigned(r05)


@pytest.mark.parametrize("name", ["r05", "r08"])
def test_the_workbook_has_every_table_cell_for_cell(request, name):
    xlsx_matches_csvs(request.getfixturevalue(name))


def test_r08_tables_on_portrait_and_landscape_pages(r08):
    tables = _tables_match_their_csv(r08)
    assert len(tables) == 10
    stitched = [t["pages"] for t in tables if len(t["pages"]) > 1]
    assert stitched == [[8, 9], [10, 11], [12, 13], [14, 15]]  # landscape pairs, then a portrait one
    income = tables[2]
    assert income["columns"][:3] == ["项目/功能分类科目编码", "项目/科目名称", "本年收入合计"]
    assert income["row_count"] == 25  # 12 rows on page 8 and 13 on page 9, no header repeated
    _table_text_assigned(r08)


def test_r08_rows_at_a_page_break_are_apart_and_captions_title_the_tables(r08):
    tables = _doc(r08)["tables"]
    both = next(t for t in tables if t["pages"] == [12, 13])
    names = [row[2] for row in _csv(r08, both["file"])[1:]]
    i = names.index("十五、商业服务业等支出")  # foot of page 12
    assert names[i + 1] == "十六、金融支出"  # top of page 13: a row of its own
    # the line above each table names it (a 单位：万元 line between is skipped)
    assert tables[2]["title"] == "收入决算表" and tables[2]["label"] is None
    assert sum(1 for t in tables if t["title"] and t["title"].endswith("表")) >= 8
