"""A PDF and an OFD of the same document give the same document.json (and page model) apart from ``source``."""

from __future__ import annotations

import json

from conftest import run_cli
from synth_ofd import Layout, Rule, Run, layout_ofd, layout_pdf

RED = (230, 0, 18)
BODY = [
    "为进一步加强安全生产工作，切实防范和遏制重特大事故发生，经市",
    "政府同意，决定在全市范围内开展安全生产大检查。现将有关事项通",
    "知如下：",
    "一、检查范围",
    "全市所有生产经营单位，重点是危险化学品、建筑施工和道路交通。",
    "二、工作要求",
    "各单位要高度重视，精心组织，确保检查工作取得实效。",
]


def notice_layout() -> Layout:
    items: list[Run | Rule] = [
        Run("某某市人民政府文件", 180.0, 160.0, 30.0, RED),
        Run("某政发〔2023〕5号", 230.0, 220.0),
        Rule(79.0, 235.0, 516.0, 2.0, RED),
        Run("关于开展安全生产大检查的通知", 143.0, 290.0, 22.0),
        Run("各区人民政府，市政府各部门：", 79.0, 340.0),
    ]
    y = 370.0
    for i, text in enumerate(BODY):
        indent = 0 if i in (1, 2) else 32
        items.append(Run(text, 79.0 + indent, y))
        y += 29.0
    items += [Run("某某市人民政府", 380.0, y + 60), Run("2023年3月28日", 380.0, y + 89)]
    return Layout([items])


def test_pdf_and_ofd_of_one_layout_give_the_same_document(tmp_path):
    """Both files in one folder, read by one run: a folder takes OFD files beside PDFs."""
    layout = notice_layout()
    folder = tmp_path / "in"
    folder.mkdir()
    layout_pdf(layout, folder / "notice-a.pdf")
    layout_ofd(layout, folder / "notice-b.ofd")
    out = tmp_path / "out"
    result = run_cli("run", str(folder), "--out", str(out), "--no-summary", "--debug-pages")
    assert result.returncode == 0, result.stderr
    from_pdf, from_ofd = (
        json.loads((out / stem / "document.json").read_text(encoding="utf-8")) for stem in ("notice-a", "notice-b")
    )
    # the page models themselves (lines, boxes, spans, rules, page sizes) are the same too
    pages_pdf, pages_ofd = (
        json.loads((out / stem / "pages.json").read_text(encoding="utf-8")) for stem in ("notice-a", "notice-b")
    )
    # A glyph's box from PDFium is the loose box of its outline, from an OFD the em square its step
    # gives: within a point of each other, everything else equal.
    assert pages_pdf["pages"][0]["rulings"] and _without_char_boxes(pages_pdf) == _without_char_boxes(pages_ofd)
    for line_pdf, line_ofd in zip(_lines(pages_pdf), _lines(pages_ofd), strict=True):
        for box_pdf, box_ofd in zip(line_pdf["char_boxes"], line_ofd["char_boxes"], strict=True):
            assert max(abs(a - b) for a, b in zip(box_pdf, box_ofd, strict=True)) <= 1.0, line_pdf["text"]
    assert from_pdf["notice"]["doc_number"] == "某政发〔2023〕5号"
    assert from_pdf["notice"]["issuers"] == ["某某市人民政府"]
    assert from_pdf["source"]["file"] == "notice-a.pdf" and from_ofd["source"]["file"] == "notice-b.ofd"
    for doc in (from_pdf, from_ofd):
        doc.pop("source")
    assert from_ofd == from_pdf


def _lines(pages: dict) -> list[dict]:
    return [line for page in pages["pages"] for line in page["lines"]]


def _without_char_boxes(pages: dict) -> list[dict]:
    return [
        {**page, "lines": [{k: v for k, v in line.items() if k != "char_boxes"} for line in page["lines"]]}
        for page in pages["pages"]
    ]


def test_header_row_with_the_doc_number_among_other_items_is_not_the_title(tmp_path):
    """A 版头 row set a little larger than the body, holding a date, the 发文字号 and an office apart
    (as an alliance's WPS notice prints it): the doc number is read from it and the title is the title."""
    from extract.pipeline import extract

    items: list[Run | Rule] = [
        Run("某某工作联盟", 200.0, 110.0, 36.0, RED),
        Run("2017年9月4日", 90.0, 160.0, 15.75),
        Run("通知〔2017〕7号", 245.0, 160.0, 15.75),
        Run("秘书处", 440.0, 160.0, 15.75),
        Rule(79.0, 175.0, 516.0, 2.0, RED),
        Run("关于开展互操作测试工作的通知", 143.0, 230.0, 22.0),
        Run("各成员单位：", 79.0, 280.0, 14.2),
    ]
    y = 306.0
    for text in BODY:
        items.append(Run(text[:28], 107.0, y, 14.2))
        y += 26.0
    items += [Run("某某工作联盟", 380.0, y + 50, 14.2), Run("2017年9月6日", 380.0, y + 76, 14.2)]
    layout = Layout([items])
    for path in (layout_pdf(layout, tmp_path / "row.pdf"), layout_ofd(layout, tmp_path / "row.ofd")):
        notice = extract(path, enrich=False).notice
        assert notice.doc_number == "通知〔2017〕7号", path.suffix
        assert notice.title == "关于开展互操作测试工作的通知", path.suffix
        assert notice.recipients == ["各成员单位"] and notice.date == "2017-09-06", path.suffix


def test_two_columns_over_three_are_read_column_by_column(tmp_path):
    """A magazine page: two columns with a picture between them, then three columns beneath. The
    two-column gutter narrows to one of the three-column gutters; the region of two columns ends there
    (as the PDF and the OFD of the same page read it)."""
    from extract.parse import ParseOptions, open_source, parse

    left = [f"左栏第{i}行的正文内容写在这里啊" for i in range(8)]
    right = [f"右栏第{i}行的正文内容写在这里啊" for i in range(8)]
    items: list[Run | Rule] = []
    for i in range(8):
        items += [Run(left[i], 40.0, 100.0 + 14 * i, 10.0), Run(right[i], 400.0, 100.0 + 14 * i, 10.0)]
    for i in range(12):  # more rows of three columns than of two
        y = 220.0 + 14 * i
        items += [Run(f"下方甲栏第{i}行文字内容啊", 40.0, y, 10.0), Run(f"乙栏第{i}行文字内容", 230.0, y, 10.0),
                  Run(f"下方丙栏第{i}行文字内容啊", 400.0, y, 10.0)]
    layout = Layout([items])
    for path in (layout_pdf(layout, tmp_path / "cols.pdf"), layout_ofd(layout, tmp_path / "cols.ofd")):
        lines = [line.text for line in parse(open_source(path), ParseOptions(ocr="never")).pages[0].lines]
        assert lines[:16] == left + right, path.suffix
