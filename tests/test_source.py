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
