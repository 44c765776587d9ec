"""Glyphs read by their shape where a font's map lies: a 方正-style symbol font whose ToUnicode gives
its brackets and Roman numerals as ideographs (〔 → 暡 U+66A1, Ⅱ → 栻 U+683B), through the real CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from tests.conftest import run_cli
from tests.synth_glyphs import SYMBOL_FONT, lying_font
from tests.synth_notice import RED, NoticePDF, Run


def _notice(path: Path, font: str, marks: tuple[str, ...]) -> Path:
    opening, closing, one, two, three, left, right = marks
    pdf = NoticePDF(path)
    pdf.line("某市人民政府文件", align="center", size=30, color=RED)
    pdf.line(
        [
            Run("某府发"),
            Run(opening, font),
            Run("2019", "Helvetica"),
            Run(closing, font),
            Run("5", "Helvetica"),
            Run("号"),
        ],
        align="center",
    )
    pdf.skip()
    pdf.line("关于印发某项工作方案的通知", align="center", size=22)
    pdf.line("各区人民政府：")
    pdf.line(
        [
            Run("分"),
            Run(one, font),
            Run("、"),
            Run(two, font),
            Run("、"),
            Run(three, font),
            Run("三个阶段实施，请认真贯彻执行。"),
        ],
        indent=2,
    )
    pdf.line([Run("各区要落实"), Run(left, font), Run("一网通办"), Run(right, font), Run("要求。")], indent=2)
    pdf.line("某市人民政府", align="right", right_space=4)
    pdf.line("2019年3月5日", align="right", right_space=4)
    return pdf.save()


@pytest.fixture(scope="module")
def lying(tmp_path_factory) -> dict:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = tmp_path_factory.mktemp("glyph-shape")
    pdfmetrics.registerFont(TTFont(SYMBOL_FONT, str(lying_font(folder / "lie.ttf"))))
    pdf = _notice(folder / "lie.pdf", SYMBOL_FONT, ("暡", "暢", "栺", "栻", "格", "暟", "暠"))
    result = run_cli("run", str(pdf), "--out", str(folder / "out"), "--review", "--no-summary")
    assert result.returncode == 0, result.stderr
    out = folder / "out" / "lie"
    return {"pdf": pdf, "out": out, "doc": json.loads((out / "document.json").read_text(encoding="utf-8"))}


def test_a_lying_symbol_font_is_read_by_its_glyphs(lying):
    notice = lying["doc"]["notice"]
    assert notice["doc_number"] == "某府发〔2019〕5号"
    assert notice["body"] == ["分Ⅰ、Ⅱ、Ⅲ三个阶段实施，请认真贯彻执行。", "各区要落实“一网通办”要求。"]
    assert notice["issuers"] == ["某市人民政府"] and notice["date"] == "2019-03-05"


def test_each_repair_is_logged_with_code_font_and_confidence(lying):
    with (lying["out"] / "normalization.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["rule"] == "glyph_shape"]
    assert [(r["field"], r["before"], r["after"]) for r in rows] == [
        ("notice/doc_number", "暡", "〔"), ("notice/doc_number", "暢", "〕"),
        ("notice/body/0", "栺", "Ⅰ"), ("notice/body/0", "栻", "Ⅱ"), ("notice/body/0", "格", "Ⅲ"),
        ("notice/body/1", "暟", "“"), ("notice/body/1", "暠", "”"),
    ]  # fmt: skip
    codes = ["U+66A1", "U+66A2", "U+683A", "U+683B", "U+683C", "U+669F", "U+66A0"]
    for row, code in zip(rows, codes, strict=True):
        detail = row["detail"].split()
        assert detail[:3] == [code, "font", SYMBOL_FONT] and 0.4 <= float(detail[-1]) <= 1
        assert row["origin"] == "pdf_layout" and row["box"]
    quality = json.loads((lying["out"] / "quality.json").read_text(encoding="utf-8"))
    assert quality["normalization"]["glyph_shape"] == 7


def test_repairs_show_in_the_review_page(lying):
    html = (lying["out"] / "review.html").read_text(encoding="utf-8")
    assert html.count("按字形识读 · notice/doc_number") == 2 and html.count("按字形识读 · notice/body/0") == 3
    assert "U+66A1 font FZSymbolLie confidence" in html  # the detail beside the change


def test_fonts_whose_map_is_fine_are_never_rendered(tmp_path, lying):
    """The same notice printed in a font whose map tells the truth, and an uncommon ideograph (堃, outside
    GB 2312) in the body font: nothing is read, nothing changes."""
    from extract.normalize import read_glyph_shapes
    from extract.pipeline import parse_stage

    pdf = _notice(tmp_path / "fine.pdf", "STSong-Light", ("〔", "〕", "堃", "Ⅱ", "Ⅲ", "“", "”"))
    parsed = parse_stage(pdf)
    before = [line.text for page in parsed.pages for line in page.lines]
    shapes = read_glyph_shapes(parsed, pdf)
    assert shapes.read == 0 and not shapes
    assert [line.text for page in parsed.pages for line in page.lines] == before


def test_a_font_whose_whole_map_is_private_use(tmp_path):
    """Figures printed in a font whose map gives every glyph a private-use code: each run of them is
    read as a number, and every occurrence of a code takes its reading. (Few enough for the page to
    keep its text layer: a page mostly of such codes is read by OCR as a whole.)"""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from extract.normalize import Normalizer, read_glyph_shapes
    from extract.pipeline import parse_stage

    lies = {d: chr(0xE000 + int(d)) for d in "0123456789"} | {".": "\ue010"}
    pdfmetrics.registerFont(
        TTFont("GarbageDigits", str(lying_font(tmp_path / "pua.ttf", "GarbageDigits", lies, False)))
    )

    def coded(text: str) -> Run:
        return Run("".join(lies[c] for c in text), "GarbageDigits")

    pdf = NoticePDF(tmp_path / "pua.pdf")
    pdf.title("关于报送统计数据的通知")
    pdf.line("各有关单位：")
    pdf.line("为及时掌握全市重点项目建设情况，现将有关统计数据通报如下，请各单位认真核对。", indent=2)
    pdf.line("各单位要高度重视统计工作，确保数据真实准确，按时报送，不得迟报漏报。", indent=2)
    pdf.line([Run("截至"), coded("2019"), Run("年底，累计完成投资"), coded("305.8"), Run("亿元，增长"), coded("17"),
              Run("％，共"), coded("2019"), Run("项。")], indent=2)  # fmt: skip
    pdf.line("某某市统计局", align="right", right_space=2)
    parsed = parse_stage(pdf.save())
    [line] = [ln for ln in parsed.pages[0].lines if "截至" in ln.text]
    shapes = read_glyph_shapes(parsed, tmp_path / "pua.pdf")
    assert shapes.read == 9  # distinct codes: 0 1 2 3 5 7 8 9 and the point
    norm = Normalizer(shapes)
    assert norm.field("body/0", [line]) == "截至2019年底，累计完成投资305.8亿元，增长17％，共2019项。"
    changes = [c for c in norm.changes if c.rule == "glyph_shape"]
    assert len(changes) == 15 and all(c.detail.startswith(f"U+{ord(c.before):04X} font GarbageDigits") for c in changes)
    assert not norm.anomalies  # no private-use code left to report


def test_brackets_told_by_their_place_and_yi_codes(tmp_path):
    """A font that is not symbolic (its ideographs are ordinary ones): its brackets mapped to 格 栽 are
    read because they stand where a 发文字号's brackets belong; a Yi syllable (no 方正 GB code) anywhere."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from extract.normalize import Normalizer, read_glyph_shapes
    from extract.pipeline import parse_stage

    lies = {"❲": "格", "❳": "栽", "Ⅱ": "ꀀ"}
    pdfmetrics.registerFont(TTFont("PlainLie", str(lying_font(tmp_path / "plain.ttf", "PlainLie", lies))))
    pdf = NoticePDF(tmp_path / "plain.pdf")
    pdf.line("某市人民政府文件", align="center", size=30, color=RED)
    pdf.line([Run("某府发"), Run("格", "PlainLie"), Run("2019", "Helvetica"), Run("栽", "PlainLie"),
              Run("5", "Helvetica"), Run("号")], align="center")  # fmt: skip
    pdf.line("关于印发某项工作方案的通知", align="center", size=22)
    pdf.line([Run("第"), Run("ꀀ", "PlainLie"), Run("阶段的工作任务由各区人民政府负责组织实施。")], indent=2)
    pdf.line([Run("另有栽种格局两项")], indent=2)  # the same ideographs in the body font stay
    parsed = parse_stage(pdf.save())
    shapes = read_glyph_shapes(parsed, tmp_path / "plain.pdf")
    assert shapes.read == 3
    texts = [line.text for line in parsed.pages[0].lines]
    assert "某府发〔2019〕5号" in texts and "第Ⅱ阶段的工作任务由各区人民政府负责组织实施。" in texts
    assert "另有栽种格局两项" in texts
    norm = Normalizer(shapes)
    [number] = [line for line in parsed.pages[0].lines if line.text.endswith("号")]
    assert norm.field("doc_number", [number]) == "某府发〔2019〕5号"
    assert [(c.before, c.after) for c in norm.changes] == [("格", "〔"), ("栽", "〕")]


def test_a_table_column_of_roman_numerals(lying, tmp_path):
    """A ruled table whose 编号 column prints Ⅰ-3, Ⅱ-1 in the symbol font (the text layer: 栺-3, 栻-1)."""
    from extract.pipeline import extract

    pdf = NoticePDF(tmp_path / "table.pdf")
    pdf.line("附表", size=16)
    pdf.line("重点项目编号表", align="center", size=18)
    c, height = pdf.canvas, pdf.page_size[1]
    xs, tops = (80, 200, 420), (200, 228, 256, 284)
    for x in xs:
        c.line(x, height - tops[0], x, height - tops[-1])
    for top in tops:
        c.line(xs[0], height - top, xs[-1], height - top)
    rows = [[[Run("编号")], [Run("项目名称")]], [[Run("栺", SYMBOL_FONT), Run("-3", "Helvetica")], [Run("道路养护")]],
            [[Run("栻", SYMBOL_FONT), Run("-1", "Helvetica")], [Run("桥梁检测")]]]  # fmt: skip
    for top, row in zip(tops, rows, strict=False):
        for x, runs in zip(xs, row, strict=False):
            pdf.draw(x + 8, top + 6, runs, 14)
    doc = extract(pdf.save(), enrich=False)
    [table] = doc.tables
    assert table.columns == ["编号", "项目名称"]
    assert [cell.text for cell in table.cells if cell.col == 0] == ["Ⅰ-3", "Ⅱ-1"]
    changes = [(c.before, c.after) for c in doc.changes if c.rule == "glyph_shape"]
    assert changes == [("栺", "Ⅰ"), ("栻", "Ⅱ")]
