"""Red ink in a page image: seals found and set aside, red text kept for a reading of its own.

A red seal (公章) printed over the signature and date garbles recognition of the black text
under it. Inside a seal the page is read in its red channel alone, where red ink is pale and
black stays dark (whitening the red pixels instead would cut the strokes the seal's ink
covers); elsewhere strongly red pixels are turned white before the page is read. The red that is
not a seal (the 版头's issuer mark, a red title) would be lost with them, so it is read
separately: an image of the red pixels alone, drawn black on white.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Strongly red: the red channel high and well above the others (the threshold of the text
# layer's red, ``r >= 0x99 and r - max(g, b) >= 0x60``, a little looser for scanner noise).
RED_MIN = 130
RED_MARGIN = 70
# A seal is a round or square stamp 3.5 to 5 cm across; a 版头 line is far wider than tall.
SEAL_MIN_CM = 2.0
SEAL_MAX_CM = 7.0
SEAL_ASPECT = 1.4
# Reddish: what is whitened outside seals, with the pale fringe that scanning and anti-aliasing
# leave around red strokes (left in place, the fringe reads as a ghost of the red text).
PALE_RED_MIN = 120
PALE_RED_MARGIN = 30
# Red blobs that are too small to be text (specks, a scanner's colour fringes) are ignored.
RED_TEXT_MIN_PX = 40


@dataclass(frozen=True, slots=True)
class RedInk:
    """The red found on a page image (in its pixels): seal boxes, the boxes of other red
    marks, and the image with every strongly red pixel turned white."""

    seals: list[tuple[int, int, int, int]]
    marks: list[tuple[int, int, int, int]]
    # the page without its red: seal areas in the red channel, other red pixels white
    cleaned: np.ndarray
    mask: np.ndarray


def red_mask(image: np.ndarray) -> np.ndarray:
    """Strongly red pixels of a BGR image."""
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    return (r >= RED_MIN) & (r - np.maximum(g, b) >= RED_MARGIN)


def find_red(image: np.ndarray, dpi: float) -> RedInk:
    """Seals and other red marks of a BGR page image, and the image without its red."""
    import cv2

    mask = red_mask(image)
    cleaned = image.copy()
    if not mask.any():
        return RedInk([], [], cleaned, mask)
    px_per_cm = dpi / 2.54
    # Close the gaps between a seal's ring, star and characters so that it is one blob.
    k = max(3, int(px_per_cm * 0.3))
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    seals, marks = [], []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < RED_TEXT_MIN_PX:
            continue
        big = SEAL_MIN_CM * px_per_cm <= min(w, h) and max(w, h) <= SEAL_MAX_CM * px_per_cm
        if big and max(w, h) <= SEAL_ASPECT * min(w, h):
            seals.append((x, y, x + w, y + h))
        else:
            marks.append((x, y, x + w, y + h))
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    pale = (r >= PALE_RED_MIN) & (r - np.maximum(g, b) >= PALE_RED_MARGIN)
    outside = cv2.dilate((pale | mask).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    for x0, y0, x1, y1 in seals:
        outside[y0:y1, x0:x1] = False
        cleaned[y0:y1, x0:x1] = image[y0:y1, x0:x1, 2:3]
    cleaned[outside] = 255
    return RedInk(sorted(seals), sorted(marks), cleaned, mask)


def red_layer(ink: RedInk) -> np.ndarray:
    """The red marks outside seals as black on white (BGR), for reading the red text itself."""
    layer = np.full((*ink.mask.shape, 3), 255, dtype=np.uint8)
    keep = np.zeros(ink.mask.shape, dtype=bool)
    for x0, y0, x1, y1 in ink.marks:
        keep[y0:y1, x0:x1] = True
    for x0, y0, x1, y1 in ink.seals:
        keep[y0:y1, x0:x1] = False
    layer[ink.mask & keep] = 0
    return layer
