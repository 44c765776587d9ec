"""Page furniture on PDFs built here: running heads, page numbers in several forms, web-print chrome,
watermarks."""

from __future__ import annotations

import pytest

import synth_pages as sp
from extract.parse.pdf import parse_pdf

FORMS = {
    "dash": lambda n, total: f"— {n} —",
    "hyphen": lambda n, total: f"- {n} -",
    "of_total": lambda n, total: f"第{n}页 共{total}页",
    "slash": lambda n, total: f"{n}/{total}",
    "bare": lambda n, total: f"{n}",
}


def build(path, form: str, pages: int = 5) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 10)
        c.drawCentredString(width / 2, height - 40, "某某市某某区教育局规范性文件汇编")  # running header
        c.setFont("STSong-Light", 16)
        for i in range(12):
            c.drawString(80, height - 120 - 29 * i, f"第{n}页的正文第{i + 1}行，内容照常排版。")
        c.setFont("STSong-Light", 14)
        c.drawCentredString(width / 2, 50, FORMS[form](n, pages))
        c.showPage()
    c.save()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_running_header_and_page_numbers_are_furniture(tmp_path, form):
    path = tmp_path / f"{form}.pdf"
    build(path, form)
    doc = parse_pdf(path)
    assert doc.source.pages == 5
    for page in doc.pages:
        kinds = sorted(line.furniture for line in page.furniture)
        assert kinds == ["page_number", "running_header"], (page.number, [ln.text for ln in page.furniture])
        assert len(page.lines) == 12
        assert all(line.text.startswith(f"第{page.number}页的正文") for line in page.lines)


def test_a_number_in_the_body_is_not_a_page_number(tmp_path):
    """A bare number is furniture only at the page's edge, not in the middle of the text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "numbers.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("STSong-Light", 16)
    c.drawString(80, height - 120, "正文第一行。")
    c.drawString(80, height - 149, "2022")
    c.drawString(80, height - 178, "正文第三行。")
    c.save()
    doc = parse_pdf(path)
    assert [line.text for line in doc.pages[0].lines] == ["正文第一行。", "2022", "正文第三行。"]
    assert doc.pages[0].furniture == []


# ---- furniture in the forms real documents carry ------------------------------------------------


def furniture_of(page) -> list[tuple[str, str]]:
    return sorted((line.furniture, line.text) for line in page.furniture)


GAZETTE_NUMBERS = {
    # a gazette numbers its pages on from the earlier issues, far beyond the file's own page count
    "gazette": lambda n: f"— {sp.full_width(1021 + n)} —",
    "full_width_hyphen": lambda n: f"－ {sp.full_width(n)} －",
    "tight": lambda n: f"—{sp.full_width(1021 + n)}—",
}


@pytest.mark.parametrize("form", sorted(GAZETTE_NUMBERS))
def test_full_width_page_numbers_with_dashes(tmp_path, form):
    def foot(c, n):  # on the outer side: left on odd pages, right on even ones
        c.setFont(sp.SONG, 10)
        text = GAZETTE_NUMBERS[form](n)
        if n % 2:
            c.drawString(40, 30, text)
        else:
            c.drawRightString(sp.A4[0] - 40, 30, text)

    doc = parse_pdf(sp.text_pages(tmp_path / f"{form}.pdf", 8, foot=foot))
    for page in doc.pages:
        [(kind, text)] = furniture_of(page)
        assert kind == "page_number" and text.replace(" ", "") == GAZETTE_NUMBERS[form](page.number).replace(" ", "")
        assert len(page.lines) == 12


def test_running_heads_alternating_between_left_and_right_pages(tmp_path):
    """Left pages carry the gazette's name, right pages the title of the piece: each on only half the pages."""

    def head(c, n):
        c.setFont(sp.SONG, 10)
        if n % 2:
            c.drawString(40, sp.A4[1] - 30, "全国某某委员会公报２０２１年第５号")
        else:
            c.drawRightString(sp.A4[0] - 40, sp.A4[1] - 30, "中华人民共和国某某管理法")

    doc = parse_pdf(sp.text_pages(tmp_path / "heads.pdf", 9, head=head))
    for page in doc.pages:
        want = "全国某某委员会公报２０２１年第５号" if page.number % 2 else "中华人民共和国某某管理法"
        assert furniture_of(page) == [("running_header", want)], page.number
        assert len(page.lines) == 12


@pytest.mark.parametrize("pages", [2, 3])
def test_web_print_chrome(tmp_path, pages):
    """A web page printed from a browser: print time and page title on top, the URL and `1/2` below."""
    url = "https://www.example.gov.cn/zwgk/2024/art_1234.html"

    def head(c, n):
        c.setFont(sp.SONG, 9)
        c.drawString(30, sp.A4[1] - 20, "2024/3/5 10:23")
        c.drawCentredString(sp.A4[0] / 2, sp.A4[1] - 20, "关于做好某某工作的通知_某某市人民政府")

    def foot(c, n):
        c.setFont(sp.SONG, 9)
        c.drawString(30, 15, url)
        c.drawRightString(sp.A4[0] - 30, 15, f"{n}/{pages}")

    doc = parse_pdf(sp.text_pages(tmp_path / "printed.pdf", pages, head=head, foot=foot))
    for page in doc.pages:
        kinds = {kind for kind, _ in furniture_of(page)}
        assert kinds <= {"web_chrome", "page_number"} and "web_chrome" in kinds
        printed = "".join(line.text for line in page.furniture).replace(" ", "")
        for part in ("2024/3/510:23", "某某市人民政府", url, f"{page.number}/{pages}"):
            assert part in printed, (part, printed)
        assert len(page.lines) == 12 and all("正文" in line.text for line in page.lines)


def test_watermark_on_every_page_is_furniture(tmp_path):
    """A scanner app's mark at the foot (below the page number) and a stamp in the middle of each page."""

    def foot(c, n):
        c.setFont(sp.SONG, 14)
        c.drawCentredString(sp.A4[0] / 2, 60, f"— {n} —")
        c.setFont(sp.SONG, 13)
        c.drawString(478, 17, sp.SCANNER_MARK)

    def stamp(c, n):
        c.setFont(sp.SONG, 20)
        c.drawString(200, 200, "内部资料 注意保存")

    doc = parse_pdf(sp.text_pages(tmp_path / "marked.pdf", 5, foot=foot, extra=stamp))
    for page in doc.pages:
        texts = {text.replace(" ", ""): kind for kind, text in furniture_of(page)}
        assert texts.keys() == {sp.SCANNER_MARK.replace(" ", ""), f"—{page.number}—", "内部资料注意保存"}
        assert texts["内部资料注意保存"] == "watermark" and texts[f"—{page.number}—"] == "page_number"
        assert len(page.lines) == 12 and all("正文" in line.text for line in page.lines)


def test_body_lines_that_differ_only_in_numbers_stay_content(tmp_path):
    """Below a running head, a line repeated on every page but for its numbers is the body's, not furniture."""

    def head(c, n):
        c.setFont(sp.SONG, 10)
        c.drawCentredString(sp.A4[0] / 2, sp.A4[1] - 30, "某某市人民政府公报")
        c.setFont(sp.SONG, 16)
        c.drawString(80, sp.A4[1] - 80, f"第{n}条　本条规定第{n}项事项。")

    doc = parse_pdf(sp.text_pages(tmp_path / "articles.pdf", 5, head=head))
    for page in doc.pages:
        assert furniture_of(page) == [("running_header", "某某市人民政府公报")]
        assert page.lines[0].text.startswith(f"第{page.number}条")
