"""A scanned page's paper made white and its ink told from it, whatever the scanner left.

A scanner's copy is not black on white: the paper shows grey or yellowish, lighter in the middle
than at an edge (uneven lighting), with noise, JPEG blocks and the faint show-through of the
other side. A fixed threshold then takes paper for ink on the dark side and loses faint rules on
the light one, and whitening red ink (:mod:`.seals`) leaves white holes shaped as characters that
the recogniser reads. So the paper is levelled first: its brightness is estimated locally (the
page reduced, its ink closed over by a maximum filter wider than any stroke, smoothed) and each
pixel divided by it, channel by channel, which makes paper white and keeps ink and its colour.
Ink is then told by a threshold taken from the levelled page itself (Otsu's), within bounds.
"""

from __future__ import annotations

import numpy as np

# The paper's brightness is estimated on a copy this many pixels across its shorter side...
ESTIMATE_PX = 400
# ...with a maximum filter this wide (pixels of that copy): wider than a bold 2号 stroke there.
CLOSE_PX = 9
# The estimate never falls below this (0–255): a dark figure is not paper to be lifted to white.
FLOOR = 96
# Ink thresholds (0 black, 255 white) are kept within these bounds whatever the page's histogram.
INK_MIN, INK_MAX = 110, 190


def level(image: np.ndarray) -> np.ndarray:
    """The page with its paper white (BGR or grey, same shape and type)."""
    import cv2

    height, width = image.shape[:2]
    factor = min(1.0, ESTIMATE_PX / max(1, min(height, width)))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else image
    kernel = np.ones((CLOSE_PX, CLOSE_PX), np.uint8)
    paper = cv2.dilate(small, kernel)
    paper = cv2.blur(paper, (CLOSE_PX * 2 + 1, CLOSE_PX * 2 + 1))
    paper = np.maximum(paper, FLOOR).astype(np.uint8)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(image, paper, scale=255)  # saturating, in the images' own bytes


def ink(image: np.ndarray) -> np.ndarray:
    """Ink pixels (1) of a levelled page (BGR or grey), by a threshold the page's own histogram sets."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = min(INK_MAX, max(INK_MIN, threshold))
    return (gray < threshold).astype(np.uint8)
