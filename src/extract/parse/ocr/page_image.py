"""A page's pixels for OCR: the scan's own image where the page is one, a render otherwise.

A scanner writes each page as one image covering the page. Rendering that page at a fixed
resolution resamples the scan: at 150 dpi a 200 or 300 dpi scan loses the strokes that tell 党
from 黛 and 项 from 顶. So a page that is one page-sized image is read from that image's own
bitmap (pypdfium2's page objects), at the resolution it was scanned at; only pages with vector
content (text, drawings, several images) are rendered, at the resolution of the largest image
that covers them (a scan with a scanner app's watermark over it) or at :data:`RENDER_DPI`. A source
that is pixels already (an image file, :mod:`extract.parse.image`) gives its document a
``page_image(number)`` method, and those pixels are taken as a scan's own.

Resolutions are kept within [:data:`MIN_DPI`, :data:`MAX_DPI`]: a 600 dpi scan read at 600 costs
four times the engine's time of 300 for no gain (the detector reduces the page to 2,000 pixels
anyway, and the recogniser reads each line at 48 pixels high). A scan's own pixels are never
enlarged: interpolation adds no stroke the scanner did not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# Vector pages are rendered at this resolution: a 3号 (16 pt) character is about 33 pixels tall,
# which recognition reads as well as a larger render, at less cost.
RENDER_DPI = 150
MIN_DPI = 150
MAX_DPI = 300
# An image covers the page when its box holds this share of the page's area.
COVERS = 0.9
# PDFium's page object type of an image (FPDF_PAGEOBJ_IMAGE); a page with any other object is rendered.
_IMAGE = 3


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page's pixels (BGR, upright as the page's /Rotate shows it), points per pixel, the
    resolution it was read at, and whether they are the scan's own image (not a render)."""

    pixels: np.ndarray
    scale: float
    dpi: float
    native: bool


def _bgr(array: np.ndarray) -> np.ndarray:
    import cv2

    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    if array.shape[2] == 4:
        return np.ascontiguousarray(array[:, :, :3])
    return np.ascontiguousarray(array)


def _placed(bitmap: np.ndarray, matrix: tuple[float, ...], rotation: int) -> np.ndarray | None:
    """The image as it shows on the page (top row up), for a placement that only scales, mirrors or
    turns it by quarters; None for any other (a skewed placement is rendered instead)."""
    a, b, c, d, _, _ = matrix
    image = bitmap
    if abs(b) < 1e-6 and abs(c) < 1e-6 and abs(a) > 0 and abs(d) > 0:
        # PDF image space runs upward: with d > 0 the first row lands at the top.
        if a < 0:
            image = image[:, ::-1]
        if d < 0:
            image = image[::-1, :]
    elif abs(a) < 1e-6 and abs(d) < 1e-6 and abs(b) > 0 and abs(c) > 0:
        # A quarter turn: the image's rows run along the page's height.
        image = np.rot90(image, 1 if b > 0 else -1)
        if (b > 0) == (c > 0):
            image = image[:, ::-1]
    else:
        return None
    # /Rotate turns the shown page clockwise.
    return np.ascontiguousarray(np.rot90(image, -(rotation // 90) % 4))


def _covering_image(page: Any, box: tuple[float, float, float, float]) -> tuple[Any, bool] | None:
    """The largest image whose box covers the page (``box``, its media box), and whether it is the
    page's only object."""
    objects = list(page.get_objects(max_depth=1))
    px0, py0, px1, py1 = box
    best = None
    for obj in objects:
        if obj.type != _IMAGE:
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        area = max(0.0, min(x1, px1) - max(x0, px0)) * max(0.0, min(y1, py1) - max(y0, py0))
        if area >= COVERS * (px1 - px0) * (py1 - py0) and (best is None or area > best[1]):
            best = (obj, area)
    if best is None:
        return None
    return best[0], len(objects) == 1


def _clamp(dpi: float) -> float:
    return min(MAX_DPI, max(MIN_DPI, dpi))


def _native_dpi(obj: Any) -> float:
    x0, y0, x1, y1 = obj.get_bounds()
    w, h = obj.get_px_size()
    return min(w / max(x1 - x0, 1e-6), h / max(y1 - y0, 1e-6)) * 72


def page_image(document: Any, number: int) -> PageImage:
    """Page ``number`` (1-based) as pixels for OCR (see the module's docstring)."""
    from ..pdf.render import render_page

    own = getattr(document, "page_image", None)
    if own is not None:
        image: PageImage = own(number)
        pixels, dpi = _reduced(image.pixels, image.dpi)
        width = image.pixels.shape[1] * image.scale  # points across the page, which reducing keeps
        return PageImage(_bgr(pixels), width / pixels.shape[1], round(dpi, 1), True)
    page = document[number - 1]
    if not hasattr(page, "get_objects"):  # a page drawn from another source's model (an OFD page): no objects
        page.close()
        pixels, scale = render_page(document, number, RENDER_DPI)
        return PageImage(pixels, scale, round(72 / scale, 1), False)
    try:
        # Objects' bounds are in the unrotated page's space; a page cropped out of its media box
        # shows part of an image, which a render places right.
        box = page.get_mediabox()
        width, height = box[2] - box[0], box[3] - box[1]
        found = _covering_image(page, box) if tuple(page.get_cropbox()) == tuple(box) else None
        if found is not None:
            obj, alone = found
            dpi = _native_dpi(obj)
            if alone:
                image = _own_pixels(obj, page.get_rotation(), width, height)
                if image is not None:
                    return image
            render_dpi = _clamp(dpi)
        else:
            render_dpi = RENDER_DPI
    finally:
        page.close()
    pixels, scale = render_page(document, number, render_dpi)
    return PageImage(pixels, scale, round(72 / scale, 1), False)


def _own_pixels(obj: Any, rotation: int, width: float, height: float) -> PageImage | None:
    """The image object's bitmap placed upright, resized to :data:`MAX_DPI` when finer; None when
    its format or placement is one a render handles better."""
    try:
        bitmap = obj.get_bitmap(render=False)
        array = bitmap.to_numpy()
    except Exception:  # noqa: BLE001 - an image format pdfium decodes only when rendering
        return None
    if array.dtype != np.uint8 or array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        return None
    if bitmap.mode not in ("BGR", "BGRA", "BGRX", "L"):
        return None
    placed = _placed(array, tuple(obj.get_matrix().get()), rotation)
    if placed is None:
        return None
    shown_w = height if rotation % 180 else width
    placed, dpi = _reduced(placed, placed.shape[1] / shown_w * 72)
    pixels = _bgr(placed)
    return PageImage(pixels, shown_w / pixels.shape[1], round(dpi, 1), True)


def _reduced(pixels: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """A scan's own pixels at no more than :data:`MAX_DPI` and :data:`MAX_SIDE_PX` on the longer
    side (area-averaged, which keeps thin strokes), never enlarged; with the resolution they are at."""
    import cv2

    from ..pdf.render import MAX_SIDE_PX

    target = min(MAX_DPI, dpi, MAX_SIDE_PX / max(pixels.shape[:2]) * dpi)
    if target < dpi * 0.99:
        factor = target / dpi
        pixels = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        dpi = target
    return pixels, dpi
