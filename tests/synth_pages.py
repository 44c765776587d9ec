"""Pages built by the tests with reportlab: furniture in its real forms, scans, text no output claims.

Each builder writes a PDF and returns its path. Text is drawn with reportlab's
built-in ``STSong-Light`` CID font, as in :mod:`synth_notice`; a scan is a
page-sized greyscale image, optionally stamped with a scanner app's watermark as
CamScanner does (a line of text at the foot of every page, the only text there is).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

A4 = (595.28, 841.89)
SONG = "STSong-Light"
SCANNER_MARK = "扫描全能王 创建"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(number: int) -> str:
    return str(number).translate(FULL_WIDTH)


def _canvas(path: Path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    return canvas.Canvas(str(path), pagesize=A4)


def body(c, n: int, lines: int = 12, top: float = 200) -> None:
    """Body text that differs from page to page (so nothing in it recurs as furniture would)."""
    words = "春夏秋冬东南西北"
    c.setFont(SONG, 16)
    for i in range(lines):
        c.drawString(80, A4[1] - top - 29 * i, f"{words[n % 8]}季第{n}页正文第{i + 1}行，内容照常排版。")


def text_pages(
    path: Path,
    pages: int,
    head: Callable[[object, int], None] | None = None,
    foot: Callable[[object, int], None] | None = None,
    extra: Callable[[object, int], None] | None = None,
) -> Path:
    """Pages of body text with a head, a foot and anything else drawn by the callbacks ``f(canvas, n)``."""
    c = _canvas(path)
    for n in range(1, pages + 1):
        for draw in (head, foot, extra):
            if draw is not None:
                draw(c, n)
        body(c, n)
        c.showPage()
    c.save()
    return path


def _scan_image(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    png = folder / "scan-page.png"
    if not png.exists():
        image = Image.new("L", (620, 877), 250)
        draw = ImageDraw.Draw(image)
        for i in range(20):  # grey bars where a scan shows lines of print
            draw.rectangle((80, 120 + 32 * i, 540, 136 + 32 * i), fill=60)
        image.save(png)
    return png


def scan_pages(path: Path, pages: int, mark: str | None = SCANNER_MARK) -> Path:
    """A scan as a phone app makes it: each page one page-sized image, with the app's mark at the foot."""
    c = _canvas(path)
    png = str(_scan_image(path.parent))
    for _ in range(pages):
        c.drawImage(png, 17, 45, width=A4[0] - 34, height=A4[1] - 45)
        if mark:
            c.setFont(SONG, 13)
            c.drawString(478, 17, mark)
        c.showPage()
    c.save()
    return path


def grid_page(path: Path, rows: int = 16, cols: int = 4, notes: list[str] | None = None) -> Path:
    """A ruled table of figures (not a key-task table), with note lines under it (注：…) if given."""
    c = _canvas(path)
    x0, y0, width, height = 70, A4[1] - 140, 115, 30
    for r in range(rows + 1):
        c.line(x0, y0 - r * height, x0 + cols * width, y0 - r * height)
    for k in range(cols + 1):
        c.line(x0 + k * width, y0, x0 + k * width, y0 - rows * height)
    c.setFont(SONG, 11)
    for r in range(rows):
        for k in range(cols):
            c.drawString(x0 + k * width + 6, y0 - (r + 1) * height + 10, f"统计项目{r}{k}数值")
    for i, note in enumerate(notes or []):
        c.drawString(x0, y0 - rows * height - 20 - 16 * i, note)
    c.save()
    return path


def after_colophon_page(path: Path, lines: int = 20) -> Path:
    """A 版记 (抄送, 印发) followed by lines of text that no output field holds (a leaflet printed after it)."""
    c = _canvas(path)
    c.setFont(SONG, 14)
    top = A4[1] - 100
    c.drawString(80, top, "抄送：某某市人民政府办公室。")
    c.drawString(80, top - 24, "某某区教育局办公室　　　　　　2023年3月9日印发")
    for i in range(lines):
        c.drawString(80, top - 70 - 24 * i, f"附带印发的第{i + 1}行宣传材料文字，不属于公文的任何要素。")
    c.save()
    return path


def concat(path: Path, *parts: Path) -> Path:
    """The pages of ``parts`` one after another in one PDF."""
    from contextlib import ExitStack

    import pikepdf

    with ExitStack() as stack, pikepdf.new() as out:
        for part in parts:
            out.pages.extend(stack.enter_context(pikepdf.open(part)).pages)
        out.save(path)  # before the parts close: their pages are copied on saving
    return path
