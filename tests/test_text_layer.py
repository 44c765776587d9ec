"""Pages without a usable text layer: scans whose only text is a scanner app's watermark, image-only pages.

These read the text layer alone (``--ocr never``): the synthetic scans hold drawn shapes, not text,
which OCR would read as noise. tests/test_ocr.py reads scans of real text by OCR.
"""

from __future__ import annotations

import json

import pytest

import badinputs
import synth_pages as sp
from conftest import run_cli
from extract import cache
from extract.parse.options import ParseOptions
from extract.parse.pdf import parse_pdf
from test_structure_synth import build_joint

NO_TEXT = "no usable text layer (a scan?)"


def assert_refused_as_scan(path, tmp_path, *extra: str) -> None:
    out = run_cli("run", str(path), "--out", str(tmp_path / "out"), *extra)
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), out.stderr
    assert NO_TEXT in lines[0] and "OCR" in lines[0]
    # the tool has OCR: the advice is its own option, not another program
    assert "--ocr auto (the default) reads its scanned pages by OCR" in lines[0] and "ocrmypdf" not in lines[0]
    assert out.stdout == "" and "Traceback" not in out.stderr
    assert not (tmp_path / "out" / path.stem).exists()


@pytest.mark.parametrize("pages", [1, 3])
def test_watermark_only_scan_is_refused_like_a_scan_without_text(tmp_path, pages):
    """The app's mark is the only text: it is furniture (repeated on every page, or in the margin of a
    page-sized image), so no page has text of its own."""
    assert_refused_as_scan(sp.scan_pages(tmp_path / "scan.pdf", pages), tmp_path, "--ocr", "never")


def test_scan_without_any_text_says_the_same(tmp_path):
    assert_refused_as_scan(badinputs.scanned(tmp_path), tmp_path, "--ocr", "never")


def test_a_scan_in_which_ocr_finds_no_text_is_refused(tmp_path):
    """OCR runs on the blank scan's page and finds nothing: the same error, saying so."""
    path = badinputs.scanned(tmp_path)
    out = run_cli("run", str(path), "--out", str(tmp_path / "out"))
    assert out.returncode == 2 and "OCR found no text" in out.stderr, out.stdout + out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_scanner_mark_on_a_scanned_page_is_furniture(tmp_path):
    mixed = sp.concat(
        tmp_path / "mixed.pdf", sp.text_pages(tmp_path / "text.pdf", 1), sp.scan_pages(tmp_path / "s.pdf", 1)
    )
    doc_pages = parse_pdf(mixed, options=ParseOptions(ocr="never")).pages
    assert doc_pages[0].image_share == 0 and not doc_pages[0].no_usable_text and doc_pages[0].furniture == []
    assert doc_pages[1].image_share > 0.8 and doc_pages[1].no_usable_text and doc_pages[1].lines == []
    assert [(line.furniture, line.text) for line in doc_pages[1].furniture] == [("watermark", sp.SCANNER_MARK)]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A notice of two pages followed by a scanned page nobody ran OCR on."""
    folder = tmp_path_factory.mktemp("mixed")
    return sp.concat(folder / "mixed.pdf", build_joint(folder / "joint.pdf"), sp.scan_pages(folder / "scan.pdf", 1))


def test_an_image_only_page_makes_the_document_partial(mixed, tmp_path):
    out = run_cli("run", str(mixed), "--out", str(tmp_path), "--debug-pages", "--no-summary", "--ocr", "never")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"partial: {mixed} -> {tmp_path / 'mixed'} (page 3 has no usable text layer)"]
    quality = json.loads((tmp_path / "mixed" / "quality.json").read_text(encoding="utf-8"))
    assert quality["status"] == "partial" and quality["reasons"] == ["page 3 has no usable text layer"]
    pages = json.loads((tmp_path / "mixed" / "pages.json").read_text(encoding="utf-8"))["pages"]
    assert [p["no_usable_text"] for p in pages] == [False, False, True]
    strict = run_cli("run", str(mixed), "--out", str(tmp_path), "--strict", "--no-summary", "--ocr", "never")
    assert strict.returncode == 1 and strict.stdout.startswith("partial: ")


def test_the_stage_cache_keeps_the_flags(mixed):
    parsed = parse_pdf(mixed, options=ParseOptions(ocr="never"))
    again = cache.from_jsonable(cache.to_cache_json(parsed))
    assert [(p.image_share, p.no_usable_text) for p in again.pages] == [
        (p.image_share, p.no_usable_text) for p in parsed.pages
    ]
    assert [p.no_usable_text for p in again.pages] == [False, False, True]
