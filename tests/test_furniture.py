"""Page furniture on PDFs built here: running heads and page numbers in several forms (issue 2)."""

from __future__ import annotations

import pytest

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
