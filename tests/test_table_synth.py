"""The table stage on key-task tables rendered here (reportlab), every cell checked."""

from __future__ import annotations

import pytest

from extract.model import ParsedDocument
from extract.normalize import Normalizer
from extract.pipeline import extract, parse_stage
from extract.tables.header import default_vocabulary
from extract.tables.key_tasks import NO_TASK_TABLE, build_key_tasks
from synth_table import HeaderCell, TablePage, render, render_text, two_row_header

FIELDS = ("task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")
WIDTH = {"no": 32, "task": 130, "q1": 100, "q2": 100, "q3": 100, "q4": 100, "lead": 45, "departments": 56, "remark": 44}
STANDARD = ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark"]
STANDARD_WORDS = ["序号", "工作任务", "第一季度", "第二季度", "第三季度", "第四季度", "牵头领导", "责任科室", "备注"]
LEADS = ["李明", "王芳", "陈建国", "赵丽"]
OFFICES = ["办公室", "人事科", "基教科", "信息中心", "安全科"]


def task(i: int) -> dict[str, str]:
    """One task's printed cells; every text differs so a misplaced cell cannot pass."""
    offices = OFFICES[i % 5] if i % 3 else f"{OFFICES[i % 5]}、{OFFICES[(i + 2) % 5]}"
    return {
        "no": str(i),
        "task": f"第{i}项：深入推进重点领域改革，完善制度体系建设，确保完成年度目标任务{i * 7}项。",
        "q1": f"任务{i}一季度：开展专项调研，形成工作方案并报送审议。",
        "q2": f"任务{i}二季度：组织实施方案，召开推进会议{i}次，落实责任分工。",
        "q3": f"任务{i}三季度：开展中期评估，完成{i * 10}%建设任务。",
        "q4": f"任务{i}四季度：总结全年工作，形成年度报告，完善长效机制。",
        "lead": LEADS[i % 4],
        "departments": offices,
        "remark": "区政府重点工作" if i % 2 else "",
    }


def expected(values: dict[str, str]) -> dict:
    return {
        "no": int(values["no"]),
        **{k: values[k] for k in ("task", "q1", "q2", "q3", "q4", "lead")},
        "departments": values["departments"].split("、"),
        "remark": values["remark"] or None,
    }


def cut(values: dict[str, str], split: dict[str, int]) -> tuple[dict[str, str], dict[str, str]]:
    """A row broken over a page: the first ``split[key]`` characters stay, the rest continue (empty 序号)."""
    first, rest = {}, {}
    for key, text in values.items():
        n = len(text) if key == "no" else split.get(key, len(text))
        first[key], rest[key] = text[:n], text[n:]
    rest["no"] = ""
    return first, rest


def row(values: dict[str, str], order: list[str]) -> list[str]:
    return [values[k] for k in order]


def check_rows(key_tasks, want: list[dict]) -> None:
    got = key_tasks.rows
    assert [r.no for r in got] == [w["no"] for w in want]
    for r, w in zip(got, want, strict=True):
        assert r.no == w["no"]
        for f in FIELDS:
            assert getattr(r, f) == w[f], (r.no, f)
        # every value keeps the page and box of the cell(s) it came from
        for f in ("no", "task", "q1", "q2", "q3", "q4", "lead", "departments"):
            assert r.where[f], (r.no, f)
            for where in r.where[f]:
                assert where.page in r.pages and where.box is not None and where.box.width > 0


class SpyNormalizer(Normalizer):
    """Records every field name; a field is normalized exactly once, from all its lines."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, list]] = []

    def field(self, name, lines):  # type: ignore[override]
        self.calls.append((name, list(lines)))
        return super().field(name, lines)


def run(path, vocab=None) -> tuple:
    parsed: ParsedDocument = parse_stage(path)
    norm = SpyNormalizer()
    key_tasks, warnings = build_key_tasks(parsed, norm, vocab)
    names = [name for name, _ in norm.calls]
    assert len(names) == len(set(names)), "a field was normalized twice"
    return key_tasks, warnings, norm


HEADER = two_row_header(STANDARD_WORDS, "进度要求", (2, 6))
WIDTHS = [WIDTH[k] for k in STANDARD]
TITLE = "2030年某某单位重点工作任务清单"


def test_two_row_header_repeated_on_each_page(tmp_path):
    tasks = [task(i) for i in range(1, 6)]
    pages = [
        TablePage([row(t, STANDARD) for t in tasks[:3]], HEADER, 2, title=TITLE),
        TablePage([row(t, STANDARD) for t in tasks[3:]], HEADER, 2),
    ]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", pages, WIDTHS))
    assert warnings == []
    assert kt.title == TITLE
    assert kt.pages == [1, 2]
    assert kt.columns == dict(zip(STANDARD, STANDARD_WORDS, strict=True))
    check_rows(kt, [expected(t) for t in tasks])
    assert [r.pages for r in kt.rows] == [[1], [1], [1], [2], [2]]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-rules"])
@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_row_broken_across_a_page_is_joined_cell_by_cell(tmp_path, repeat_header, ruled):
    tasks = [task(i) for i in range(1, 6)]
    # Task 3 breaks over the page: long cells continue, short ones end on page 1 or start on page 2.
    first, rest = cut(tasks[2], {"task": 11, "q1": 9, "q2": 20, "q3": 14, "q4": 5, "departments": 4, "remark": 0})
    pages = [
        TablePage([*(row(t, STANDARD) for t in tasks[:2]), row(first, STANDARD)], HEADER, 2, title=TITLE),
        TablePage([row(rest, STANDARD), *(row(t, STANDARD) for t in tasks[3:])], HEADER if repeat_header else None, 2),
    ]
    widths = WIDTHS if ruled else [w + 8 for w in WIDTHS]
    kt, warnings, norm = run(render(tmp_path / "t.pdf", pages, widths, ruled=ruled))
    assert warnings == []
    check_rows(kt, [expected(t) for t in tasks])
    broken = kt.rows[2]
    assert broken.pages == [1, 2]
    assert [w.page for w in broken.where["task"]] == [1, 2]
    assert [w.page for w in broken.where["lead"]] == [1]  # the empty continuation adds no box
    assert [w.page for w in broken.where["remark"]] == [2]
    # one normalization call over the lines of both pages
    (lines,) = [lines for name, lines in norm.calls if name == "key_tasks/rows/3/task"]
    assert {ln.page for ln in lines} == {1, 2}
    assert [r.pages for r in kt.rows] == [[1], [1], [1, 2], [2], [2]]


def test_header_not_repeated_on_later_pages(tmp_path):
    tasks = [task(i) for i in range(1, 9)]
    pages = [
        TablePage([row(t, STANDARD) for t in tasks[:3]], HEADER, 2, title=TITLE),
        TablePage([row(t, STANDARD) for t in tasks[3:6]]),
        TablePage([row(t, STANDARD) for t in tasks[6:]]),
    ]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", pages, WIDTHS))
    assert warnings == []
    assert kt.pages == [1, 2, 3]
    check_rows(kt, [expected(t) for t in tasks])


OTHER_ORDERS = {
    # single-row header, lead and offices before the quarters, other words
    "words-and-order": (
        ["no", "task", "lead", "departments", "q1", "q2", "q3", "q4", "remark"],
        ["序号", "任务内容", "牵头领导", "责任单位", "一季度", "二季度", "三季度", "四季度", "说明"],
        None,
    ),
    # offices first, quarters backwards under a group header, Latin quarter names
    "scrambled-q-names": (
        ["departments", "no", "q4", "q3", "q2", "q1", "task", "lead", "remark"],
        ["责任部门", "编号", "Q4", "Q3", "Q2", "Q1", "主要任务", "分管领导", "备注"],
        ("时间节点", (2, 6)),
    ),
    # month ranges instead of quarter names, traditional header characters
    "months-traditional": (
        ["no", "task", "q1", "q2", "q3", "q4", "departments", "lead", "remark"],
        ["序號", "工作目標任務", "1-3月", "4-6月", "7-9月", "10-12月", "責任處室", "責任領導", "備註"],
        ("進度安排", (2, 6)),
    ),
}


@pytest.mark.parametrize("case", sorted(OTHER_ORDERS))
def test_columns_map_by_meaning_not_position(tmp_path, case):
    order, words, group = OTHER_ORDERS[case]
    header = two_row_header(words, *group) if group else [HeaderCell(w, 0, i) for i, w in enumerate(words)]
    n_header = 2 if group else 1
    tasks = [task(i) for i in range(1, 5)]
    first, rest = cut(tasks[1], {"task": 15, "q1": 8, "q2": 8, "q3": 8, "q4": 8})
    pages = [
        TablePage([row(tasks[0], order), row(first, order)], header, n_header, title=TITLE),
        TablePage([row(rest, order), *(row(t, order) for t in tasks[2:])]),
    ]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", pages, [WIDTH[k] for k in order]))
    assert warnings == []
    assert set(kt.columns) == set(order)
    check_rows(kt, [expected(t) for t in tasks])


def test_cell_merged_over_several_tasks_goes_to_each(tmp_path):
    tasks = [task(i) for i in range(1, 5)]
    rows = [row(t, STANDARD) for t in tasks]
    for r in rows[1:3]:  # the lead of task 1 is merged down over tasks 2 and 3
        r[STANDARD.index("lead")] = None
    for t in tasks[1:3]:
        t["lead"] = tasks[0]["lead"]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", [TablePage(rows, HEADER, 2, title=TITLE)], WIDTHS))
    check_rows(kt, [expected(t) for t in tasks])
    assert kt.rows[1].where["lead"] == kt.rows[0].where["lead"]


def test_heading_rows_inside_the_table_are_not_tasks(tmp_path):
    tasks = [task(i) for i in range(1, 5)]
    rows = ["一、深化教育综合改革", *(row(t, STANDARD) for t in tasks[:2]), "二、加强队伍建设"]
    rows += [row(t, STANDARD) for t in tasks[2:]]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", [TablePage(rows, HEADER, 2, title=TITLE)], WIDTHS))
    check_rows(kt, [expected(t) for t in tasks])
    assert len(warnings) == 2 and all("heading" in w for w in warnings)


def test_title_row_inside_the_table_frame(tmp_path):
    header = [HeaderCell(TITLE, 0, 0, 1, len(STANDARD)), *(HeaderCell(w, 1, i) for i, w in enumerate(STANDARD_WORDS))]
    tasks = [task(i) for i in range(1, 3)]
    pages = [TablePage([row(t, STANDARD) for t in tasks], header, 2)]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", pages, WIDTHS))
    assert warnings == []
    assert kt.title == TITLE
    check_rows(kt, [expected(t) for t in tasks])


def test_no_title_above_the_table(tmp_path):
    pages = [TablePage([row(task(1), STANDARD)], HEADER, 2, text_before=["（此处无标题）以下为表格："])]
    kt, _, _ = run(render(tmp_path / "t.pdf", pages, WIDTHS))
    assert kt.title is None
    check_rows(kt, [expected(task(1))])


def test_unknown_header_words_can_be_taught(tmp_path):
    words = ["序号", "攻坚方向", "第一季度", "第二季度", "第三季度", "第四季度", "牵头领导", "责任科室", "备注"]
    pages = [TablePage([row(task(1), STANDARD)], two_row_header(words, "进度要求", (2, 6)), 2, title=TITLE)]
    path = render(tmp_path / "t.pdf", pages, WIDTHS)
    kt, warnings, _ = run(path)
    assert kt.rows == [] and warnings == [NO_TASK_TABLE]
    kt, warnings, _ = run(path, default_vocabulary().extended({"task": ["攻坚方向"]}))
    assert warnings == []
    check_rows(kt, [expected(task(1))])


def test_document_without_a_table_gives_empty_key_tasks_and_a_warning(tmp_path):
    paragraphs = ["关于做好第一季度和第二季度工作的通知", "各单位：请认真落实各项工作任务。"]
    path = render_text(tmp_path / "plain.pdf", paragraphs)
    doc = extract(path)
    assert doc.key_tasks.rows == [] and doc.key_tasks.title is None
    assert NO_TASK_TABLE in doc.warnings


def test_table_that_is_not_a_task_table_is_ignored(tmp_path):
    header = [HeaderCell(w, 0, i) for i, w in enumerate(["序号", "姓名", "职务", "联系电话"])]
    pages = [TablePage([["1", "张三", "科长", "12345678"], ["2", "李四", "副科长", "87654321"]], header, 1)]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", pages, [40, 120, 120, 160]))
    assert kt.rows == [] and warnings == [NO_TASK_TABLE]


def test_table_without_rules_is_read_from_text_alignment(tmp_path):
    tasks = [task(i) for i in range(1, 5)]
    pages = [
        TablePage(
            [row(t, STANDARD) for t in tasks],
            HEADER,
            2,
            title=TITLE,
            text_after=["以上任务请各单位认真落实，按季度报送进展情况，确保各项任务按时保质完成。"],
        )
    ]
    path = render(tmp_path / "t.pdf", pages, [WIDTH[k] + 8 for k in STANDARD], ruled=False)
    parsed = parse_stage(path)
    # the table's text left the content lines; title and the paragraph after it stay
    assert [ln.text for ln in parsed.pages[0].lines] == [TITLE, pages[0].text_after[0]]
    kt, warnings, _ = run(path)
    assert warnings == []
    assert kt.title == TITLE
    assert kt.columns == dict(zip(STANDARD, STANDARD_WORDS, strict=True))
    check_rows(kt, [expected(t) for t in tasks])


def test_table_without_rules_single_header_line(tmp_path):
    order = ["no", "task", "lead", "departments", "q1", "q2", "q3", "q4", "remark"]
    words = ["序号", "任务内容", "牵头领导", "责任单位", "一季度", "二季度", "三季度", "四季度", "备注"]
    tasks = [task(i) for i in range(1, 4)]
    header = [HeaderCell(w, 0, i) for i, w in enumerate(words)]
    pages = [TablePage([row(t, order) for t in tasks], header, 1, title=TITLE)]
    path = render(tmp_path / "t.pdf", pages, [WIDTH[k] + 8 for k in order], ruled=False)
    kt, warnings, _ = run(path)
    assert warnings == []
    check_rows(kt, [expected(t) for t in tasks])


def test_unrecognised_and_missing_columns_are_reported_not_fatal(tmp_path):
    order = ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "deadline"]
    words = ["序号", "工作任务", "第一季度", "第二季度", "第三季度", "第四季度", "牵头领导", "责任科室", "完成时限"]
    tasks = [dict(task(i), deadline=f"12月{i}日") for i in range(1, 3)]
    header = [HeaderCell(w, 0, i) for i, w in enumerate(words)]
    widths = [WIDTH.get(k, 44) for k in order]
    kt, warnings, _ = run(render(tmp_path / "t.pdf", [TablePage([row(t, order) for t in tasks], header, 1)], widths))
    assert warnings == [
        "key-task table on page 1: column '完成时限' not recognised; ignored",
        "key-task table on page 1 has no column for: remark",
    ]
    check_rows(kt, [dict(expected(t), remark=None) for t in tasks])


def test_repeated_header_with_a_misread_word_keeps_the_tables_columns(tmp_path):
    """A scan's repeated header may misread a word (牵头领导 as 牵头领顶): that page's lead column
    is still the lead column of the table it continues, by place."""
    tasks = [task(i) for i in range(1, 6)]
    misread = [w.replace("领导", "领顶") for w in STANDARD_WORDS]
    assert misread != STANDARD_WORDS
    pages = [
        TablePage([row(t, STANDARD) for t in tasks[:3]], HEADER, 2, title=TITLE),
        TablePage([row(t, STANDARD) for t in tasks[3:]], two_row_header(misread, "进度要求", (2, 6)), 2),
    ]
    kt, _, _ = run(render(tmp_path / "t.pdf", pages, WIDTHS))
    assert kt.pages == [1, 2]
    check_rows(kt, [expected(t) for t in tasks])
