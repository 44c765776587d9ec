"""Parse stage on the official PDF: pages, lines, fonts, furniture, tables."""

from __future__ import annotations

import json
import re

from conftest import run_cli
from extract.parse.furniture import page_number_of
from extract.parse.lines import build_lines, color_hex
from extract.parse.options import ParseOptions


def test_pages_json_via_cli(tmp_path):
    out = run_cli("run", "data/raw/qingpu-2022.pdf", "--out", str(tmp_path), "--debug-pages")
    assert out.returncode == 0, out.stderr
    pages = json.loads((tmp_path / "qingpu-2022" / "pages.json").read_text(encoding="utf-8"))["pages"]
    assert len(pages) == 22
    for page in pages:
        numbers = [f for f in page["furniture"] if f["furniture"] == "page_number"]
        assert len(numbers) == 1, page["number"]
        assert page_number_of(numbers[0]["text"]) == page["number"]
        for line in page["lines"]:
            assert page_number_of(line["text"]) is None, line["text"]
            assert not re.fullmatch(r"[（(]此页无正文[)）]", line["text"])
    assert [f["furniture"] for f in pages[21]["furniture"]] == ["no_text_marker", "page_number"]


def test_page_model(official_parsed):
    doc = official_parsed
    assert doc.source.pages == 22 and len(doc.source.sha256) == 64
    assert doc.source.producer and doc.source.creation_date.startswith("2022-01-19")
    orientations = [p.orientation for p in doc.pages]
    assert orientations[:15] == ["portrait"] * 15 and orientations[15:21] == ["landscape"] * 6
    first = doc.pages[0].lines[0]
    assert first.text.endswith("文件") and first.color == "#e60012" and first.bold and first.size == 34
    assert any(r.color == "#e60012" and r.horizontal for r in doc.pages[0].rulings)
    assert len(first.char_boxes) == len(first.text)


def test_inserted_spaces_are_marked(official_parsed):
    date = [line for line in official_parsed.pages[0].lines if "月" in line.text and "日" in line.text][0]
    assert date.text == "2022 年 1 月 19 日"
    assert all(date.text[i] == " " for i in date.inserted_spaces)
    assert len(date.inserted_spaces) == 5


def test_tables_found_on_landscape_pages(official_parsed):
    tabled = [p.number for p in official_parsed.pages if p.tables]
    assert tabled == [16, 17, 18, 19, 20, 21]
    for page in official_parsed.pages[15:21]:
        assert all(len(row) == 9 for row in page.tables[0].rows)


def test_page_number_forms():
    forms = [("— 3 —", 3), ("- 3 -", 3), ("第 3 页", 3), ("第3页 共22页", 3), ("3/22", 3), ("3", 3), ("－12－", 12)]
    for text, n in forms:
        assert page_number_of(text) == n, text
    for text in ("2022 年", "一、总体要求", "1.全面实施"):
        assert page_number_of(text) is None


def test_real_spaces_kept_and_gap_spaces_inserted():
    def ch(text, x0, x1, size=10.0):
        return {"text": text, "x0": x0, "x1": x1, "top": 0.0, "bottom": size, "size": size, "fontname": "ABCDEF+Song"}

    [line] = build_lines(1, [ch("a", 0, 5), ch(" ", 5, 8), ch("b", 8, 13), ch("c", 20, 25)])
    # the printed space stays a published space; the 7-point gap becomes an inserted one
    assert line.text == "a b c" and line.inserted_spaces == frozenset({3})
    assert color_hex((1, 0, 0)) == "#ff0000" and color_hex((0,)) == "#000000" and color_hex((0, 1, 1, 0)) == "#ff0000"


def test_two_page_workers_give_the_same_model(official_parsed):
    from conftest import RAW_PDF
    from extract.model import to_jsonable
    from extract.parse.pdf import parse_pdf

    parallel = parse_pdf(RAW_PDF, options=ParseOptions(workers=2))
    assert to_jsonable(parallel, None) == to_jsonable(official_parsed, None)


def test_page_worker_errors_come_back_as_one_clean_error(tmp_path):
    """A page the forked worker reads is damaged: the document fails with the same message as serially."""
    import zlib

    import pikepdf
    import pytest

    from conftest import RAW_PDF
    from extract.errors import InputError
    from extract.parse.pdf import parse_pdf

    damaged = tmp_path / "damaged.pdf"
    with pikepdf.open(RAW_PDF) as pdf:
        page = pdf.pages[1]  # pages alternate between the processes: the second goes to the worker
        stream = pikepdf.Stream(pdf, b"")
        truncated = zlib.compress(b"BT /F1 12 Tf 72 720 Td (lost text) Tj ET" * 50)[:-40]
        stream.write(truncated, filter=pikepdf.Name.FlateDecode)
        page.obj.Contents = stream
        pdf.save(damaged)
    with pytest.raises(InputError) as serial:
        parse_pdf(damaged)
    with pytest.raises(InputError) as parallel:
        parse_pdf(damaged, options=ParseOptions(workers=2))
    assert "page 2" in serial.value.message
    assert parallel.value.message == serial.value.message
