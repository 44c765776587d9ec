"""The review page (``--review``): its files, its data and, in a real browser (the system's Chromium, driven
by Playwright), clicking between values and their boxes, offline.

The official PDF goes through the CLI once for the module; one browser serves every browser test.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import RAW_PDF, REAL, ROOT, run_cli
from review_check import CHROMIUM, VIEWPORT, check_review, launch, open_review, problems, watch

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
DATA_BLOCK = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)


def _payload(folder: Path) -> dict:
    match = DATA_BLOCK.search((folder / "review.html").read_text(encoding="utf-8"))
    assert match is not None
    return json.loads(match.group(1))


def _box(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("review")
    result = run_cli("run", str(RAW_PDF), "--out", str(root), "--review", "--no-summary")
    assert result.returncode == 0, result.stderr
    return root / RAW_PDF.stem


@pytest.fixture(scope="module")
def doc(out) -> dict:
    return json.loads((out / "document.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install '.[test]'")
    with sync_api.sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    yield tab
    context.close()


# ---- files and data ----------------------------------------------------------------------------


def test_review_adds_its_files_and_changes_no_other_output(out):
    from PIL import Image

    committed = ROOT / "data" / "processed" / RAW_PDF.stem
    ours = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    # (a review page that make review left there is not part of the committed dataset)
    theirs = {name for p in committed.rglob("*") if p.is_file()
              if not (name := str(p.relative_to(committed))).startswith("review")}
    images = sorted(p for p in ours if p.startswith("review/"))
    assert ours - theirs == {"review.html", *images}
    for name in theirs:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name
    pages = _payload(out)["pages"]
    assert images == [f"review/page-{n:02d}.png" for n in range(1, len(pages) + 1)]
    for entry in pages:
        with Image.open(out / entry["image"]) as image:
            assert image.mode == "P" and len(image.getpalette()) // 3 <= 32
            # 120 dpi, the page's own orientation (the key-task pages are landscape)
            assert abs(image.width - entry["width"] * 120 / 72) <= 1
            assert abs(image.height - entry["height"] * 120 / 72) <= 1
            assert image.size == (entry["image_width"], entry["image_height"])
    total = sum((out / name).stat().st_size for name in images)
    assert 0.5e6 < total < 3e6


def test_review_is_byte_identical_from_the_api(out, official_doc, tmp_path):
    """The CLI (pages read in two processes) and the Python API (one) write the same bytes."""
    from extract.export import write_outputs

    write_outputs(official_doc, tmp_path / "again", review=RAW_PDF)
    for name in ["review.html", *(f"review/{p.name}" for p in sorted((out / "review").iterdir()))]:
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name


def test_every_value_of_document_json_is_on_the_page(out, doc):
    values = _payload(out)["values"]
    shown = {(v["kind"], v["text"], w["page"], tuple(w["box"])) for v in values for w in v["where"] if w["box"]}
    where = doc["notice"]["where"]
    assert ("field", doc["notice"]["doc_number"], where["doc_number"][0]["page"],
            tuple(where["doc_number"][0]["box"])) in shown
    assert ("field", doc["notice"]["date"], where["date"][0]["page"], tuple(where["date"][0]["box"])) in shown
    for row in doc["key_tasks"]["rows"]:
        for key in ("task", "q1", "q2", "q3", "q4", "lead"):
            w = row["where"][key][0]
            assert ("table", row[key], w["page"], tuple(w["box"])) in shown, (row["no"], key)
    for table in doc["tables"]:
        for cell in table["header"] + table["cells"]:
            for w in cell["where"]:
                assert ("table", cell["text"], w["page"], tuple(w["box"])) in shown

    def nodes(items):
        for node in items:
            yield node
            yield from nodes(node["children"])

    headings = [n for part in doc["outline"] for n in nodes(part["nodes"])]
    outline = [v for v in values if v["kind"] == "outline" and "heading" in v]
    assert [(v["heading"], v["text"]) for v in outline] == [(n["label"], n["title"]) for n in headings]
    assert [[w["box"] for w in v["where"]] for v in outline] == [[w["box"] for w in n["where"]] for n in headings]
    # what the pipeline did beside the values: every furniture line, change and anomaly, each with a box
    quality = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    kinds = [v["kind"] for v in values]
    assert kinds.count("furniture") == quality["furniture_lines"]
    assert kinds.count("change") == sum(quality["normalization"].values())
    assert kinds.count("anomaly") == quality["anomalies"]
    assert kinds.count("unassigned") == len(quality["coverage"]["unassigned"])
    assert all(w["box"] for v in values for w in v["where"])


def test_boxes_fall_on_the_printed_text_of_the_page_image(out):
    """The ink near each notice field's box lies inside the box: the image and the boxes line up."""
    from PIL import Image

    data = _payload(out)
    pages = {p["page"]: p for p in data["pages"]}
    fields = [v for v in data["values"] if v["kind"] == "field"]
    assert len(fields) >= 5
    margin = 4.0
    for value in fields:
        for w in value["where"]:
            # glyphs of a large font reach a little past the text box the PDF gives them
            slack = 1.0 + 0.1 * (w["box"][3] - w["box"][1])
            entry = pages[w["page"]]
            with Image.open(out / entry["image"]) as image:
                ink = np.asarray(image.convert("L")) < 128
            scale = ink.shape[1] / entry["width"]
            x0, top, x1, bottom = w["box"]
            left, up = int((x0 - margin) * scale), int((top - margin) * scale)
            ys, xs = np.nonzero(ink[up:int((bottom + margin) * scale), left:int((x1 + margin) * scale)])
            assert len(xs), value["label"]
            found = [(xs.min() + left) / scale, (ys.min() + up) / scale, (xs.max() + left) / scale,
                     (ys.max() + up) / scale]
            assert found[0] >= x0 - slack and found[1] >= top - slack, (value["label"], found, w["box"])
            assert found[2] <= x1 + slack and found[3] <= bottom + slack, (value["label"], found, w["box"])


def test_a_crop_box_does_not_shift_the_image(tmp_path):
    """pdfplumber measures from the media box's corner; the image shows the whole media box."""
    import pikepdf
    from PIL import Image

    from extract.export.review.images import render_pages
    from extract.model import Page

    with pikepdf.open(RAW_PDF) as pdf, pikepdf.new() as one:
        one.pages.append(pdf.pages[0])
        one.pages[0].obj.CropBox = pikepdf.Array([100, 100, 400, 700])
        one.save(tmp_path / "cropped.pdf")
    width, height = 595.3, 841.89
    (image,) = render_pages(tmp_path / "cropped.pdf", None, [Page(1, width, height, [])])
    assert abs(image.width - width * 120 / 72) <= 1 and abs(image.height - height * 120 / 72) <= 1
    (tmp_path / "p.png").write_bytes(image.data)
    with Image.open(tmp_path / "p.png") as png:
        assert png.size == (image.width, image.height)


def test_the_page_template_ships_in_the_wheel():
    """Every file of the template is named by the package data setuptools puts in the wheel."""
    import fnmatch

    tomllib = pytest.importorskip("tomllib", reason="Python 3.11 reads pyproject.toml")
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["extract"]
    package = ROOT / "src" / "extract"
    assets = [str(p.relative_to(package)) for p in (package / "export" / "review" / "assets").iterdir()]
    assert sorted(assets) == ["export/review/assets/review.css", "export/review/assets/review.html",
                              "export/review/assets/review.js"]
    for name in assets:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name


def test_document_text_cannot_close_the_data_block():
    from extract.export.review.page import embed_json

    hostile = {"text": "</script><script>alert(1)</script><!-- & -->"}
    embedded = embed_json(hostile)
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert json.loads(embedded) == hostile


# ---- in the browser ------------------------------------------------------------------------------


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_clicking_a_key_task_cell_highlights_its_box_on_its_page(page, out, doc):
    errors = watch(page)
    open_review(page, out)
    row = doc["key_tasks"]["rows"][-1]
    where = row["where"]["q3"][0]
    cells = page.locator(f'#structure td.value[data-page="{where["page"]}"]')
    cell = None
    for i in range(cells.count()):
        if _box(cells.nth(i).get_attribute("data-box")) == where["box"]:
            cell = cells.nth(i)
            break
    assert cell is not None
    assert cell.locator(".text").text_content() == row["q3"]
    cell.click()
    assert cell.get_attribute("aria-current") == "true"
    active = page.locator("#pages .box.active")
    assert active.count() == 1
    assert _box(active.get_attribute("data-box")) == where["box"]
    assert active.get_attribute("data-box") == cell.get_attribute("data-box")
    # on the right page, scrolled into view
    on_page = page.locator(f'#pages .page[data-page="{where["page"]}"] .box.active')
    assert on_page.count() == 1 and _in_view(page, on_page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # the page image is lazy-loaded: the screenshot waits for it
    image = page.locator(f'#pages .page[data-page="{where["page"]}"] img')
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "review-key-task-cell.png"))
    assert errors == []


def test_clicking_a_box_selects_its_value(page, out, doc):
    errors = watch(page)
    open_review(page, out)
    where = doc["notice"]["where"]["doc_number"][0]
    boxes = page.locator(f'#pages .page[data-page="{where["page"]}"] .box')
    target = next(boxes.nth(i) for i in range(boxes.count()) if _box(boxes.nth(i).get_attribute("data-box"))
                  == where["box"])
    target.click()
    chosen = page.locator('#structure .value[aria-current="true"]')
    assert chosen.count() == 1
    assert chosen.locator(".text").text_content() == doc["notice"]["doc_number"]
    assert chosen.get_attribute("data-box") == target.get_attribute("data-box")
    assert "active" in target.get_attribute("class")
    # the keyboard walks on through the values; Escape lets go
    following = page.locator("#structure .value").nth(int(chosen.get_attribute("data-id")) + 1)
    page.keyboard.press("ArrowDown")
    assert following.get_attribute("aria-current") == "true"
    assert page.locator('#structure .value[aria-current="true"]').count() == 1
    assert page.locator("#pages .box.active").count() >= 1
    page.keyboard.press("Escape")
    assert page.locator('#structure .value[aria-current="true"]').count() == 0
    assert page.locator("#pages .box.active").count() == 0
    assert errors == []


def test_filter_by_kind_hides_boxes_and_their_section(page, out):
    quality = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    open_review(page, out)
    assert page.locator("#pages .box.kind-furniture").count() == quality["furniture_lines"]
    page.locator('#filters input[data-kind="furniture"]').uncheck()
    assert page.locator("#pages .box.kind-furniture").count() == 0
    assert page.locator('#structure .block[data-kind="furniture"]').is_hidden()
    page.locator('#filters input[data-kind="furniture"]').check()
    assert page.locator("#pages .box.kind-furniture").count() == quality["furniture_lines"]


def test_every_value_has_its_box_and_the_page_loads_offline(browser, out):
    """With the network off and every request that is not a local file refused (and counted), the page
    loads whole: every page image, every value with its box, no console error."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    attempted: list[str] = []

    def refuse(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)
    try:
        tab = context.new_page()
        tab.on("request", lambda r: attempted.append(r.url) if not r.url.startswith("file:") else None)
        result = check_review(tab, out)
    finally:
        context.close()
    assert problems(result) == []
    assert result["images"] == result["pages"] == 22
    assert attempted == []


def test_a_text_dump_with_markup_in_it_shows_it_as_text(browser, tmp_path):
    """Text that looks like HTML stays text: nothing in it runs, loads or becomes an element."""
    dump = tmp_path / "markup.txt"
    dump.write_text(
        "关于做好测试工作的通知\n\n各单位：\n\n"
        "现将有关事项通知如下</script><script>window.pwned = 1</script>"
        '<img src="x.png" onerror="window.pwned = 2">，请遵照执行。\n\n'
        "一、总体要求\n\n<b>加粗</b>的文字和 &amp; 符号照原样显示。\n",
        encoding="utf-8",
    )
    result = run_cli("run", str(dump), "--out", str(tmp_path / "out"), "--review", "--no-summary")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "markup"
    assert not (folder / "review").exists()  # no page images for a text dump
    html = (folder / "review.html").read_text(encoding="utf-8")
    assert html.count("<script") == 2 and "window.pwned" not in html.split('id="review-data">')[0]
    context = browser.new_context(viewport=VIEWPORT)
    requests: list[str] = []
    try:
        tab = context.new_page()
        tab.on("request", lambda r: requests.append(r.url))
        checked = check_review(tab, folder)
        assert tab.evaluate("window.pwned") is None
        assert tab.locator("#structure img, #structure b, #structure script").count() == 0
        texts = tab.locator("#structure .value").all_text_contents()
        assert any("<script>window.pwned = 1</script>" in t for t in texts)
        assert any("<b>加粗</b>" in t and "&amp" in t for t in texts)
        assert "文本输入" in tab.locator("#pages").text_content()
    finally:
        context.close()
    assert problems(checked) == []
    assert checked["input"] == "text" and checked["boxes"] == 0
    assert requests == [folder.joinpath("review.html").resolve().as_uri()]


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real is not beside the project")
def test_real_pdf_review_shows_every_value_with_its_box(browser, tmp_path):
    """A real annual report (tables with merged cells, continuing over pages without a repeated header)."""
    pdf = next(REAL.glob("r05-*.pdf"))
    result = run_cli("run", str(pdf), "--out", str(tmp_path), "--review", "--no-summary")
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport=VIEWPORT)
    try:
        checked = check_review(context.new_page(), tmp_path / pdf.stem)
    finally:
        context.close()
    assert problems(checked) == []
    doc = json.loads((tmp_path / pdf.stem / "document.json").read_text(encoding="utf-8"))
    cells = sum(len(t["header"]) + len(t["cells"]) for t in doc["tables"])
    assert checked["images"] == checked["pages"] == doc["source"]["pages"]
    assert checked["values"] >= cells > 100
