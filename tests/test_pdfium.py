"""The PDFium engine (``--engine pdfium``): the same page model as pdfminer's, rules hidden by a clip
path left out, every image's box, pixel size and resolution, bad input refused with the same lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import badinputs
from conftest import RAW_PDF, run_cli
from extract.errors import InputError
from extract.model import Page
from extract.parse.options import ParseOptions
from extract.parse.pdf import parse_pdf
from extract.pipeline import parse_stage

PDFIUM = ParseOptions(ocr="never", engine="pdfium")
A4 = (595.28, 841.89)


def _texts(page: Page) -> list[str]:
    cells = ["".join(ln.text for ln in c.lines) for t in page.tables for row in t.rows for c in row if c]
    return [ln.text for ln in page.lines] + [ln.text for ln in page.furniture] + cells


def test_the_official_pdf_reads_the_same_with_both_engines(official_parsed):
    pdfium = official_parsed  # the default engine
    assert pdfium.engine == "pdfium" and pdfium.engine_reason is None
    official_parsed = parse_stage(RAW_PDF, options=ParseOptions(ocr="never", engine="pdfminer"))
    assert [_texts(p) for p in pdfium.pages] == [_texts(p) for p in official_parsed.pages]
    assert [len(p.tables) for p in pdfium.pages] == [len(p.tables) for p in official_parsed.pages]
    assert [len(p.rulings) for p in pdfium.pages] == [len(p.rulings) for p in official_parsed.pages]
    assert pdfium.source.producer == official_parsed.source.producer
    assert pdfium.source.creation_date == official_parsed.source.creation_date
    boxes = [
        abs(a - b)
        for p, q in zip(pdfium.pages, official_parsed.pages, strict=True)
        for x, y in zip(p.lines, q.lines, strict=True)
        for a, b in zip(tuple(x.box), tuple(y.box), strict=True)
    ]
    assert max(boxes) < 8.0  # boxes move by the fonts' descents, never a line's height


def _clipped_grid(path: Path) -> Path:
    """A 2x2 ruled grid with text in its cells, and a second grid drawn under a clip path that hides it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def grid(x: float, top: float) -> None:
        for i in range(3):
            c.line(x, height - top - 30 * i, x + 300, height - top - 30 * i)
            c.line(x + 150 * i, height - top, x + 150 * i, height - top - 60)

    c.saveState()
    clip = c.beginPath()
    clip.rect(0, 0, 10, 10)  # a corner of the page: everything drawn next is clipped away
    c.clipPath(clip, stroke=0, fill=0)
    grid(100, 500)
    c.restoreState()
    c.setFont("STSong-Light", 12)
    for row, texts in enumerate([("项目", "金额"), ("收入", "十万元")]):
        for col, text in enumerate(texts):
            c.drawString(110 + 150 * col, height - 500 - 30 * row - 20, text)
    c.showPage()
    c.save()
    return path


def test_rules_a_clip_path_hides_are_not_rules(tmp_path):
    path = _clipped_grid(tmp_path / "clipped.pdf")
    page = parse_pdf(path, options=PDFIUM).pages[0]
    assert page.rulings == [] and page.tables == []
    assert [ln.text.replace(" ", "") for ln in page.lines] == ["项目金额", "收入十万元"]


def test_a_scan_page_has_one_page_sized_image(tmp_path):
    from extract.parse.pdf.pdfium_pages import read_pages
    from extract.parse.source import open_source

    pages, _ = read_pages(open_source(badinputs.scanned(tmp_path)))
    [image] = pages[0].images
    assert (image.pixel_width, image.pixel_height) == (1240, 1754)
    assert image.box.width == pytest.approx(pages[0].width, abs=1) and pages[0].image_share == 1.0
    assert image.dpi_x == pytest.approx(1240 / (pages[0].width / 72), abs=0.5)


@pytest.mark.parametrize(
    "make, words",
    [
        (badinputs.truncated, "damaged or truncated"),
        (badinputs.encrypted, "--password"),
        (badinputs.scanned, "OCR"),
    ],
)
def test_bad_input_is_one_error_line(tmp_path, make, words):
    out = run_cli("run", str(make(tmp_path)), "--out", str(tmp_path / "out"), "--engine", "pdfium", "--ocr", "never")
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], out.stderr


def test_a_wrong_password_is_named(tmp_path):
    path = badinputs.encrypted(tmp_path, password="s3cret")
    with pytest.raises(InputError, match="password given is wrong"):
        parse_pdf(path, password="nope", options=PDFIUM)
    doc = parse_pdf(path, password="s3cret", options=PDFIUM)
    assert doc.source.pages == 22


def _register_vera() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # shipped with reportlab, embedded when used


def _vera(path: Path, runs: list[tuple[float, str]]) -> Path:
    """Runs of text at the given x on one line, each its own text object, in an embedded TrueType font."""
    from reportlab.pdfgen import canvas

    _register_vera()
    c = canvas.Canvas(str(path), pagesize=A4)
    for x, text in runs:
        c.setFont("Vera", 12)
        c.drawString(x, 700, text)
    c.showPage()
    c.save()
    return path


def test_a_space_set_alone_is_read_as_printed(tmp_path):
    """PDFium's text page skips a text object of blanks only (it has no width) and may make up a space
    in its place; the space the PDF prints is read, as pdfminer read it: a glyph, not a gap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_vera()
    word = stringWidth("Hello", "Vera", 12)
    space = stringWidth(" ", "Vera", 12)
    path = _vera(tmp_path / "blank.pdf", [(100, "Hello"), (100 + word, " "), (100 + word + space, "World")])
    import pypdfium2 as pdfium

    from extract.parse.pdf import objects, pdfium_glyphs

    page = pdfium.PdfDocument(str(path))[0]
    assert len(objects.scan(page.raw, pdfium_glyphs.page_frame(page.raw))[2].blanks) == 1  # skipped by PDFium
    for engine in ("pdfium", "pdfminer"):
        [line] = parse_pdf(path, options=ParseOptions(ocr="never", engine=engine)).pages[0].lines
        assert (line.text, set(line.inserted_spaces)) == ("Hello World", set()), engine


def test_text_pdfium_has_no_glyphs_for_is_read_by_pdfminer_and_said_so(tmp_path):
    """A CJK font the PDF does not embed, on a machine without it: PDFium's text page skips a glyph
    set alone (no glyph box, no width). The document is read by pdfminer, and quality.json says why."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mark.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawString(80, 700, "依照有关法律规定")
    c.setFont("STSong-Light", 9)
    c.drawString(80 + 8 * 16 + 1, 707, "①")
    c.showPage()
    c.save()
    doc = parse_pdf(path, options=PDFIUM)
    assert [ln.text for ln in doc.pages[0].lines] == ["依照有关法律规定①"]
    if doc.engine == "pdfminer":  # PDFium found no CJK font on this machine
        assert "does not embed" in (doc.engine_reason or "")
        out = run_cli("run", str(path), "--out", str(tmp_path / "out"), "--ocr", "never")
        import json

        quality = json.loads((tmp_path / "out" / "mark" / "quality.json").read_text(encoding="utf-8"))
        assert quality["parse_engine"]["engine"] == "pdfminer", out.stderr
    else:
        assert doc.engine == "pdfium" and doc.engine_reason is None


def _vertical_and_horizontal(path: Path) -> Path:
    """A text object in a vertical CJK encoding (UniGB-UCS2-V) beside one in the horizontal encoding."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    vertical = UnicodeCIDFont("STSong-Light", isVertical=True)
    vertical.name = vertical.fontName = "STSong-Light-Vertical"
    pdfmetrics.registerFont(vertical)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light-Vertical", 14)
    c.drawString(300, 700, "竖排文字")
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "横排文字")
    c.save()
    return path


def test_glyphs_set_in_vertical_writing_are_placed_down_the_page(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from extract.parse.pdf import pdfium_glyphs

    pdf = pdfium.PdfDocument(_vertical_and_horizontal(tmp_path / "vertical.pdf"))
    page = pdf[0]
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        glyphs = pdfium_glyphs.scan(textpage, pdfium_glyphs.page_frame(page.raw))
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
        page.close()
        pdf.close()
    down = [g for g in glyphs if g["text"] in "竖排文字" and g["x0"] > 200]
    across = [g for g in glyphs if g["x0"] < 200]
    assert "".join(g["text"] for g in down) == "竖排文字"
    # each an em square centred under the pen, one em further down the page than the one before
    assert all(g["x0"] == pytest.approx(300 - 7) and g["x1"] == pytest.approx(300 + 7) for g in down)
    assert all(g["bottom"] - g["top"] == pytest.approx(14) for g in down)
    assert [b["top"] - a["top"] for a, b in zip(down, down[1:], strict=False)] == pytest.approx([14, 14, 14])
    assert [g["matrix"][4] for g in down] == pytest.approx([300] * 4)
    # the horizontal object's glyphs advance along their baseline
    assert "".join(g["text"] for g in across) == "横排文字"
    assert [g["x0"] for g in across] == pytest.approx([72, 84, 96, 108])
    assert len({round(g["baseline"], 3) for g in across}) == 1
    # each makes one line, in its own direction: the column's first glyph, level with the row, stays
    # out of it
    from extract.parse.lines import build_lines

    lines = build_lines(1, glyphs)
    assert sorted(line.text for line in lines) == ["横排文字", "竖排文字"]
    column = next(line for line in lines if line.text == "竖排文字")
    assert column.box.bottom - column.box.top == pytest.approx(4 * 14)


@pytest.mark.parametrize("feed", [7, 4096, 1 << 20])
def test_a_stream_is_measured_the_same_whatever_its_input_is_fed_in(feed, monkeypatch):
    import os
    import zlib

    from extract.parse.pdf import guards

    monkeypatch.setattr(guards, "FEED", feed)
    data = os.urandom(50_000) + bytes(400_000) + b"text " * 20_000
    whole = zlib.compress(data)
    assert guards.measure(whole, chunk=1000)
    assert guards.measure(whole + b"\r\n  ")  # bytes after the compressed data's end are allowed
    assert not guards.measure(whole[: len(whole) // 2])  # cut short
    damaged = bytearray(whole)
    damaged[3] ^= 0xFF  # the first block's length no longer matches its complement
    assert not guards.measure(bytes(damaged))
    checksum = bytearray(whole)
    checksum[-1] ^= 0xFF
    assert guards.measure(bytes(checksum))  # a bad checksum alone is forgiven, as readers forgive it


def test_the_file_is_searched_for_its_streams_without_being_read_into_memory(tmp_path):
    from extract.parse.pdf.damage import mapped, suspect_file

    with mapped(RAW_PDF) as data:
        assert not isinstance(data, bytes)  # mapped, not copied
    assert suspect_file(RAW_PDF) is False
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert suspect_file(empty) is False
    encrypted = tmp_path / "e.pdf"
    encrypted.write_bytes(b"%PDF-1.7\n1 0 obj << /Encrypt 2 0 R >> endobj\n")
    assert suspect_file(encrypted) is True


def test_a_content_stream_checked_for_damage_is_inflated_within_the_cap(monkeypatch):
    """The damage check inflates an encrypted file's streams, which were not measured from the file's
    bytes: a bomb among them ends at the stream cap with the limit's error, not in memory."""
    import zlib

    from pdfminer.psparser import LIT

    from extract.parse.pdf import guards
    from extract.parse.pdf.damage import stream_damage

    class Stream:
        rawdata = zlib.compress(bytes(8 << 20))

        def get_filters(self):
            return [(LIT("FlateDecode"), None)]

    monkeypatch.setattr(guards, "current", lambda: guards.Watch("bomb.pdf", 1 << 20, None))
    with pytest.raises(InputError, match="bomb.pdf"):
        stream_damage(Stream())
    monkeypatch.setattr(guards, "current", lambda: guards.Watch("fine.pdf", 16 << 20, None))
    assert stream_damage(Stream()) is None
    Stream.rawdata = Stream.rawdata[: len(Stream.rawdata) // 2]
    assert stream_damage(Stream()) == "a compressed content stream is cut short"
