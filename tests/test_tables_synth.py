"""Every table exported: tables rendered here (reportlab), stitched over pages, headers flattened."""

from __future__ import annotations

import csv
import json

import pytest

from extract.export import write_outputs
from extract.export.quality import quality_report
from extract.export.tables import table_rows
from extract.model import Document, DocumentTable
from extract.normalize import Normalizer, join_lines
from extract.pipeline import extract
from synth_table import HeaderCell, TablePage, render, two_row_header

HEADER = [HeaderCell("类别", 0, 0), HeaderCell("事项", 0, 1), HeaderCell("数量", 0, 2)]
WIDTHS = [70.0, 240.0, 80.0]


def run(path) -> Document:
    return extract(path, enrich=False)


def rows_of(table: DocumentTable) -> list[list[str]]:
    """The rows as the CSV has them (a merged cell's text in every slot it covers)."""
    return table_rows(table)


def cell_at(table: DocumentTable, row: int, col: int):
    return next(c for c in table.cells if (c.row, c.col) == (row, col))


def assert_cells_assigned(doc: Document) -> None:
    """The coverage account counts every table cell's text as assigned."""
    cov = quality_report(doc)["coverage"]
    boxes = [(w.page, w.box) for t in doc.tables for c in (*t.header, *t.cells) for w in c.where]
    for run_ in cov["unassigned"]:
        x0, top, x1, bottom = run_["box"]
        mid = ((x0 + x1) / 2, (top + bottom) / 2)
        assert not any(p == run_["page"] and b.contains_point(*mid) for p, b in boxes), run_


@pytest.mark.parametrize("repeat_header", [False, True], ids=["no-repeated-header", "repeated-header"])
def test_table_over_two_pages_is_one_with_the_broken_row_joined(tmp_path, repeat_header):
    pages = [
        TablePage(
            title="各类事项统计表",
            header=HEADER,
            rows=[
                ["1", "第一项事项的说明", "100"],
                ["2", "第二项事项的说明", "200"],
                ["3", "第三项说明的前半部分", "300"],
            ],
        ),
        # The third row broke over the page: its label cell is empty on the next page, the rest continues.
        TablePage(
            header=HEADER if repeat_header else None, rows=[["", "以及后半部分", ""], ["4", "第四项事项的说明", "400"]]
        ),
    ]
    doc = run(render(tmp_path / "two.pdf", pages, WIDTHS, landscape=False))
    [table] = doc.tables
    assert table.pages == [1, 2]
    assert table.columns == ["类别", "事项", "数量"] and table.header_rows == 1
    assert rows_of(table) == [
        ["1", "第一项事项的说明", "100"],
        ["2", "第二项事项的说明", "200"],
        ["3", "第三项说明的前半部分以及后半部分", "300"],
        ["4", "第四项事项的说明", "400"],
    ]
    joined = cell_at(table, 2, 1)
    assert [w.page for w in joined.where] == [1, 2] and all(w.box is not None for w in joined.where)
    # a repeated header is dropped from the rows, and its printing is kept as the header cell's provenance
    assert [len(c.where) for c in table.header] == [2 if repeat_header else 1] * 3
    assert_cells_assigned(doc)


def test_a_label_running_on_over_the_page_is_one_cell(tmp_path):
    pages = [
        TablePage(header=HEADER, rows=[["一、甲类", "事项一", "11"], [None, "事项二", "12"]]),
        # The merged label cell goes on at the top of the next page as an empty merged cell.
        TablePage(rows=[["", "事项三", "13"], [None, "事项四", "14"], ["二、乙类", "事项五", "15"]]),
    ]
    doc = run(render(tmp_path / "label.pdf", pages, WIDTHS, landscape=False))
    [table] = doc.tables
    assert rows_of(table) == [
        ["一、甲类", "事项一", "11"],
        ["一、甲类", "事项二", "12"],
        ["一、甲类", "事项三", "13"],
        ["一、甲类", "事项四", "14"],
        ["二、乙类", "事项五", "15"],
    ]
    label = cell_at(table, 0, 0)
    assert label.row_span == 4 and [w.page for w in label.where] == [1, 2]


def test_tables_with_text_between_are_not_stitched(tmp_path):
    pages = [
        TablePage(header=HEADER, rows=[["1", "事项一", "11"]]),
        TablePage(title="另一张表", header=HEADER, rows=[["1", "事项二", "12"]]),
    ]
    doc = run(render(tmp_path / "apart.pdf", pages, WIDTHS, landscape=False))
    assert [t.pages for t in doc.tables] == [[1], [2]]
    assert [t.no for t in doc.tables] == [1, 2]


def test_two_row_header_with_a_merged_group_cell(tmp_path):
    header = two_row_header(["地区", "下级甲", "下级乙", "备注"], "上级", (1, 3))
    pages = [TablePage(header=header, header_rows=2, rows=[["东区", "1", "2", "无"], ["西区", "3", "4", ""]])]
    doc = run(render(tmp_path / "group.pdf", pages, [80.0, 90.0, 90.0, 90.0], landscape=False))
    [table] = doc.tables
    assert table.header_rows == 2
    assert table.columns == ["地区", "上级/下级甲", "上级/下级乙", "备注"]
    group = next(c for c in table.header if c.text == "上级")
    assert (group.row, group.col, group.col_span) == (0, 1, 2)
    assert rows_of(table) == [["东区", "1", "2", "无"], ["西区", "3", "4", ""]]
    assert_cells_assigned(doc)

    out = tmp_path / "out"
    write_outputs(doc, out)
    text = (out / "tables" / "01.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(text.lstrip("\ufeff").splitlines())) == [
        ["地区", "上级/下级甲", "上级/下级乙", "备注"],
        ["东区", "1", "2", "无"],
        ["西区", "3", "4", ""],
    ]
    block = json.loads((out / "document.json").read_text(encoding="utf-8"))["tables"][0]
    assert block["file"] == "tables/01.csv" and block["pages"] == [1] and block["header_rows"] == 2
    assert {"row": 0, "col": 1, "text": "1"}.items() <= block["cells"][1].items()
    assert block["cells"][1]["where"][0]["page"] == 1 and len(block["cells"][1]["where"][0]["box"]) == 4
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "table-01")
    assert resource["path"] == "tables/01.csv"
    assert [(f["name"], f["type"]) for f in resource["schema"]["fields"]] == [
        ("地区", "string"),
        ("上级/下级甲", "integer"),
        ("上级/下级乙", "integer"),
        ("备注", "string"),
    ]


def test_vertical_header_text_reads_top_to_bottom_as_one_word(tmp_path):
    # One character per line in a narrow cell, over both header rows.
    header = [
        HeaderCell("合\n计\n金\n额", 0, 0, rowspan=2),
        HeaderCell("上级", 0, 1, colspan=2),
        HeaderCell("下级甲", 1, 1),
        HeaderCell("下级乙", 1, 2),
    ]
    pages = [TablePage(header=header, header_rows=2, rows=[["30", "10", "20"]])]
    doc = run(render(tmp_path / "vertical.pdf", pages, [22.0, 90.0, 90.0], landscape=False))
    [table] = doc.tables
    assert table.columns == ["合计金额", "上级/下级甲", "上级/下级乙"]
    assert rows_of(table) == [["30", "10", "20"]]


def test_a_number_wrapped_in_a_cell_gains_no_space(tmp_path):
    pages = [TablePage(header=HEADER, rows=[["1", "计划于20\n22年完成，共计1\n5项", "20\n22"]])]
    doc = run(render(tmp_path / "wrapped.pdf", pages, WIDTHS, landscape=False))
    [table] = doc.tables
    assert rows_of(table) == [["1", "计划于2022年完成，共计15项", "2022"]]
    assert not [c for c in doc.changes if c.field.startswith("tables/") and c.rule == "line_join"]


def test_wrapped_digits_join_as_one_number_and_words_keep_their_space():
    assert join_lines(["20", "22年"]) == "2022年"
    assert join_lines(["see the", "report"]) == "see the report"
    assert join_lines(["page 3", "of 22"]) == "page 3 of 22"  # a digit and a letter are two words
    norm = Normalizer()
    assert norm.text("f", "共计1\n234项", 1) == "共计1234项"
    assert norm.changes == []


def test_the_key_task_table_is_also_among_the_tables(official_doc):
    """The official document's key-task table, six pages with the header repeated on each, is one table."""
    [table] = official_doc.tables
    assert table.pages == [16, 17, 18, 19, 20, 21]
    assert table.header_rows == 2 and table.columns[2] == "进度要求/第一季度"
    assert all(sorted(w.page for w in cell.where) == table.pages for cell in table.header)
    rows = rows_of(table)
    assert [row[0] for row in rows] == [str(r.no) for r in official_doc.key_tasks.rows]
    assert [row[1] for row in rows] == [r.task for r in official_doc.key_tasks.rows]
    assert [row[7] for row in rows] == ["、".join(r.departments) for r in official_doc.key_tasks.rows]
    # read twice, logged once: no normalization change is logged under a table field
    assert not [c for c in official_doc.changes if c.field.startswith("tables/")]


def test_a_text_dumps_table_blocks_are_one_table_like_the_pdfs(official_doc):
    """A text dump has no geometry: its blocks, the header repeated on each page, join by column count."""
    from conftest import SEED

    dump = extract(SEED, enrich=False)
    [table] = dump.tables
    [printed] = official_doc.tables
    assert table.columns == printed.columns and table.header_rows == 2
    assert table.row_count == printed.row_count == len(official_doc.key_tasks.rows)
    assert [row[0] for row in rows_of(table)] == [row[0] for row in rows_of(printed)]
    assert all(w.line_no is not None for c in table.cells if c.text for w in c.where)


def test_a_table_drawn_open_at_the_page_break(tmp_path):
    """Word draws no rule under the last row before a page break, nor over a merged label running on
    at the top of the next page; the column rules still end together there, and the cells are kept."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from synth_table import FONT, _register

    _register()
    path = tmp_path / "open.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    xs = [70, 170, 400, 500]

    def rule(x0: float, y0: float, x1: float, y1: float) -> None:
        c.setLineWidth(0.5)
        c.line(x0, height - y0, x1, height - y1)

    def text(x: float, top: float, value: str) -> None:
        c.setFont(FONT, 10.5)
        c.drawString(x, height - top - 9.2, value)

    # page 1: header, then a label merged over every row down to the break, the last row left open
    rule(xs[0], 100, xs[-1], 100)
    rule(xs[0], 130, xs[-1], 130)
    for y in (160, 190, 220):
        rule(xs[1], y, xs[-1], y)
    for x in xs:
        rule(x, 100, x, 250)
    for x, value in zip(xs, ["类别", "事项", "数量"], strict=False):
        text(x + 4, 108, value)
    text(xs[0] + 4, 136, "一、甲类")
    for i, top in enumerate((136, 166, 196, 226)):
        text(xs[1] + 4, top, f"事项{'一二三四'[i]}")
        text(xs[2] + 4, top, str(11 + i))
    c.showPage()
    # page 2: the label runs on with no rule over it, then a new label
    rule(xs[1], 60, xs[-1], 60)
    for y in (90, 120):
        rule(xs[0], y, xs[-1], y)
    for x in xs:
        rule(x, 60, x, 120)
    text(xs[1] + 4, 66, "事项五")
    text(xs[2] + 4, 66, "15")
    text(xs[0] + 4, 96, "二、乙类")
    text(xs[1] + 4, 96, "事项六")
    text(xs[2] + 4, 96, "16")
    c.showPage()
    c.save()

    doc = run(path)
    [table] = doc.tables
    assert table.pages == [1, 2] and table.columns == ["类别", "事项", "数量"]
    assert rows_of(table) == [
        ["一、甲类", "事项一", "11"],
        ["一、甲类", "事项二", "12"],
        ["一、甲类", "事项三", "13"],
        ["一、甲类", "事项四", "14"],
        ["一、甲类", "事项五", "15"],
        ["二、乙类", "事项六", "16"],
    ]
    label = cell_at(table, 0, 0)
    assert label.row_span == 5 and [w.page for w in label.where] == [1, 2]
    assert not [ln.text for page in doc.parsed.pages for ln in page.lines]  # no cell text left to the page
