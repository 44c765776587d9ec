"""Rules in page images and sheets scanned askew, without the OCR engine: a drawn grid is found
as rules and cells, text strokes are not rules, a tilted page is measured and set straight, and
recognised text is cut where a table's vertical rule runs through it."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extract.parse.ocr.deskew import straighten, tilt
from extract.parse.ocr.engine import TextBox, _join_rows
from extract.parse.ocr.image_rules import erase, find_rules
from extract.parse.ocr.tables import _grids, place_in_tables

SCALE = 72 / 150  # points per pixel at 150 dpi
COLS = [100, 300, 700, 1100]
ROWS = [200, 320, 440, 560]


def _page(strokes: bool = True) -> np.ndarray:
    """A white A4 page at 150 dpi with a 3 × 3 ruled grid and rows of character-like strokes."""
    image = np.full((1754, 1241, 3), 255, np.uint8)
    for x in COLS:
        cv2.line(image, (x, ROWS[0]), (x, ROWS[-1]), (0, 0, 0), 2)
    for y in ROWS:
        cv2.line(image, (COLS[0], y), (COLS[-1], y), (0, 0, 0), 2)
    if strokes:
        # a line of "characters" 33 px apart, each with a long horizontal and vertical stroke
        for x in range(120, 1100, 36):
            cv2.line(image, (x, 900), (x + 30, 900), (0, 0, 0), 3)
            cv2.line(image, (x + 15, 885), (x + 15, 918), (0, 0, 0), 3)
    return image


def test_grid_is_found_and_strokes_are_not_rules():
    rules = find_rules(_page(), SCALE)
    assert len(rules.horizontal) == len(ROWS) and len(rules.vertical) == len(COLS)
    [grid] = _grids(rules, SCALE)
    assert len(grid) == 3 and all(len(row) == 3 for row in grid)
    x0, top, x1, bottom = grid[0][0]
    assert x0 == pytest.approx(COLS[0] * SCALE, abs=1.5) and bottom == pytest.approx(ROWS[1] * SCALE, abs=1.5)
    cleaned = erase(_page(strokes=False), rules)
    assert (cleaned < 128).sum() == 0  # nothing but the rules was ink


@pytest.mark.parametrize("degrees", [-1.2, -0.5, 0.6, 2.0])
def test_tilted_page_is_set_straight(degrees):
    image = _page()
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    askew = cv2.warpAffine(image, matrix, (w, h), borderValue=(255, 255, 255))
    assert not _grids(find_rules(askew, SCALE), SCALE) or abs(degrees) < 0.3  # askew, the rules break up
    assert tilt(askew) == pytest.approx(-degrees, abs=0.1)
    straight, turned = straighten(askew)
    assert turned == pytest.approx(-degrees, abs=0.1)
    [grid] = _grids(find_rules(straight, SCALE), SCALE)
    assert len(grid) == 3


def test_straight_page_is_left_alone():
    image = _page()
    straight, turned = straighten(image)
    assert turned == 0.0 and straight is image


def test_text_is_cut_at_a_vertical_rule_and_placed_in_cells():
    rules = find_rules(_page(strokes=False), SCALE)
    # the detector saw one box running from the first cell into the second across the rule at x=300
    box = np.array([[120, 240], [420, 240], [420, 270], [120, 270]], np.float32)
    cut = _join_rows([box], rules.vertical)
    assert [(float(b[0][0]), float(b[1][0])) for b in cut] == [(120.0, 299.0), (302.0, 420.0)]
    texts = [
        TextBox(tuple(map(tuple, cut[0])), "一", 0.99, False),
        TextBox(tuple(map(tuple, cut[1])), "二", 0.99, False),
        TextBox(((150, 360), (250, 360), (250, 390), (150, 390)), "三", 0.99, False),
        TextBox(((150, 1000), (250, 1000), (250, 1030), (150, 1030)), "正文", 0.99, False),
    ]
    [table], free = place_in_tables(1, rules, texts, SCALE)
    assert [t.text for t in free] == ["正文"]
    text = [[" ".join(ln.text for ln in c.lines) if c else None for c in row] for row in table.rows]
    assert text == [["一", "二", ""], ["三", "", ""], ["", "", ""]]
    assert table.rows[0][0].lines[0].origin == "ocr"


def test_a_lone_frame_is_not_a_table():
    """A box ruled around a paragraph (one cell) keeps its text on the page."""
    image = np.full((1754, 1241, 3), 255, np.uint8)
    cv2.rectangle(image, (100, 200), (1100, 400), (0, 0, 0), 2)
    rules = find_rules(image, SCALE)
    texts = [TextBox(((150, 250), (600, 250), (600, 280), (150, 280)), "框内文字", 0.99, False)]
    tables, free = place_in_tables(1, rules, texts, SCALE)
    assert tables == [] and free == texts


def test_review_image_of_a_straightened_page_is_turned_alike():
    """OCR measures its boxes on the page set straight (Page.tilt); the review page draws them over
    an image turned by the same angle, so that they fall on their text."""
    import io

    from PIL import Image
    from tests.conftest import RAW_PDF

    from extract.export.review.images import render_pages
    from extract.model import Page

    straight, turned = render_pages(
        RAW_PDF, None, [Page(2, 595.0, 842.0, [], ocr=True), Page(2, 595.0, 842.0, [], ocr=True, tilt=1.2)]
    )
    as_array = [np.array(Image.open(io.BytesIO(p.data)).convert("RGB"))[:, :, ::-1] for p in (straight, turned)]
    assert tilt(as_array[0]) == pytest.approx(0.0, abs=0.1)
    assert tilt(as_array[1]) == pytest.approx(-1.2, abs=0.1)  # turned by 1.2°: setting it straight undoes that
