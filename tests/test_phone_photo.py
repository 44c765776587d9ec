"""A phone's photo of a notice (tests/synth_scan.py ``phone_photo``: the sheet on a darker desk, seen
from in front so its top edge is shorter, turned by a few degrees, a shadow across it, JPEG) is found
on the desk and laid flat before it is read, and a sheet scanned well askew is set straight: both
read as the text PDF does."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import RAW_PDF, run_cli, run_once, session_root
from tests.synth_scan import phone_photo, scanner_copy

from extract.parse.ocr.sheet import A4_HEIGHT, A4_WIDTH, find_corners

pytest.importorskip("rapidocr_onnxruntime")

# Pages of the official PDF photographed: the notice, and a page of the attachment's work points.
PAGES = [1, 3]
# A corner found within this share of the sheet's width of where it lies in the photo.
CORNER_SLACK = 0.01


def cli_once(tmp_path_factory, name: str, make: Callable[[Path], tuple[list[Path], dict]], *flags: str) -> dict:
    """The CLI over the inputs ``make(folder)`` writes, once per test session (see conftest.run_once):
    its exit code, output and the facts ``make`` returns, with the first input's document and quality."""

    def build(folder: Path) -> dict:
        inputs, facts = make(folder)
        result = run_cli("run", *map(str, inputs), "--out", str(folder / "out"), "--no-summary", *flags)
        first = inputs[0].stem
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr,
                "first": first, **facts}

    folder = run_once(session_root(tmp_path_factory), name, build)
    result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    assert result["returncode"] == 0, result["stderr"]
    out = folder / "out" / result["first"]
    result["folder"], result["out"] = folder, out
    result["doc"] = json.loads((out / "document.json").read_text(encoding="utf-8"))
    result["quality"] = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def photo_run(tmp_path_factory) -> dict:
    def make(folder: Path) -> tuple[list[Path], dict]:
        photo = phone_photo(RAW_PDF, folder / "photo.pdf", PAGES)
        (folder / "photo-1.jpg").write_bytes(photo.jpegs[1])  # the photo itself, as the phone saved it
        return [photo.path, folder / "photo-1.jpg"], {"corners": {str(n): c for n, c in photo.corners.items()}}

    result = cli_once(tmp_path_factory, "phone-photo", make, "--review", "--debug-pages")
    result["jpeg"] = json.loads((result["folder"] / "out" / "photo-1" / "document.json").read_text(encoding="utf-8"))
    return result


def test_the_photographed_notice_reads_as_the_text_pdf(photo_run, official_doc):
    from extract.export import document_json

    text = document_json(official_doc)["notice"]
    notice = photo_run["doc"]["notice"]
    for field in ("issuers", "doc_number", "title", "recipients", "date", "attachments"):
        assert notice[field] == text[field], field
        assert photo_run["jpeg"]["notice"][field] == text[field], field  # the photo given as a JPEG file
    assert photo_run["quality"]["status"] == "ok", photo_run["quality"]["reasons"]


def test_the_attachment_page_keeps_its_lines(photo_run, official_doc):
    # the photographed page 3 is the photo's page 2: its lines as the text PDF's, in order
    printed = [ln.text.replace(" ", "") for ln in official_doc.parsed.pages[2].lines]
    found = [w["text"].replace(" ", "") for w in _lines(photo_run["out"], 2)]
    matched = sum(1 for line in printed if line in found)
    assert matched >= 0.9 * len(printed), (printed, found)


def _lines(out: Path, page: int) -> list[dict]:
    pages = json.loads((out / "pages.json").read_text(encoding="utf-8"))["pages"]
    return pages[page - 1]["lines"]


def test_the_sheet_is_found_and_the_page_is_a4(photo_run):
    flattened = photo_run["quality"]["ocr"]["flattened_pages"]
    assert sorted(flattened) == ["1", "2"]
    for number, true in enumerate(photo_run["corners"].values(), start=1):
        found = flattened[str(number)]
        width = math.dist(true[0], true[1])
        # the photo is 72 dpi: its pixels are the page's points
        assert all(math.dist(a, b) <= CORNER_SLACK * width for a, b in zip(found, true, strict=True)), found
    from PIL import Image

    with Image.open(photo_run["out"] / "review" / "page-01.png") as image:
        width, height = image.size
    assert height / width == pytest.approx(A4_HEIGHT / A4_WIDTH, rel=0.01)


def test_no_sheet_is_found_where_the_paper_fills_the_image_or_nothing_is_paper():
    white = np.full((800, 600, 3), 235, np.uint8)
    assert find_corners(white) is None
    dark = np.full((800, 600, 3), 40, np.uint8)
    assert find_corners(dark) is None
    # a sheet on a desk, turned: its corners
    import cv2

    desk = dark.copy()
    quad = np.float32([(150, 120), (470, 150), (440, 700), (110, 660)])
    cv2.fillConvexPoly(desk, quad.astype(np.int32), (230, 230, 225))
    corners = find_corners(desk)
    assert corners is not None
    assert all(math.dist(a, b) <= 6 for a, b in zip(corners, quad.tolist(), strict=True)), corners


@pytest.fixture(scope="module")
def askew_run(tmp_path_factory) -> dict:
    def make(folder: Path) -> tuple[list[Path], dict]:
        copy = scanner_copy(RAW_PDF, folder / "askew.pdf", pages=[1], seed=3, max_tilt=7.0)
        return [copy.path], {"tilt": copy.tilt[1]}

    return cli_once(tmp_path_factory, "askew-scan", make)


def test_a_sheet_scanned_well_askew_is_set_straight(askew_run, official_doc):
    from extract.export import document_json

    assert abs(askew_run["tilt"]) > 3  # beyond what a scanner's feeder leaves
    straightened = askew_run["quality"]["ocr"]["straightened_pages"]["1"]
    assert straightened == pytest.approx(-askew_run["tilt"], abs=0.2)
    assert askew_run["quality"]["ocr"]["flattened_pages"] == {}
    text = document_json(official_doc)["notice"]
    notice = askew_run["doc"]["notice"]
    for field in ("issuers", "doc_number", "title", "recipients", "date"):
        assert notice[field] == text[field], field


def test_the_quality_notebook_draws_the_boxes_on_the_sheet_laid_flat(photo_run):
    from tests.test_notebook import nb

    boxes = nb.claimed_boxes(photo_run["doc"], photo_run["quality"])
    image = nb.render_page(RAW_PDF, 1, boxes, resolution=60, folder=photo_run["out"])
    assert image.height / image.width == pytest.approx(A4_HEIGHT / A4_WIDTH, rel=0.02)
    # the title's box, drawn in the notice's orange over the flat sheet where the title is printed
    x0, top, x1, bottom = photo_run["doc"]["notice"]["where"]["title"][0]["box"]
    px = 60 / 72
    edge = image.getpixel((round((x0 + x1) / 2 * px), round(top * px)))
    assert edge[0] > 150 and edge[2] < 100, edge


def test_a_sheet_on_a_light_table_is_found_by_its_edges(tmp_path_factory, official_doc):
    """On a light grey table the paper is too close in brightness to be told from it by a threshold;
    the outline its edges draw is the sheet's."""

    def make(folder: Path) -> tuple[list[Path], dict]:
        photo = phone_photo(RAW_PDF, folder / "light.pdf", [3], keystone=0.10, turn=9.0, desk=(175, 172, 168))
        return [photo.path], {"corners": photo.corners[3]}

    result = cli_once(tmp_path_factory, "light-desk-photo", make, "--debug-pages")
    out, quality = result["out"], result["quality"]
    [found] = quality["ocr"]["flattened_pages"].values()
    width = math.dist(result["corners"][0], result["corners"][1])
    assert all(math.dist(a, b) <= CORNER_SLACK * width for a, b in zip(found, result["corners"], strict=True)), found
    printed = [ln.text.replace(" ", "") for ln in official_doc.parsed.pages[2].lines]
    read = [ln["text"].replace(" ", "") for ln in _lines(out, 1)]
    assert sum(1 for line in printed if line in read) >= 0.9 * len(printed), (printed, read)


def test_a_page_read_badly_is_partial_not_ok(tmp_path_factory):
    """A sheet fed turned by 16°, past what is set straight: OCR finds 3 lines of its 21, all below 0.8
    confidence, and the status says so instead of passing it over."""

    def make(folder: Path) -> tuple[list[Path], dict]:
        copy = scanner_copy(RAW_PDF, folder / "turned.pdf", pages=[3], seed=9, max_tilt=40.0)
        return [copy.path], {"tilt": copy.tilt[3]}

    result = cli_once(tmp_path_factory, "turned-16", make)
    assert abs(result["tilt"]) > 15
    quality = result["quality"]
    assert quality["status"] == "partial"
    assert any(reason.startswith("page 1: OCR read it with low confidence") for reason in quality["reasons"])
    assert result["stdout"].startswith("partial: ")


def test_a_page_laid_flat_keeps_its_sheet_through_the_parse_cache(photo_run):
    """The parse cache gives back the corners a page was laid flat by (the review page draws by them)."""
    from extract import cache
    from extract.pipeline import parse_stage

    parsed = parse_stage(photo_run["folder"] / "photo.pdf", options=None)
    again = cache.from_jsonable(cache.to_cache_json(parsed))
    sheets = [page.sheet for page in parsed.pages]
    assert all(sheets) and [page.sheet for page in again.pages] == sheets
    assert [(p.width, p.height) for p in again.pages] == [(p.width, p.height) for p in parsed.pages]
