"""A photographed sheet laid flat: found on the desk around it and its perspective undone.

A phone photo of a notice shows the sheet on whatever it lay on, seen from a little in front: its
top edge shorter than its bottom, its sides leaning in, the whole turned by a few degrees, and a
shadow across it. Read as it is, its lines of text run downhill and converge, so the recogniser
cuts them apart and joins them wrongly, and the desk is taken for a page margin. A scanner's copy
has none of this: the sheet fills the image.

The sheet is found as the largest bright region of the photo (the paper, told from the desk by the
photo's own threshold, its print closed over) whose outline is a convex quadrilateral covering a
good part of the photo but not all of it; its corners are mapped onto a rectangle (a perspective
transform), which also undoes the turn. Where the quadrilateral's sides are close to an A-series
sheet's 1:√2 (公文 are printed on A4), the rectangle takes that proportion exactly, and the page is
given A4's size in points; otherwise its measured size. A photo in which no such quadrilateral is
found (the sheet fills the frame, or its edges are out of the picture) is left as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The sheet is looked for on a copy this many pixels along its longer side.
FIND_PX = 800
# A sheet covers at least this share of the photo, and at most this share (beyond it the sheet fills
# the frame, as a scan does, and there is nothing to undo).
MIN_SHARE, MAX_SHARE = 0.2, 0.93
# A corner's angle stays within this many degrees of a right angle: a photo taken from any closer to
# the table's surface is not a sheet seen from above.
MAX_SKEW = 35.0
# The desk is darker than the paper by at least this much (grey levels, 0–255; a light grey table
# about 50): a scanned page lit unevenly, lighter at one side by about 12, is no sheet on a desk.
MIN_CONTRAST = 25.0
# Edges are found between these shares of the photo's median brightness (Canny's two thresholds),
# among the outlines of this many of the largest shapes they close.
EDGE_LOW, EDGE_HIGH = 0.33, 0.66
EDGE_CANDIDATES = 5
# A sheet's corners lie inside the photo, this share of its longer side clear of every edge.
BORDER_SHARE = 0.005
# Sides this close (as a share) to 1:√2 are an A-series sheet.
A_SERIES_SLACK = 0.12
A4_WIDTH, A4_HEIGHT = 595.28, 841.89
# The flattened sheet is kept at no finer than this resolution (the recogniser gains nothing above it).
MAX_DPI = 300.0


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet found in a photo and laid flat: its pixels, their points per pixel, and its corners in
    the photo's pixels (top left, top right, bottom right, bottom left)."""

    pixels: np.ndarray
    scale: float
    corners: tuple[tuple[float, float], ...]


def find_corners(image: np.ndarray) -> tuple[tuple[float, float], ...] | None:
    """The corners of the sheet in a photo (BGR or grey), in its pixels: top left, top right, bottom
    right, bottom left; None when the photo shows no sheet on a darker ground.

    The sheet's outline is looked for twice: as the largest bright region (paper on a dark desk), then
    among the outlines the photo's edges draw (paper on a light table, too close in brightness for a
    threshold to part them). Either must pass the same tests.
    """
    import cv2

    height, width = image.shape[:2]
    factor = min(1.0, FIND_PX / max(height, width))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else image
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    for hull in (*_bright_region(gray), *_edge_outlines(gray)):
        corners = _sheet(hull, gray)
        if corners is not None:
            return tuple((x / factor, y / factor) for x, y in corners)
    return None


def _bright_region(gray: np.ndarray) -> list[np.ndarray]:
    """The convex outline of the largest bright region (the photo's own threshold, print closed over)."""
    import cv2

    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    side = max(3, round(min(gray.shape[:2]) / 40))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [cv2.convexHull(max(contours, key=cv2.contourArea))] if contours else []


def _edge_outlines(gray: np.ndarray) -> list[np.ndarray]:
    """The convex outlines of the largest shapes the photo's edges close (Canny, thresholds from the
    photo's median brightness), largest first."""
    import cv2

    median = float(np.median(gray))
    edges = cv2.Canny(gray, EDGE_LOW * median, EDGE_HIGH * median)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return [cv2.convexHull(c) for c in sorted(contours, key=cv2.contourArea, reverse=True)[:EDGE_CANDIDATES]]


def _sheet(hull: np.ndarray, gray: np.ndarray) -> list[tuple[float, float]] | None:
    """The ordered corners of a sheet whose outline is ``hull``, or None when it is none (see the module)."""
    import cv2

    area = float(gray.shape[0] * gray.shape[1])
    if not MIN_SHARE <= cv2.contourArea(hull) / area <= MAX_SHARE:
        return None
    quad = _quadrilateral(hull)
    if quad is None:
        return None
    ordered = _ordered(quad)
    if not _square_enough(ordered) or cv2.contourArea(np.float32(ordered)) < 0.9 * cv2.contourArea(hull):
        return None  # not four straight sides: a sheet folded, torn or partly out of the picture
    height, width = gray.shape[:2]
    margin = BORDER_SHARE * max(height, width)
    if any(not (margin <= x <= width - margin and margin <= y <= height - margin) for x, y in ordered):
        return None  # a corner on the photo's edge: the sheet runs out of the picture, or the outline is the frame's
    inside = np.zeros(gray.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.int32(np.round(ordered)), 1)
    sheet, desk = gray[inside > 0], gray[inside == 0]
    if desk.size == 0 or float(np.median(sheet)) - float(np.median(desk)) < MIN_CONTRAST:
        return None  # the "desk" is paper too: light falling unevenly on a page that fills the image
    return ordered


def _quadrilateral(hull: np.ndarray) -> np.ndarray | None:
    import cv2

    perimeter = cv2.arcLength(hull, True)
    for share in (0.01, 0.015, 0.02, 0.03, 0.04, 0.05):
        approx = cv2.approxPolyDP(hull, share * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float64)
    return None


def _ordered(quad: np.ndarray) -> list[tuple[float, float]]:
    """Top left, top right, bottom right, bottom left: around the centre, starting from the corner
    that has the least x + y."""
    centre = quad.mean(axis=0)
    around = sorted(quad.tolist(), key=lambda p: math.atan2(p[1] - centre[1], p[0] - centre[0]))
    start = min(range(4), key=lambda i: around[i][0] + around[i][1])
    return [(float(x), float(y)) for x, y in around[start:] + around[:start]]


def _square_enough(corners: list[tuple[float, float]]) -> bool:
    for i in range(4):
        (ax, ay), (bx, by), (cx, cy) = corners[i - 1], corners[i], corners[(i + 1) % 4]
        u, v = (ax - bx, ay - by), (cx - bx, cy - by)
        norm = math.hypot(*u) * math.hypot(*v)
        if norm == 0:
            return False
        angle = math.degrees(math.acos(max(-1.0, min(1.0, (u[0] * v[0] + u[1] * v[1]) / norm))))
        if abs(angle - 90) > MAX_SKEW:
            return False
    return True


def _size(corners: tuple[tuple[float, float], ...], scale: float) -> tuple[int, int, float]:
    """The flat sheet's width and height in pixels, and its points per pixel."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    width = max(math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x3, y2 - y3))
    height = max(math.hypot(x3 - x0, y3 - y0), math.hypot(x2 - x1, y2 - y1))
    long, short = max(width, height), min(width, height)
    if abs(long / short / math.sqrt(2) - 1) <= A_SERIES_SLACK:
        # an A-series sheet: the perspective shortened one side more than the other
        short = long / math.sqrt(2)
        width, height = (short, long) if height >= width else (long, short)
        points_per_px = (A4_WIDTH if height >= width else A4_HEIGHT) / width
    else:
        points_per_px = scale
    reduce = min(1.0, MAX_DPI * points_per_px / 72) if points_per_px > 0 else 1.0
    return max(1, round(width * reduce)), max(1, round(height * reduce)), points_per_px / reduce


def lay_flat(image: np.ndarray, scale: float) -> Sheet | None:
    """The sheet a photo shows, laid flat (``scale``: the photo's points per pixel), or None when it
    shows none to find (see the module's docstring)."""
    import cv2

    corners = find_corners(image)
    if corners is None:
        return None
    width, height, points_per_px = _size(corners, scale)
    target = np.float32([(0, 0), (width, 0), (width, height), (0, height)])
    matrix = cv2.getPerspectiveTransform(np.float32(corners), target)
    white = (255, 255, 255) if image.ndim == 3 else 255
    flat = cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_AREA if width < image.shape[1] else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=white,
    )
    return Sheet(flat, points_per_px, corners)


def lay_flat_by(image: np.ndarray, corners: tuple[tuple[float, float], ...], width: int, height: int) -> np.ndarray:
    """``image`` with the sheet at ``corners`` (its pixels) laid flat into ``width`` × ``height``
    pixels: how a page was laid flat, for anything drawn over its recognised boxes."""
    import cv2

    target = np.float32([(0, 0), (width, 0), (width, height), (0, height)])
    matrix = cv2.getPerspectiveTransform(np.float32(corners), target)
    white = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=white)
