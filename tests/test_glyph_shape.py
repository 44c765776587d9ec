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


def _notice(path: Path, font: str, marks: tuple[str, str, str, str, str]) -> Path:
    opening, closing, one, two, three = marks
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
    pdf.line("某市人民政府", align="right", right_space=4)
    pdf.line("2019年3月5日", align="right", right_space=4)
    return pdf.save()


@pytest.fixture(scope="module")
def lying(tmp_path_factory) -> dict:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = tmp_path_factory.mktemp("glyph-shape")
    pdfmetrics.registerFont(TTFont(SYMBOL_FONT, str(lying_font(folder / "lie.ttf"))))
    pdf = _notice(folder / "lie.pdf", SYMBOL_FONT, ("暡", "暢", "栺", "栻", "格"))
    result = run_cli("run", str(pdf), "--out", str(folder / "out"), "--review", "--no-summary")
    assert result.returncode == 0, result.stderr
    out = folder / "out" / "lie"
    return {"pdf": pdf, "out": out, "doc": json.loads((out / "document.json").read_text(encoding="utf-8"))}


def test_a_lying_symbol_font_is_read_by_its_glyphs(lying):
    notice = lying["doc"]["notice"]
    assert notice["doc_number"] == "某府发〔2019〕5号"
    assert notice["body"] == ["分Ⅰ、Ⅱ、Ⅲ三个阶段实施，请认真贯彻执行。"]
    assert notice["issuers"] == ["某市人民政府"] and notice["date"] == "2019-03-05"


def test_each_repair_is_logged_with_code_font_and_confidence(lying):
    with (lying["out"] / "normalization.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["rule"] == "glyph_shape"]
    assert [(r["field"], r["before"], r["after"]) for r in rows] == [
        ("notice/doc_number", "暡", "〔"), ("notice/doc_number", "暢", "〕"),
        ("notice/body/0", "栺", "Ⅰ"), ("notice/body/0", "栻", "Ⅱ"), ("notice/body/0", "格", "Ⅲ"),
    ]  # fmt: skip
    codes = ["U+66A1", "U+66A2", "U+683A", "U+683B", "U+683C"]
    for row, code in zip(rows, codes, strict=True):
        detail = row["detail"].split()
        assert detail[:3] == [code, "font", SYMBOL_FONT] and 0.4 <= float(detail[-1]) <= 1
        assert row["origin"] == "pdf_layout" and row["box"]
    quality = json.loads((lying["out"] / "quality.json").read_text(encoding="utf-8"))
    assert quality["normalization"]["glyph_shape"] == 5


def test_repairs_show_in_the_review_page(lying):
    html = (lying["out"] / "review.html").read_text(encoding="utf-8")
    assert html.count("glyph_shape · notice/doc_number") == 2 and html.count("glyph_shape · notice/body/0") == 3


def test_fonts_whose_map_is_fine_are_never_rendered(tmp_path, lying):
    """The same notice printed in a font whose map tells the truth, and an uncommon ideograph (堃, outside
    GB 2312) in the body font: nothing is read, nothing changes."""
    from extract.normalize import read_glyph_shapes
    from extract.pipeline import parse_stage

    pdf = _notice(tmp_path / "fine.pdf", "STSong-Light", ("〔", "〕", "堃", "Ⅱ", "Ⅲ"))
    parsed = parse_stage(pdf)
    before = [line.text for page in parsed.pages for line in page.lines]
    shapes = read_glyph_shapes(parsed, pdf)
    assert shapes.read == 0 and not shapes
    assert [line.text for page in parsed.pages for line in page.lines] == before
