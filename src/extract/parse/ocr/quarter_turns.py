"""Quarter turns of a page image, and of boxes on it: how a scan read sideways or upside down is set upright.

Apart from the engine that decides the turn, so that what turns with the page (rules, seals, red
marks) needs no engine.
"""

from __future__ import annotations

import numpy as np


def turn(image: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned ``degrees`` clockwise (a multiple of 90)."""
    import cv2

    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if degrees % 360 == 0 else cv2.rotate(image, codes[degrees % 360])


def turn_box(box: tuple[int, int, int, int], rotation: int, width: int, height: int) -> tuple[int, int, int, int]:
    """A box on an image of ``width`` × ``height`` pixels, on that image turned ``rotation``° clockwise."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return height - y1, x0, height - y0, x1
    if rotation == 180:
        return width - x1, height - y1, width - x0, height - y0
    if rotation == 270:
        return y0, width - x1, y1, width - x0
    return box
