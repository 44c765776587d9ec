"""Parse-stage layout on PDFs built here: invisible rules, lines by baseline, columns, rotation.

Each test draws the failure mode seen on a real producer's PDF (LibreOffice's white
text frames, 方正's digit font with shifted boxes, a two-column gazette, rotated
pages) with reportlab, so the fix is pinned without ``../shared``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from conftest import REAL
from extract.parse.pdf import parse_pdf
from extract.pipeline import parse_stage

SONG = "STSong-Light"
A4 = (595.28, 841.89)
BODY = [
    "为进一步做好本地区农业机械化工作，推动农机装备水平稳步提高，现将有关事项通知如下。",
    "各地要按照统一部署，结合本地实际，认真组织实施，确保各项措施落实到位。",
    "请各单位于每季度末报送工作进展情况，遇有重大问题及时报告。",
]


def _canvas(path: Path, pagesize: tuple[float, float] = A4):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    return canvas.Canvas(str(path), pagesize=pagesize)


def _text(c, x: float, top: float, text: str, size: float = 14.0, font: str = SONG) -> None:
    c.setFont(font, size)
    c.drawString(x, c._pagesize[1] - top - 0.88 * size, text)


def _page_texts(pdf: Path) -> list[str]:
    doc = parse_stage(pdf)
    return [line.text for page in doc.pages for line in page.lines]


# ---- what no reader sees is not structure ---------------------------------------------


def _frames_pdf(path: Path, *, visible_frame: bool = False, border: bool = False) -> Path:
    """Paragraphs each on a white-filled frame, white grid rules between them (LibreOffice's text frames)."""
    c = _canvas(path)
    height = A4[1]
    top = 100.0
    c.setFillColorRGB(1, 1, 1)
    c.setStrokeColorRGB(1, 1, 1)
    for _ in BODY:
        c.rect(80, height - top - 40, 430, 40, stroke=1, fill=1)  # the frame, painted in the paper's white
        c.line(80, height - top, 510, height - top)
        top += 40
    if visible_frame:  # one visible box around the second paragraph: a frame, not a table
        c.setStrokeColorRGB(0, 0, 0)
        c.rect(78, height - 100 - 80 - 2, 434, 44, stroke=1, fill=0)
        c.line(78, height - 100 - 60, 512, height - 100 - 60)  # even split in two, it holds one column
    if border:
        c.setStrokeColorRGB(0, 0, 0)
        c.rect(30, 30, A4[0] - 60, A4[1] - 60, stroke=1, fill=0)
    c.setFillColorRGB(0, 0, 0)
    top = 100.0
    for text in BODY:
        _text(c, 84, top + 12, text[:30])
        top += 40
    c.showPage()
    c.save()
    return path


def test_white_frames_are_not_tables(tmp_path):
    doc = parse_pdf(_frames_pdf(tmp_path / "frames.pdf"))
    page = doc.pages[0]
    assert page.tables == []
    assert page.rulings == []  # white rules are not rules
    assert [line.text for line in page.lines] == [text[:30] for text in BODY]


@pytest.mark.parametrize("kind", ["visible_frame", "border"])
def test_a_frame_or_a_page_border_keeps_its_text(tmp_path, kind):
    doc = parse_pdf(_frames_pdf(tmp_path / f"{kind}.pdf", **{kind: True}))
    page = doc.pages[0]
    assert page.tables == []  # a frame is drawn and seen, but it is no grid of cells holding text
    assert [line.text for line in page.lines] == [text[:30] for text in BODY]


def test_a_real_grid_is_still_a_table(tmp_path):
    path = tmp_path / "grid.pdf"
    c = _canvas(path)
    height = A4[1]
    xs, tops = [80, 200, 330], [100, 130, 160]
    for x in xs:
        c.line(x, height - tops[0], x, height - tops[-1])
    for t in tops:
        c.line(xs[0], height - t, xs[-1], height - t)
    for r, row in enumerate([["序号", "任务"], ["1", "推进农机补贴"]]):
        for k, cell in enumerate(row):
            _text(c, xs[k] + 4, tops[r] + 8, cell, 12)
    c.showPage()
    c.save()
    page = parse_pdf(path).pages[0]
    assert len(page.tables) == 1
    cells = [[c.lines[0].text if c and c.lines else "" for c in row] for row in page.tables[0].rows]
    assert cells == [["序号", "任务"], ["1", "推进农机补贴"]]


def test_rules_painted_over_or_off_the_page_are_not_rules(tmp_path):
    path = tmp_path / "hidden.pdf"
    c = _canvas(path)
    height = A4[1]
    c.setStrokeColorRGB(0, 0, 0)
    c.line(100, height - 300, 400, height - 300)  # painted over below
    c.line(100, height + 50, 400, height + 50)  # above the page
    c.line(100, height - 500, 400, height - 500)  # the one visible rule
    c.setFillColorRGB(1, 1, 1)
    c.rect(90, height - 310, 320, 20, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    _text(c, 100, 100, BODY[0][:20])
    c.showPage()
    c.save()
    rulings = parse_pdf(path).pages[0].rulings
    assert [round(r.box.top) for r in rulings] == [500]


# ---- lines by baseline -----------------------------------------------------------------


def _shifted_digit_font(name: str, descent: int) -> str:
    """STSong-Light's glyphs under ``name`` with a wrong descent, so every glyph box sits off its baseline."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase._cidfontdata import CIDFontInfo
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont, structToPDF

    class Shifted(UnicodeCIDFont):
        def __init__(self) -> None:
            super().__init__(SONG)
            self.name = self.fontName = name

        def addObjects(self, doc):  # noqa: N802 (reportlab's name)
            internal = "F" + repr(len(doc.fontMapping) + 1)
            info = copy.deepcopy(CIDFontInfo[SONG])
            info["BaseFont"] = "/" + name
            info["DescendantFonts"][0]["BaseFont"] = "/" + name
            info["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/" + name
            info["DescendantFonts"][0]["FontDescriptor"]["Descent"] = descent
            info["Name"] = "/" + internal
            info["Encoding"] = "/" + self.encodingName
            doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(structToPDF(info), internal)
            doc.fontMapping[name] = "/" + internal

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(Shifted())
    return name


def test_digits_in_a_font_with_shifted_boxes_stay_on_their_line(tmp_path):
    """方正 sets digits in a separate font whose glyph boxes sit below the line: 2023 年 3 月 28 日 is one line."""
    digits = _shifted_digit_font("FZDigits-Shifted", 700)
    path = tmp_path / "date.pdf"
    c = _canvas(path)
    height, size, x = A4[1], 16.0, 300.0
    for run, font in [("2023", digits), ("年", SONG), ("3", digits), ("月", SONG), ("28", digits), ("日", SONG)]:
        c.setFont(font, size)
        c.drawString(x, height - 400, run)
        x += c.stringWidth(run, font, size) + 2
    _text(c, 80, 200, BODY[0][:28], size)
    c.showPage()
    c.save()
    lines = parse_pdf(path).pages[0].lines
    assert [line.text.replace(" ", "") for line in lines] == [BODY[0][:28], "2023年3月28日"]
    date = lines[1]
    # the digit boxes are re-seated on the baseline: the line is one line high
    assert date.box.bottom - date.box.top < 1.3 * size
    assert len({span.font for span in date.spans}) == 2 and digits in {span.font for span in date.spans}


def test_a_page_number_alone_in_a_font_with_shifted_boxes_sits_on_its_baseline(tmp_path):
    """A page number set alone in 方正's digit font has no glyph on its line to measure against: its
    box is seated on its baseline as the page's other glyphs sit, not the font's descent below it."""
    digits = _shifted_digit_font("FZDigits-Shifted", 700)
    path = tmp_path / "number.pdf"
    c = _canvas(path)
    height, size = A4[1], 14.0
    _text(c, 80, 200, BODY[0][:28], 16)
    c.setFont(digits, size)
    baseline = height - 780
    c.drawString(300, baseline, "7")
    c.showPage()
    c.save()
    page = parse_pdf(path).pages[0]
    [number] = [line for line in [*page.lines, *page.furniture] if line.text.strip() == "7"]
    top = height - baseline - 0.88 * size  # where a glyph of this size starts above its baseline
    assert number.box.top == pytest.approx(top, abs=0.2 * size)
    assert number.box.top < height - baseline < number.box.bottom  # the box straddles the baseline


def test_a_superscript_mark_stays_with_its_line(tmp_path):
    path = tmp_path / "mark.pdf"
    c = _canvas(path)
    height = A4[1]
    _text(c, 80, 100, "依照有关法律规定", 16)
    c.setFont(SONG, 9)
    c.drawString(80 + 8 * 16 + 1, height - 100 - 0.88 * 16 + 7, "①")
    _text(c, 80, 130, "执行本办法。", 16)
    c.showPage()
    c.save()
    texts = [line.text for line in parse_pdf(path).pages[0].lines]
    assert texts == ["依照有关法律规定①", "执行本办法。"]


# ---- reading order ----------------------------------------------------------------------

LEFT = [f"左栏第{i}行的正文内容照常排版" for i in range(1, 13)]
RIGHT = [f"右栏第{i}行的正文内容照常排版" for i in range(1, 13)]


def _two_columns_pdf(path: Path) -> Path:
    c = _canvas(path, (481.0, 740.0))
    _text(c, 150, 40, "第一章　总　　则", 12)
    for i, (a, b) in enumerate(zip(LEFT, RIGHT, strict=True)):
        _text(c, 20, 80 + 20 * i, a, 10)
        _text(c, 250, 80 + 20 * i, b, 10)
    c.showPage()
    c.save()
    return path


def test_two_columns_are_read_column_by_column(tmp_path):
    doc = parse_pdf(_two_columns_pdf(tmp_path / "gazette.pdf"))
    lines = doc.pages[0].lines
    assert ["".join(line.text.split()) for line in lines] == ["第一章总则", *LEFT, *RIGHT]
    assert [line.column for line in lines] == [None] + [0] * len(LEFT) + [1] * len(RIGHT)


def test_a_signature_block_side_by_side_is_not_columns(tmp_path):
    """Two organ names side by side over a date: a few short rows, kept as rows."""
    path = tmp_path / "sign.pdf"
    c = _canvas(path)
    for i, text in enumerate(BODY):
        _text(c, 80, 100 + 30 * i, text[:28], 14)
    _text(c, 120, 300, "某某省农业农村厅", 14)
    _text(c, 360, 300, "某某省财政厅", 14)
    _text(c, 360, 330, "2024年5月6日", 14)
    c.showPage()
    c.save()
    lines = parse_pdf(path).pages[0].lines
    assert all(line.column is None for line in lines)
    assert [line.text for line in lines][-2:] == ["某某省农业农村厅 某某省财政厅", "2024年5月6日"]


# ---- rotation and page sizes ------------------------------------------------------------


def test_a_page_with_rotate_reads_upright(tmp_path):
    """A landscape page stored as a portrait page turned by /Rotate 90, its content drawn a quarter turn back."""
    path = tmp_path / "rotated.pdf"
    c = _canvas(path)
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)  # user space of the page as displayed: 842 wide, 595 high
    c.setFont(SONG, 14)
    c.drawString(80, A4[0] - 100 - 0.88 * 14, BODY[0][:20])
    c.drawString(80, A4[0] - 130 - 0.88 * 14, BODY[1][:20])
    c.restoreState()
    c.setPageRotation(90)
    c.showPage()
    c.save()
    doc = parse_pdf(path)
    page = doc.pages[0]
    assert (round(page.width), round(page.height)) == (842, 595)
    texts = [line.text for line in page.lines]
    assert texts == [BODY[0][:20], BODY[1][:20]]


def test_text_drawn_rotated_reads_along_its_baseline(tmp_path):
    path = tmp_path / "sideways.pdf"
    c = _canvas(path)
    _text(c, 80, 100, BODY[0][:20], 14)
    c.saveState()
    c.translate(500, 300)
    c.rotate(90)  # text running up the page
    c.setFont(SONG, 14)
    c.drawString(0, 0, "附表说明文字")
    c.restoreState()
    c.showPage()
    c.save()
    texts = [line.text for line in parse_pdf(path).pages[0].lines]
    assert texts == [BODY[0][:20], "附表说明文字"]


def test_us_letter_and_mixed_orientation_pages(tmp_path):
    from reportlab.lib.pagesizes import LETTER, landscape

    path = tmp_path / "mixed.pdf"
    c = _canvas(path, LETTER)
    _text(c, 72, 100, BODY[0][:20])
    c.showPage()
    c.setPageSize(landscape(A4))
    _text(c, 72, 100, BODY[1][:20])
    c.showPage()
    c.save()
    doc = parse_pdf(path)
    assert [(round(p.width), round(p.height)) for p in doc.pages] == [(612, 792), (842, 595)]
    assert [line.text for p in doc.pages for line in p.lines] == [BODY[0][:20], BODY[1][:20]]


# ---- the real producers' PDFs (skipped without ../shared/real) -----------------------------


def _real(name: str) -> Path:
    matches = sorted(REAL.glob(f"{name}*.pdf")) if REAL.exists() else []
    if not matches:
        pytest.skip("../shared/real is not beside the project")
    return matches[0]


def test_real_libreoffice_white_frames_leave_text_to_the_content(real_run):
    run = real_run("r01-")
    assert run.result.returncode == 0, run.result.stderr
    doc = parse_stage(run.pdf, cache_dir=run.cache_dir)
    assert sum(len(p.tables) for p in doc.pages) == 0
    coverage = run.json("quality.json")["coverage"]
    # the notice and its first attachment are read; the catalogue at the end is left to the outline
    assert coverage["assigned_chars"] >= 0.8 * coverage["content_chars"]


def test_real_founder_date_digits_stay_on_the_line(real_run):
    run = real_run("r03-")
    assert run.result.returncode == 0, run.result.stderr
    assert run.json("document.json")["notice"]["date"] == "2023-03-28"


def test_real_gazette_columns_are_not_merged(real_run):
    run = real_run("r07-")
    doc = parse_stage(run.pdf, cache_dir=run.cache_dir)
    page = doc.pages[1]
    columns = [line.column for line in page.lines]
    assert columns.count(0) > 20 and columns.count(1) > 20
    assert columns == sorted(columns, key=lambda c: -1 if c is None else c)  # left column, then right
    left = [line for line in page.lines if line.column == 0]
    right = [line for line in page.lines if line.column == 1]
    assert max(line.box.x1 for line in left) < min(line.box.x0 for line in right)
