"""The input is opened and checked once: kind, digest, page count and password state on one Source."""

from __future__ import annotations

import hashlib
import shutil

import pytest

import badinputs
from conftest import RAW_PDF, SEED
from extract.errors import InputError
from extract.parse import open_source
from extract.pipeline import parse_stage


def test_pdf_source_is_checked_and_hashed_once():
    source = open_source(RAW_PDF, max_pages=50)
    assert source.kind == "pdf"
    assert source.size == RAW_PDF.stat().st_size
    assert source.sha256 == hashlib.sha256(RAW_PDF.read_bytes()).hexdigest()
    assert source.pages is None and source.encrypted is None  # not opened yet
    pdf = source.open_pdf()
    pdf.close()
    assert (source.pages, source.encrypted) == (22, False)


def test_text_dump_source_keeps_its_bytes():
    source = open_source(SEED)
    assert source.kind == "text"
    assert source.data == SEED.read_bytes()
    assert source.sha256 == hashlib.sha256(source.data).hexdigest()
    assert source.text().startswith(SEED.read_text(encoding="utf-8-sig")[:20])


def test_encrypted_pdf_records_its_password_state(tmp_path):
    path = badinputs.encrypted(tmp_path, password="s3cret")
    source = open_source(path, password="s3cret")
    source.open_pdf().close()
    assert source.encrypted is True
    with pytest.raises(InputError, match="--password"):
        open_source(path).open_pdf()


def test_page_limit_is_checked_when_the_pdf_is_opened():
    source = open_source(RAW_PDF, max_pages=21)
    with pytest.raises(InputError, match="22 pages, more than the limit of 21"):
        source.open_pdf()


def test_cached_parse_still_meets_the_page_limit(tmp_path):
    cache_dir = tmp_path / "cache"
    parse_stage(RAW_PDF, cache_dir=cache_dir)
    assert list(cache_dir.glob("parse-*.json"))
    with pytest.raises(InputError, match="more than the limit of 10"):
        parse_stage(RAW_PDF, cache_dir=cache_dir, max_pages=10)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda tmp: tmp / "missing.pdf", "no such file"),
        (lambda tmp: tmp, "is a folder"),
        (badinputs.empty, "empty"),
        (badinputs.html, "HTML page"),
    ],
)
def test_bad_inputs_are_refused_before_any_parser(tmp_path, make, words):
    with pytest.raises(InputError, match=words):
        open_source(make(tmp_path))


def test_pdf_named_as_text_dump_is_refused(tmp_path):
    path = tmp_path / "notice.txt"
    shutil.copy(RAW_PDF, path)
    with pytest.raises(InputError, match="rename it to .pdf"):
        open_source(path)


@pytest.mark.parametrize(
    "fmt, name", [("JPEG", "scan.pdf"), ("PNG", "photo"), ("TIFF", "pages.tif"), ("BMP", "a.bmp"), ("WEBP", "c.webp")]
)
def test_an_image_is_told_by_its_bytes_not_its_name(tmp_path, fmt, name):
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", (8, 8), "white").save(path, format=fmt)
    source = open_source(path)
    assert source.kind == "image"
    assert (source.size, source.sha256) == (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("notes.jpg", "关于印发的通知".encode(), "the file is not an image"),
        ("page.png", b"<!DOCTYPE html><html>404</html>", "an HTML page, not an image"),
        ("notice.pdf", b"BM but no bitmap header follows", "not a PDF"),  # "BM" alone is no bitmap
    ],
)
def test_a_file_named_as_an_image_that_is_none_is_refused(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=words):
        open_source(path)
