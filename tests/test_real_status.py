"""Status and furniture on the real PDFs in ../shared/real (skipped when it is absent)."""

from __future__ import annotations

import json

import pytest

from conftest import REAL, run_cli
from extract.parse.furniture import page_number_of

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the project")


def test_a_document_nothing_was_understood_of_is_partial(tmp_path):
    path = REAL / "r01-hainan-2024-agri-joint-notice.pdf"
    out = run_cli("run", str(path), "--out", str(tmp_path), "--no-summary")
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    assert line.startswith(f"partial: {path} -> ")
    assert "characters unassigned" in line and "no notice or outline found" in line
    quality = json.loads((tmp_path / path.stem / "quality.json").read_text(encoding="utf-8"))
    assert quality["status"] == "partial" and len(quality["reasons"]) == 2
    assert run_cli("run", str(path), "--out", str(tmp_path), "--strict", "--no-summary").returncode == 1


def test_gazette_page_numbers_and_running_heads_are_furniture(tmp_path):
    path = REAL / "r07-npcsc-2021-gazette-law-2col.pdf"
    out = run_cli("run", str(path), "--out", str(tmp_path), "--debug-pages", "--no-summary")
    assert out.returncode == 0, out.stderr
    pages = json.loads((tmp_path / path.stem / "pages.json").read_text(encoding="utf-8"))["pages"]
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


def test_a_scan_whose_only_text_is_the_apps_watermark_fails_cleanly(tmp_path):
    path = REAL / "s01-moa-2025-yijian-SCAN.pdf"
    out = run_cli("run", str(path), "--out", str(tmp_path))
    assert out.returncode == 2 and out.stdout == ""
    [line] = out.stderr.splitlines()
    assert line.startswith(f"error: {path}: ") and "no usable text layer (a scan?)" in line
    assert "Traceback" not in out.stderr and not (tmp_path / path.stem).exists()
