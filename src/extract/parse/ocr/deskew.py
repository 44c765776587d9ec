"""A scanned page set straight: the small tilt a sheet takes in a scanner or under a phone.

A page tilted by half a degree breaks every long rule into steps, so no table is found, and
drifts its lines of text across each other. The tilt is measured by the projection profile: turned
by the right angle, the page's ink falls into sharp rows (lines of text, rules), and the sum of
ink along each row varies most. The angle is searched coarse then fine on a reduced copy of the
page; the page itself is turned once.
"""

from __future__ import annotations

import numpy as np

# Tilts within this many degrees are searched (a sheet laid on a scanner's glass by hand, a photo
# cropped by a phone app); a page turned further is sideways or upside down, which the OCR engine's
# own orientation check handles.
MAX_TILT = 10.0
# Searched every COARSE_STEP degrees up to NEAR_TILT, where scanners' tilts are, and every FAR_STEP beyond.
NEAR_TILT = 3.0
COARSE_STEP = 0.25
FAR_STEP = 0.5
FINE_STEP = 0.05
# Tilts smaller than this are left alone: a 3 mm drift over an A4 page's width does not matter.
MIN_TILT = 0.15
# The profile is measured on a copy this many pixels wide.
PROFILE_WIDTH = 600


def _score(ink: np.ndarray, angle: float) -> float:
    import cv2

    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    cols = turned.sum(axis=0, dtype=np.float64)
    # Rows for a page read across, columns for one scanned sideways: its lines run down the image.
    return float(np.var(rows) + np.var(cols))


def tilt(image: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise as OpenCV turns) that sets the page straight."""
    import cv2

    from .paper import ink as ink_of

    # Ink is told at full size (on the levelled page: :mod:`.paper`) and then reduced by
    # averaging: a rule one pixel thin would fade below any threshold in a reduced grey image,
    # and rules are what tilt shows best.
    ink = ink_of(image).astype(np.float32)
    factor = PROFILE_WIDTH / max(ink.shape[1], 1)
    if factor < 1:
        ink = cv2.resize(ink, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    if not ink.any():
        return 0.0
    near = np.arange(-NEAR_TILT, NEAR_TILT + COARSE_STEP / 2, COARSE_STEP)
    far = np.arange(NEAR_TILT + FAR_STEP, MAX_TILT + FAR_STEP / 2, FAR_STEP)
    coarse = np.concatenate([-far[::-1], near, far])
    best = max(coarse, key=lambda a: (_score(ink, float(a)), -abs(a)))
    step = COARSE_STEP if abs(best) <= NEAR_TILT else FAR_STEP
    fine = np.arange(best - step, best + step + FINE_STEP / 2, FINE_STEP)
    best = max(fine, key=lambda a: (_score(ink, float(a)), -abs(a)))
    return round(float(best), 2)


def straighten(image: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned straight, and the angle it was turned by (0 when it was straight enough)."""
    angle = tilt(image)
    if abs(angle) < MIN_TILT:
        return image, 0.0
    return turn_by(image, angle), angle


def turn_by(image: np.ndarray, angle: float) -> np.ndarray:
    """The image turned ``angle`` degrees counter-clockwise about its centre, on white paper: how a
    page was set straight, so that anything drawn over its recognised boxes can turn its image alike."""
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    white = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=white)
