"""A scan's pixels before recognition, on small synthetic pages (no OCR run, a second in all):
the scan's own image taken at its resolution whatever its placement, the paper levelled, ruling
lines and tilt found on noisy JPEG pages, and the line boxes OCR gives made comparable to a text
layer's."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("cv2")


def _sheet(width: int, height: int, seed: int = 1) -> np.ndarray:
    """A grey, unevenly lit, noisy sheet (BGR) with a ruled 4 × 3 grid and text-like strokes."""
    import cv2

    rng = np.random.default_rng(seed)
    page = np.full((height, width, 3), 255, np.uint8)
    xs = np.linspace(0.1 * width, 0.9 * width, 4).astype(int)
    ys = np.linspace(0.2 * height, 0.8 * height, 5).astype(int)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), (0, 0, 0), 2)
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), (0, 0, 0), 2)
    for y in ys[:-1]:  # a few strokes per cell, as characters are
        for x in xs[:-1]:
            for k in range(4):
                left = int(x) + 20 + 30 * k
                cv2.rectangle(page, (left, int(y) + 20), (left + 20, int(y) + 42), (0, 0, 0), 2)
    tone = np.array([0.88, 0.92, 0.93]) - np.linspace(0, 0.08, width)[None, :, None]
    noisy = page * tone + rng.normal(0, 6, page.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _jpeg(image: np.ndarray, quality: int = 65) -> np.ndarray:
    import cv2

    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def _image_pdf(path: Path, image: np.ndarray, dpi: int, rotate: int = 0, quarter: bool = False) -> Path:
    """An image-only PDF page at ``dpi``; /Rotate ``rotate``; ``quarter`` places the image turned a quarter."""
    import img2pdf
    import pikepdf
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image[:, :, ::-1]).save(buffer, format="JPEG", quality=80, dpi=(dpi, dpi))
    path.write_bytes(img2pdf.convert([buffer.getvalue()]))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        if quarter:
            name = next(iter(page.Resources.XObject.keys()))
            w, h = float(page.MediaBox[2]), float(page.MediaBox[3])
            page.MediaBox = [0, 0, h, w]
            page.Contents = pdf.make_stream(f"q 0 {w} {h} 0 0 0 cm {name} Do Q".encode())
        if rotate:
            page.Rotate = rotate
        pdf.save(path)
    return path


@pytest.mark.parametrize(("rotate", "quarter"), [(0, False), (90, False), (180, False), (270, False), (0, True)])
def test_a_scanned_page_is_read_from_its_own_image(tmp_path, rotate, quarter):
    """The image at its native 200 dpi, placed as the page shows it: the same pixels as a render."""
    from extract.parse.ocr.page_image import page_image
    from extract.parse.pdf.render import open_document, render_page

    pdf = _image_pdf(tmp_path / "scan.pdf", _sheet(850, 1100), 200, rotate, quarter)
    document = open_document(pdf)
    try:
        own = page_image(document, 1)
        render, scale = render_page(document, 1, 200)
    finally:
        document.close()
    assert own.native and own.dpi == 200.0
    assert own.scale == pytest.approx(scale, rel=0.01)
    h, w = min(own.pixels.shape[0], render.shape[0]), min(own.pixels.shape[1], render.shape[1])
    assert abs(own.pixels.shape[0] - render.shape[0]) <= 1 and abs(own.pixels.shape[1] - render.shape[1]) <= 1
    diff = np.abs(own.pixels[:h, :w].astype(int) - render[:h, :w].astype(int)).mean()
    turned = np.abs(own.pixels[:h, :w][::-1, ::-1].astype(int) - render[:h, :w].astype(int)).mean()
    assert diff < 6 < turned


def test_a_fine_scan_is_reduced_and_a_vector_page_rendered(tmp_path):
    from tests.conftest import RAW_PDF

    from extract.parse.ocr.page_image import MAX_DPI, RENDER_DPI, page_image
    from extract.parse.pdf.render import open_document

    pdf = _image_pdf(tmp_path / "fine.pdf", _sheet(1600, 2000), 600)
    document = open_document(pdf)
    try:
        fine = page_image(document, 1)
    finally:
        document.close()
    assert fine.native and fine.dpi == MAX_DPI and fine.pixels.shape[1] == 800
    document = open_document(RAW_PDF)
    try:
        vector = page_image(document, 1)
    finally:
        document.close()
    assert not vector.native and vector.dpi == RENDER_DPI


def test_paper_levelled_and_ink_told_on_a_noisy_jpeg():
    """Grey, unevenly lit paper comes out white; ink stays dark; red ink whitened leaves no holes."""
    from extract.parse.ocr.paper import ink, level
    from extract.parse.ocr.seals import find_red

    sheet = _jpeg(_sheet(850, 1100))
    flat = level(sheet)
    paper = flat[50:150, 50:800]  # above the grid: paper only
    assert paper.mean() > 245 and sheet[50:150, 50:800].mean() < 235
    mask = ink(flat)
    assert 0.005 < mask.mean() < 0.1 and not mask[50:150, 50:800].any()

    red = sheet.copy()
    red[60:120, 100:400] = (40, 40, 210)  # a red mark on the paper (BGR)
    cleaned = find_red(level(red), 200).cleaned
    assert np.abs(cleaned[55:125, 95:405].astype(int) - 255).mean() < 12  # paper-white, no white-on-grey hole


def test_rules_and_tilt_found_on_a_noisy_tilted_jpeg():
    """The grid's rules are found on a toned, noisy JPEG page tilted up to 3°, once set straight."""
    from extract.parse.ocr.deskew import straighten, turn_by
    from extract.parse.ocr.image_rules import find_rules
    from extract.parse.ocr.paper import level

    sheet = _sheet(1240, 1754)  # A4 at 150 dpi
    for angle in (-2.7, 1.3):
        tilted = _jpeg(turn_by(sheet, angle), 62)
        straight, found = straighten(level(tilted))
        assert found == pytest.approx(-angle, abs=0.1)
        rules = find_rules(straight, 72 / 150)
        assert len(rules.horizontal) == 5 and len(rules.vertical) == 4


def test_ocr_line_boxes_keep_full_width_punctuation_and_figure_dashes():
    """A line opening with 《 starts where a text layer's would (not half an em in, which reads as
    an indent), one closing with 。 ends where its em does; 一 between figures is a dash."""
    from extract.parse.ocr.engine import TextBox
    from extract.parse.ocr.lines import row_line

    def box(text: str, x0: float, x1: float) -> TextBox:
        return TextBox(((x0, 0.0), (x1, 0.0), (x1, 20.0), (x0, 20.0)), text, 0.99, False)

    # 10 ems of 20 px; the 《 inks only its right half, the 。 its left half
    line = row_line(1, [box("《方案》实施（2022一2024年）。", 10.0, 350.0)], 1.0)
    assert line.text == "《方案》实施（2022—2024年）。"
    plain = row_line(1, [box("方案实施", 0.0, 80.0)], 1.0)
    assert line.box.x0 < 10.0 - 0.4 * plain.size and line.box.x1 > 350.0 + 0.4 * plain.size


def test_a_scanned_page_of_furniture_only_is_no_gap(tmp_path):
    """A page OCR read and found only furniture on is furniture; one nobody read stays a gap."""
    from extract.model import Box, Line, Page, ParsedDocument, SourceInfo, Span
    from extract.parse.text_layer import check_text_layer

    text = Line(1, "正文", Box(80, 100, 120, 116), [Span(0, 2, "ocr", 16.0, False, "#000000")])
    pages = [
        Page(1, 595, 842, [text], image_share=1.0, ocr=True),
        Page(2, 595, 842, [], image_share=1.0, ocr=True),  # (此页无正文) and a page number: furniture
        Page(3, 595, 842, [], image_share=1.0),  # not read
    ]
    doc = ParsedDocument(SourceInfo("scan.pdf", "0" * 64, 3), pages)
    check_text_layer(doc, tmp_path / "scan.pdf", ocr_tried=True)
    assert [p.no_usable_text for p in doc.pages] == [False, False, True]


def test_values_read_with_little_confidence_are_listed():
    """A value whose box lies on an OCR line read below 0.8 is named with its page and box; one on a
    confident line, or on a page read from its text layer, is not."""
    from extract.export.doubtful import doubtful_values
    from extract.model import Box, Document, Line, Notice, Page, ParsedDocument, SourceInfo, Span, Where

    def line(page: int, text: str, top: float, confidence: float | None) -> Line:
        span = [Span(0, len(text), "ocr", 16.0, False, "#000000")]
        origin = "ocr" if confidence is not None else None
        return Line(page, text, Box(80, top, 300, top + 16), span, origin=origin, confidence=confidence)

    pages = [
        Page(1, 595, 842, [line(1, "青教〔2022〕1号", 250, 0.62), line(1, "特此通知。", 500, 0.99)], ocr=True),
        Page(2, 595, 842, [line(2, "正文", 100, None)]),
    ]
    source = SourceInfo("scan.pdf", "0" * 64, 2)
    notice = Notice(where={
        "doc_number": [Where(1, Box(90, 251, 200, 265))],
        "body": [Where(1, Box(90, 501, 200, 515)), Where(2, Box(90, 101, 200, 115))],
    })
    doc = Document(source, ParsedDocument(source, pages), notice=notice)
    assert doubtful_values(doc, 0.8) == [
        {"field": "notice/doc_number", "page": 1, "box": [90, 251, 200, 265], "confidence": 0.62}
    ]


def test_a_row_number_read_as_a_letter_shaped_like_one_is_the_figure():
    from extract.tables.key_tasks import _number

    assert [_number(t, 0) for t in ("I", "1I", "l0", "|", "丨2", "12")] == [1, 11, 10, 1, 12, 12]
    assert _number("Ia", 3) == "Ia"  # not a number: kept as read


def test_a_red_letter_spaced_header_is_one_line_in_order(tmp_path):
    """A 版头 in red set with a character's space between its characters, scanned: the red layer is
    read on its own and its pieces make one line in reading order, the issuer without 文件."""
    import dataclasses

    from tests.synth_scan import scanner_copy

    from conftest import run_cli
    from synth_gongwen import Gongwen

    pytest.importorskip("rapidocr_onnxruntime")
    text = dataclasses.replace(Gongwen(), issuer="\u3000".join("某某市政府文件")).build(tmp_path / "text.pdf")
    copy = scanner_copy(text, tmp_path / "scan.pdf", dpi=200, pages=[1])
    result = run_cli("run", str(copy.path), "--out", str(tmp_path / "out"), "--no-summary", "--debug-pages")
    assert result.returncode == 0, result.stderr
    import json

    doc = json.loads((tmp_path / "out" / "scan" / "document.json").read_text(encoding="utf-8"))
    assert doc["notice"]["issuers"] == ["某某市政府"]
    [page] = json.loads((tmp_path / "out" / "scan" / "pages.json").read_text(encoding="utf-8"))["pages"]
    red = [line["text"].replace(" ", "") for line in page["lines"] if line["spans"][0]["color"] != "#000000"]
    assert red[:1] == ["某某市政府文件"]
