"""The OCR engine (RapidOCR: PP-OCR detection, direction and recognition on ONNX Runtime) on one image.

The engine's own steps are called one by one rather than through its ``__call__`` so that the
direction classifier's verdicts are kept: they tell an upside-down page. The models ship inside
the ``rapidocr-onnxruntime`` wheel; nothing is downloaded.

Each engine runs on one thread: ONNX Runtime's results may differ in the last bits with the
number of threads, and outputs must be byte-identical on every machine. Both cores are used by
reading pages in two processes instead (:mod:`.pages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .quarter_turns import turn

if TYPE_CHECKING:
    from .image_rules import ImageRules

# A detected box at least this much taller than wide holds text that runs down the page.
TALL = 1.5
# The page is sideways when most text boxes run down it.
SIDEWAYS_SHARE = 0.6
# Readings below this confidence are noise (the engine's own default cut-off).
TEXT_SCORE = 0.5
# Boxes of one row closer than this many box heights are read as one: the detector splits a line
# at wide letter-spacing (a 发文字号 set with spaces), and the recogniser reads a piece without
# its neighbours worse (a lone 1 taken for an L).
JOIN_GAP = 1.0


@dataclass(frozen=True, slots=True)
class TextBox:
    """One recognised text box: its corners in image pixels (x, y), text, confidence, and
    whether the direction classifier turned it by 180° before recognition."""

    quad: tuple[tuple[float, float], ...]
    text: str
    confidence: float
    flipped: bool

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class PageText:
    """What the engine read on an image turned ``rotation`` degrees clockwise to be upright;
    ``boxes`` are in that upright image's pixels."""

    rotation: int
    width: int
    height: int
    boxes: list[TextBox]


@lru_cache(maxsize=1)
def engine() -> Any:
    """One engine per process, made on first use (in the process that uses it: ONNX Runtime's
    sessions do not survive a fork)."""
    import os

    # ONNX Runtime otherwise keeps a device id and a usage database in ~/.cache/Microsoft: a
    # document extractor should leave nothing behind it was not asked to write.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def _detect(image: np.ndarray) -> list[np.ndarray]:
    ocr = engine()
    small, ratio_h, ratio_w = ocr.preprocess(image)
    boxes, _ = ocr.auto_text_det(small)
    if boxes is None:
        return []
    return [np.array(b, dtype=np.float32) * np.array([ratio_w, ratio_h], dtype=np.float32) for b in boxes]


Wall = tuple[int, int, int, int]


def _wall_between(walls: Sequence[Wall], x0: float, x1: float, top: float, bottom: float) -> Wall | None:
    """A vertical rule between x0 and x1 that runs past the middle of the row from top to bottom."""
    middle = (top + bottom) / 2
    for wall in walls:
        x = (wall[0] + wall[2]) / 2
        if x0 < x < x1 and wall[1] <= middle <= wall[3]:
            return wall
    return None


def _join_rows(boxes: list[np.ndarray], walls: Sequence[Wall] = ()) -> list[np.ndarray]:
    """Neighbouring boxes of one row (a little apart) as one upright box, in reading order; never
    across a table's vertical rule (``walls``), and a box that straddles one is cut there."""
    rects = sorted(
        ([float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max())] for b in boxes),
        key=lambda r: (r[0], r[1]),
    )
    out: list[list[float]] = []
    for r in rects:  # left to right, so that each box meets its row's end
        for o in out:
            overlap = min(o[3], r[3]) - max(o[1], r[1])
            height = min(o[3] - o[1], r[3] - r[1])
            near = overlap >= 0.6 * height and -0.2 * height <= r[0] - o[2] <= JOIN_GAP * height
            if near and _wall_between(walls, o[0], r[2], r[1], r[3]) is None:
                o[:] = [o[0], min(o[1], r[1]), max(o[2], r[2]), max(o[3], r[3])]
                break
        else:
            out.append(list(r))
    out = [piece for r in out for piece in _cut(r, walls)]
    out.sort(key=lambda r: (r[1], r[0]))
    return [np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32) for x0, y0, x1, y1 in out]


# A piece of a cut box narrower than this (pixels) is a sliver of the rule, not text.
MIN_PIECE_PX = 4


def _cut(rect: list[float], walls: Sequence[Wall]) -> list[list[float]]:
    """A box cut at each vertical rule that runs through it."""
    x0, y0, x1, y1 = rect
    wall = _wall_between(walls, x0 + MIN_PIECE_PX, x1 - MIN_PIECE_PX, y0, y1)
    if wall is None:
        return [rect]
    left, right = [x0, y0, float(wall[0]), y1], [float(wall[2]), y0, x1, y1]
    return [p for part in (left, right) if part[2] - part[0] >= MIN_PIECE_PX for p in _cut(part, walls)]


def _sideways(boxes: list[np.ndarray]) -> bool:
    """Most text boxes are tall and narrow: the lines run down the image."""
    sized = []
    for b in boxes:
        w = float(np.linalg.norm(b[0] - b[1]))
        h = float(np.linalg.norm(b[0] - b[3]))
        if max(w, h) > 3 * min(w, h) or h > TALL * w:  # single characters say nothing
            sized.append(h > TALL * w)
    return len(sized) >= 3 and sum(sized) >= SIDEWAYS_SHARE * len(sized)


def _recognise(image: np.ndarray, boxes: list[np.ndarray]) -> list[TextBox]:
    """Each box read; the direction classifier votes, and the page's majority turns every line.

    Taken line by line, the classifier turns some upright lines upside down (a line of mostly
    symmetric strokes), which garbles them; a page is scanned one way up as a whole.
    """
    import cv2

    ocr = engine()
    crops = ocr.get_crop_img_list(image, boxes)
    if not crops:
        return []
    _, verdicts, _ = ocr.text_cls(crops)
    flipped = sum(v[0] == "180" for v in verdicts) > len(verdicts) / 2
    if flipped:
        crops = [cv2.rotate(c, cv2.ROTATE_180) for c in crops]
    texts, _ = ocr.text_rec(crops)
    out = []
    for box, (text, score) in zip(boxes, texts, strict=True):
        if not text.strip() or score < TEXT_SCORE:
            continue
        quad = tuple((round(float(x), 1), round(float(y), 1)) for x, y in box)
        out.append(TextBox(quad, text, round(float(score), 4), flipped))
    return out


def _flip(boxes: list[TextBox], width: int, height: int) -> list[TextBox]:
    """Boxes of an image read upside down, placed on the image turned by 180°."""
    # Turned by 180°, the bottom-right corner becomes the top-left one: corners 2, 3, 0, 1.
    return [
        TextBox(tuple((width - b.quad[i][0], height - b.quad[i][1]) for i in (2, 3, 0, 1)), b.text, b.confidence, False)
        for b in boxes
    ]


def read_image(image: np.ndarray, rules: ImageRules | None = None) -> PageText:
    """The text of a page image (BGR), read upright whichever way the page was scanned.

    A sideways page is told by its text boxes running down the page and is turned a quarter;
    an upside-down one by the direction classifier voting for turning most lines, whose boxes are
    then placed on the page turned by 180° (the lines themselves are read the right way up).
    ``rules`` are the image's table rules: text is never joined across, and is cut at, a vertical one.
    """
    rotation = 0
    boxes = _detect(image)
    if _sideways(boxes):
        rotation = 90
        if rules is not None:
            rules = rules.turned(90, image.shape[1], image.shape[0])
        image = turn(image, 90)
        boxes = _detect(image)
    height, width = image.shape[:2]
    found = _recognise(image, _join_rows(boxes, rules.vertical if rules is not None else []))
    if found and found[0].flipped:
        rotation = (rotation + 180) % 360
        found = _flip(found, width, height)
    return PageText(rotation, width, height, found)


def read_turned(image: np.ndarray, rotation: int) -> list[TextBox]:
    """The text of an image turned ``rotation`` degrees clockwise first (a page's orientation
    already known), with boxes in the turned image's pixels."""
    image = turn(image, rotation)
    return _recognise(image, _join_rows(_detect(image)))


def read_line(image: np.ndarray) -> TextBox | None:
    """One line of text that fills ``image`` (a crop around its ink), read without detection: the
    detector can miss a lone short mark (a row's number) that recognition reads well."""
    ocr = engine()
    texts, _ = ocr.text_rec([image])
    if not texts:
        return None
    text, score = texts[0]
    if not text.strip() or score < TEXT_SCORE:
        return None
    height, width = image.shape[:2]
    quad = ((0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height)))
    return TextBox(quad, text, round(float(score), 4), False)
