"""A review page checked in a real browser: every value with its page and box, every box on its page, every
page image loaded, no console error.

The tests use :func:`check_review`; by hand, over output folders written with ``--review``:

    .venv/bin/python tests/review_check.py OUT/doc-a OUT/doc-b ...

prints one line of counts per document and exits 1 if any check fails. Chromium is the system's
(``/usr/bin/chromium``, from apt); nothing is downloaded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# This machine's closed network refuses Chromium's own background connections; these keep it from trying.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}

# Run in the page: the counts a person would check by eye, value by value and box by box.
CHECK_JS = """
() => {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const values = [...document.querySelectorAll("#structure .value")];
  const boxes = [...document.querySelectorAll("#pages .box")];
  const pages = new Map(data.pages.map((p) => [String(p.page), p]));
  const onPage = new Set(boxes.map((b) => b.closest(".page").dataset.page + "|" + b.dataset.box));
  const shown = new Set(values.map((v) => v.dataset.id));
  const out = {input: data.document.input, values: values.length, payload_values: data.values.length,
               boxes: boxes.length, pages: data.pages.length, without_attributes: 0, without_box: [],
               unmatched: [], outside: [], misplaced: 0, orphan_boxes: 0};
  for (const v of values) {
    if (!v.hasAttribute("data-page") || !v.hasAttribute("data-box")) { out.without_attributes++; continue; }
    const wheres = v.dataset.where ? v.dataset.where.split(" ").map((s) => s.split(":"))
                                   : [[v.dataset.page, v.dataset.box]];
    for (const [page, box] of wheres) {
      if (!box) { out.without_box.push(v.title); continue; }
      if (data.document.input === "pdf" && !onPage.has(page + "|" + box)) out.unmatched.push(v.title);
      const [x0, top, x1, bottom] = box.split(",").map(Number);
      const p = pages.get(page);
      if (!p || !(x0 >= -1 && top >= -1 && x0 <= x1 && top <= bottom && x1 <= p.width + 1 && bottom <= p.height + 1)) {
        out.outside.push(v.title);
      }
    }
  }
  for (const b of boxes) {
    if (b.closest(".page").dataset.page !== b.dataset.page) out.misplaced++;
    if (!b.dataset.values.split(" ").every((id) => shown.has(id))) out.orphan_boxes++;
  }
  return out;
}
"""

# Each page scrolled into view (the images load lazily) and its image awaited.
IMAGES_JS = """
async () => {
  const images = [...document.querySelectorAll("#pages img")];
  let broken = 0;
  for (const img of images) {
    img.scrollIntoView();
    if (!img.complete) {
      await new Promise((done) => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
        setTimeout(done, 10000);
      });
    }
    if (!(img.complete && img.naturalWidth > 0)) broken++;
  }
  window.scrollTo(0, 0);
  return {images: images.length, broken_images: broken};
}
"""


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def watch(page: Any) -> list[str]:
    """The page's console errors and uncaught exceptions, as they happen."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


def open_review(page: Any, folder: Path) -> None:
    page.goto((folder / "review.html").resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]")


def check_review(page: Any, folder: Path) -> dict[str, Any]:
    """Open ``folder/review.html`` in ``page`` and count what is missing (see the module's docstring)."""
    errors = watch(page)
    open_review(page, folder)
    result = page.evaluate(CHECK_JS)
    result |= page.evaluate(IMAGES_JS)
    result["errors"] = errors
    return result


def problems(result: dict[str, Any]) -> list[str]:
    """What a check found wrong, in words (empty: the page shows every value with its box)."""
    found = []
    if result["values"] != result["payload_values"]:
        found.append(f"{result['payload_values']} values in the data, {result['values']} shown")
    for key in ("without_box", "unmatched", "outside"):
        if result[key]:
            found.append(f"{len(result[key])} {key.replace('_', ' ')}: {result[key][:3]}")
    for key in ("without_attributes", "misplaced", "orphan_boxes", "broken_images"):
        if result[key]:
            found.append(f"{result[key]} {key.replace('_', ' ')}")
    if result["input"] == "pdf" and result["images"] != result["pages"]:
        found.append(f"{result['images']} images for {result['pages']} pages")
    found.extend(result["errors"])
    return found


def main(folders: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    failed = 0
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for folder in folders:
                page = browser.new_page(viewport=VIEWPORT)
                result = check_review(page, Path(folder))
                page.close()
                size = sum(p.stat().st_size for p in Path(folder).glob("review/*.png"))
                found = problems(result)
                failed += bool(found)
                counts = {k: result[k] for k in ("pages", "images", "values", "boxes")}
                print(f"{Path(folder).name}: {json.dumps(counts)} images {size / 1e6:.2f} MB,"
                      f" html {(Path(folder) / 'review.html').stat().st_size / 1e3:.0f} kB:"
                      f" {'; '.join(found) or 'every value shown with its box'}")
        finally:
            browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
