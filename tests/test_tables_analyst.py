"""Tables as analysts use them: rows cut by a page break, and rows that only look cut."""

from __future__ import annotations

import json

import pytest

from extract.export import write_outputs
from extract.export.quality import quality_report
from extract.export.tables import table_rows
from extract.pipeline import extract
from extract.tables.row_break import item_label, starts_new_row
from synth_table import HeaderCell, TablePage, render, two_row_header
from table_checks import xlsx_matches_csvs

HEADER = [HeaderCell("编码", 0, 0), HeaderCell("项目", 0, 1), HeaderCell("金额", 0, 2)]
WIDTHS = [70.0, 240.0, 80.0]


def test_a_new_item_at_the_top_of_the_page_is_a_row_of_its_own(tmp_path):
    """A final-accounts table: the code column empty in every row, one item per row. The row at the foot
    of page 1 and the row at the top of page 2 both leave the label cell empty, yet each is an item."""
    pages = [
        TablePage(header=HEADER, rows=[["", "十四、资源勘探支出", ""], ["", "十五、商业服务业等支出", ""]]),
        TablePage(rows=[["", "十六、金融支出", ""], ["", "十七、援助其他地区支出", "12.50"]]),
    ]
    doc = extract(render(tmp_path / "items.pdf", pages, WIDTHS, landscape=False), enrich=False)
    [table] = doc.tables
    assert table.pages == [1, 2]
    assert [row[1] for row in table_rows(table)] == [
        "十四、资源勘探支出",
        "十五、商业服务业等支出",
        "十六、金融支出",
        "十七、援助其他地区支出",
    ]


@pytest.mark.parametrize(
    ("foot", "top"),
    [
        (["", "甲项目", "100"], ["", "", "200"]),  # two figures: a number is never cut in two
        (["", "甲项目", "说明甲"], ["", "乙项目", "说明乙"]),  # both rows complete on their own
    ],
    ids=["figures", "complete-rows"],
)
def test_rows_complete_on_both_sides_of_the_break_stay_apart(tmp_path, foot, top):
    last = ["9", "末项", "9"]
    pages = [TablePage(header=HEADER, rows=[["1", "首项", "1"], foot]), TablePage(rows=[top, last])]
    doc = extract(render(tmp_path / "apart.pdf", pages, WIDTHS, landscape=False), enrich=False)
    [table] = doc.tables
    assert table_rows(table)[1:] == [foot, top, last]


def test_the_text_rules_of_a_cut_row():
    texts = ["十六、金融支出", "16.金融", "（三）其他", "第二条 内容", "①甲", "16.5亿元", "金融"]
    assert [item_label(t) for t in texts] == ["十六、", "16.", "（三）", "第二条", "①", None, None]
    # a cut sentence goes on
    assert not starts_new_row(["", "第三项说明的前半部分", "300"], ["", "以及后半部分", ""])
    # an item number of its own, or one that would appear twice in the joined cell
    assert starts_new_row(["", "十五、商业服务业等支出"], ["", "十六、金融支出"])
    assert starts_new_row(["", "1.甲事项；2.乙事"], ["", "项；2.丙事项"])
    assert not starts_new_row(["", "1.甲事项；2.乙事"], ["", "项；3.丙事项"])


@pytest.mark.parametrize(
    ("before", "title", "label", "expected"),
    [
        (["附表1"], "收入支出决算总表", "附表1", "收入支出决算总表"),  # a label on its own line above the title
        ([], "表2 各类事项统计表", "表2", "各类事项统计表"),  # label and title on one line
        ([], "各类事项统计表", None, "各类事项统计表"),  # a line naming a table, no label
        (["这是正文的一段话，不是表的名称。"], None, None, None),  # a paragraph above names nothing
    ],
    ids=["label-line", "one-line", "no-label", "paragraph"],
)
def test_the_caption_above_a_table_is_its_title(tmp_path, before, title, label, expected):
    pages = [TablePage(text_before=before, title=title, header=HEADER, rows=[["1", "甲", "1"], ["2", "乙", "2"]])]
    doc = extract(render(tmp_path / "caption.pdf", pages, WIDTHS, landscape=False), enrich=False)
    [table] = doc.tables
    assert (table.label, table.title) == (label, expected)
    if label:
        [where] = table.where["label"]
        assert where.page == 1 and where.box is not None
    if expected:
        assert table.where["title"][0].box.bottom <= min(c.where[0].box.top for c in table.header)


def test_merged_cells_fill_every_slot_and_the_workbook_has_them(tmp_path):
    header = two_row_header(["地区", "甲", "乙", "备注"], "上级", (1, 3))
    pages = [
        TablePage(
            title="表1 分组统计表",
            header=header,
            header_rows=2,
            rows=[
                ["一、东部", "1", "2", "说明"],
                [None, "3", "4", None],  # the group and its remark run down two rows
                "二、西部合计",  # a row merged across every column
                ["西区", "5", "6", ""],
            ],
        )
    ]
    doc = extract(render(tmp_path / "merged.pdf", pages, [80.0, 60.0, 60.0, 90.0], landscape=False), enrich=False)
    [table] = doc.tables
    assert table.columns == ["地区", "上级/甲", "上级/乙", "备注"] and table.label == "表1"
    assert table_rows(table) == [
        ["一、东部", "1", "2", "说明"],
        ["一、东部", "3", "4", "说明"],
        ["二、西部合计"] * 4,
        ["西区", "5", "6", ""],
    ]
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells if c.text}
    assert spans[(0, 0)] == (2, 1) and spans[(0, 3)] == (2, 1) and spans[(2, 0)] == (1, 4)
    out = tmp_path / "out"
    write_outputs(doc, out)
    block = json.loads((out / "document.json").read_text(encoding="utf-8"))["tables"][0]
    assert [c for c in block["cells"] if c["text"] == "二、西部合计"][0]["col_span"] == 4
    assert sum(1 for c in block["cells"] if c["text"] == "一、东部") == 1  # each cell once, with its spans
    xlsx_matches_csvs(out)
    first = (out / "tables.xlsx").read_bytes()
    write_outputs(doc, out)
    assert (out / "tables.xlsx").read_bytes() == first  # byte-reproducible


CUT_HEADER = (["编号", "事项", "数量"], [70, 150, 400, 500], ["1", "第一项事项", "11"], ["2", None, "22"])


def _cut_row_pdf(path, tail: list[str], after: list[str], table=CUT_HEADER):
    """Page 1: a ruled table whose last row runs to the page foot (``table``: header, column edges, a
    first row, the cut row with None in the column cut); page 2: the ``tail`` lines in that column
    with no rules, then the page's own text ``after`` (16 pt, from the left margin)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from synth_table import FONT, _register

    _register()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    header, xs, first, cut_row = table
    col = cut_row.index(None)

    def rule(x0: float, y0: float, x1: float, y1: float) -> None:
        c.setLineWidth(0.5)
        c.line(x0, height - y0, x1, height - y1)

    def text(x: float, top: float, value: str, size: float = 10.5) -> None:
        c.setFont(FONT, size)
        c.drawString(x, height - top - size * 0.88, value)

    ys = [600, 630, 660, 780]
    for y in ys:
        rule(xs[0], y, xs[-1], y)
    for x in xs:
        rule(x, ys[0], x, ys[-1])
    for x, value in zip(xs, header, strict=False):
        text(x + 4, ys[0] + 8, value)
    for x, value in zip(xs, first, strict=False):
        text(x + 4, ys[1] + 8, value)
    for x, value in zip(xs, cut_row, strict=False):
        if value is not None:
            text(x + 4, ys[2] + 8, value)
    cut = ["第二项事项的说明文字很长，", "在本页底部还没有写完，", "一直写到页面的最下方，", "接着写到"]
    for i, value in enumerate(cut):
        text(xs[col] + 4, ys[2] + 8 + i * 14, value)
    c.showPage()
    top = 60.0
    for value in tail:
        text(xs[col] + 4, top, value)
        top += 14
    top += 30
    for value in after:
        text(xs[0], top, value, 16)
        top += 28
    c.showPage()
    c.save()
    return path


def test_the_tail_of_a_cut_row_on_the_next_page_goes_to_its_cell(tmp_path):
    pdf = _cut_row_pdf(tmp_path / "tail.pdf", ["下一页才写完。"], ["二、其他工作安排", "各单位要按照要求做好工作。"])
    doc = extract(pdf, enrich=False)
    [table] = doc.tables
    assert table.pages == [1, 2]
    assert table_rows(table) == [
        ["1", "第一项事项", "11"],
        ["2", "第二项事项的说明文字很长，在本页底部还没有写完，一直写到页面的最下方，接着写到下一页才写完。", "22"],
    ]
    cell = next(c for c in table.cells if c.row == 1 and c.col == 1)
    assert [w.page for w in cell.where] == [1, 2]
    page_text = [ln.text for ln in doc.parsed.pages[1].lines]
    assert "下一页才写完。" not in page_text and "二、其他工作安排" in page_text
    assert quality_report(doc)["coverage"]["unassigned"] == []  # the tail is the cell's, not lost


@pytest.mark.parametrize(
    ("tail", "after"),
    [
        (["三、下一部分的标题"], ["各单位要按照要求做好工作。"]),  # an item of the page's text, not a tail
        (["下一页才写完。"], []),  # nothing after it: the page's own text, set narrow
    ],
    ids=["heading", "nothing-after"],
)
def test_text_at_the_top_of_the_next_page_that_is_no_tail_stays_text(tmp_path, tail, after):
    doc = extract(_cut_row_pdf(tmp_path / "text.pdf", tail, after), enrich=False)
    [table] = doc.tables
    assert table.pages == [1]
    assert tail[0] in [ln.text for ln in doc.parsed.pages[1].lines]


def test_a_2000_row_table_over_60_pages_is_one_table(tmp_path):
    """Header repeated on every page, group labels printed again at each page top: one table, the header
    once, every row as listed, each group one cell (its text once) with a printing per page."""
    from synth_long import GROUP_ROWS, expected_rows, render_long

    doc = extract(render_long(tmp_path / "long.pdf", 2000, 60), enrich=False)
    [table] = doc.tables
    assert table.pages == list(range(1, 61)) and table.title == "项目清单表"
    assert table.columns == ["组别", "序号", "名称", "金额"] and table.header_rows == 1
    assert all(len(c.where) == 60 for c in table.header)  # the repeats are the header's printings
    assert table_rows(table) == expected_rows(2000)
    groups = [c for c in table.cells if c.col == 0]
    assert [(c.text, c.row, c.row_span) for c in groups] == [
        (f"第{g + 1}组", g * GROUP_ROWS, min(GROUP_ROWS, 2000 - g * GROUP_ROWS)) for g in range(len(groups))
    ]
    assert max(len({w.page for w in c.where}) for c in groups) >= 2


def test_the_workbook_puts_the_key_task_table_first(tmp_path):
    from openpyxl import load_workbook

    words = ["序号", "工作任务", "第一季度", "第二季度", "第三季度", "第四季度", "牵头领导", "责任科室", "备注"]
    other = ["编码", "名称", "甲", "乙", "丙", "丁", "戊", "己", "庚"]
    tasks = [[str(i), f"第{i}项任务", "调研", "实施", "评估", "总结", "李明", "办公室", ""] for i in (1, 2)]
    pages = [
        TablePage(title="表1 经费统计表", header=[HeaderCell(w, 0, i) for i, w in enumerate(other)],
                  rows=[[str(i), "项目", *"1234567"] for i in (1, 2)]),
        TablePage(title="重点任务表", header=[HeaderCell(w, 0, i) for i, w in enumerate(words)], rows=tasks),
    ]
    widths = [32.0, 90.0, 60.0, 60.0, 60.0, 60.0, 45.0, 56.0, 44.0]
    doc = extract(render(tmp_path / "both.pdf", pages, widths, landscape=True), enrich=False)
    assert len(doc.key_tasks.rows) == 2 and [t.pages for t in doc.tables] == [[1], [2]]
    out = tmp_path / "out"
    write_outputs(doc, out)
    xlsx_matches_csvs(out)
    assert [ws.title for ws in load_workbook(out / "tables.xlsx").worksheets] == ["02 重点任务表", "01 经费统计表"]


def test_the_tail_of_a_cut_key_task_row_is_the_tasks_too(tmp_path):
    table = (
        ["序号", "工作任务", "第一季度", "第二季度"],
        [70, 100, 300, 400, 500],
        ["1", "第一项任务", "调研", "实施"],
        ["2", None, "评估", "总结"],
    )
    after = ["二、其他工作安排", "各单位要按照要求做好工作。"]
    pdf = _cut_row_pdf(tmp_path / "tasks.pdf", ["下一页才写完。"], after, table)
    doc = extract(pdf, enrich=False)
    whole = "第二项事项的说明文字很长，在本页底部还没有写完，一直写到页面的最下方，接着写到下一页才写完。"
    assert [row.task for row in doc.key_tasks.rows] == ["第一项任务", whole]
    assert doc.key_tasks.rows[1].pages == [1, 2]
    [printed] = doc.tables
    assert [row[1] for row in table_rows(printed)] == ["第一项任务", whole]


def test_a_row_naming_the_table_inside_its_frame_stays_under_the_caption(tmp_path):
    """A caption above the table and a row spanning the table above its header (a budget table's 表名
    over the frame and the kind of spending in its first row): the caption is the title, the row is
    kept as the subtitle, and none of its text is left unassigned."""
    words = [cell.text for cell in HEADER]
    header = [HeaderCell("基本支出", 0, 0, 1, len(words))] + [HeaderCell(w, 1, i) for i, w in enumerate(words)]
    pages = [TablePage(title="各类事项统计表", header=header, header_rows=2, rows=[["1", "甲", "1"], ["2", "乙", "2"]])]
    doc = extract(render(tmp_path / "subtitle.pdf", pages, WIDTHS, landscape=False), enrich=False)
    [table] = doc.tables
    assert (table.title, table.subtitle) == ("各类事项统计表", "基本支出")
    assert table.where["subtitle"][0].box.bottom <= min(c.where[0].box.top for c in table.header) + 0.5
    assert table.columns == words
    assert quality_report(doc)["coverage"]["unassigned_chars"] == 0
