"""Status and furniture on the real PDFs in ../shared/real (skipped when it is absent)."""

from __future__ import annotations

import pytest

from conftest import REAL, run_cli
from extract.parse.furniture import page_number_of

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the project")


@pytest.mark.parametrize("stem", sorted(p.stem for p in REAL.glob("r*.pdf")) if REAL.is_dir() else [])
def test_every_real_text_layer_pdf_is_read_whole(real_run, stem):
    """Each real producer's PDF: at least 99 % of its content characters assigned, so its line says ok.

    ok is printed only with 99 % assigned and a notice or an outline found (partial otherwise, with
    the reasons in the line and in quality.json; --strict exits 1 on it).
    """
    run = real_run(stem)
    path, out = run.pdf, run.result
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    quality = run.json("quality.json")
    coverage = quality["coverage"]
    share = 1 - coverage["unassigned_chars"] / coverage["content_chars"]
    assert share >= 0.99, (share, quality["reasons"])
    # and in fact every character of each: a regression shows here before it costs the 1 %
    assert coverage["unassigned_chars"] == 0, coverage.get("unassigned")
    assert line.startswith(f"ok: {path} -> ") and quality["status"] == "ok" and quality["reasons"] == []


def test_gazette_page_numbers_and_running_heads_are_furniture(real_run):
    run = real_run("r07-npcsc-2021-gazette-law-2col")
    assert run.result.returncode == 0, run.result.stderr
    pages = run.json("pages.json")["pages"]
    numbers = []
    for page in pages:
        kinds = sorted(line["furniture"] for line in page["furniture"])
        assert kinds == ["page_number", "running_header"], (page["number"], page["furniture"])
        [number] = [line["text"] for line in page["furniture"] if line["furniture"] == "page_number"]
        assert number.startswith("—") and number.endswith("—")
        numbers.append(page_number_of(number))
        assert not any(page_number_of(line["text"]) for line in page["lines"])
    assert numbers == list(range(numbers[0], numbers[0] + len(pages)))  # gazette numbering, one a page
    assert numbers[0] > len(pages)


def test_a_scan_whose_only_text_is_the_apps_watermark_fails_cleanly_without_ocr(tmp_path):
    """Read by its text layer alone (tests/test_ocr.py reads it by OCR)."""
    path = REAL / "s01-moa-2025-yijian-SCAN.pdf"
    out = run_cli("run", str(path), "--out", str(tmp_path), "--ocr", "never")
    assert out.returncode == 2 and out.stdout == ""
    [line] = out.stderr.splitlines()
    assert line.startswith(f"error: {path}: ") and "no usable text layer (a scan?)" in line
    assert line.endswith("--ocr auto (the default) reads its scanned pages by OCR")  # the tool's own OCR
    assert "Traceback" not in out.stderr and not (tmp_path / path.stem).exists()
