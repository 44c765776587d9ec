"""OFD pages drawn from what they paint, for OCR and the review page (no OFD renderer is needed).

Paths are filled (even-odd or non-zero, as the path says) and stroked in their colours, images are
pasted into their boxes, and glyphs are drawn at their boxes in a CJK font when the system has one
(WenQuanYi, Noto CJK, AR PL), else Latin text in Pillow's default font and other glyphs as their
boxes. Text drawn in a font the reader has no copy of can only look approximately like the page: the
boxes are where the text is, which is what the review page shows.

:func:`open_ofd` gives the pages behind the same small interface the PDF renderer's document offers
(``document[i]``, ``get_size``, ``render(scale=…)``, ``to_numpy``, ``close``), so the review page and OCR
render an OFD's pages as they render a PDF's.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .document import OfdPage
from .graphics import PathShape
from .package import Package, is_zip_head

FONT_GLOBS = ("**/wqy-microhei.ttc", "**/wqy-zenhei.ttc", "**/NotoSansCJK*.tt[cf]", "**/NotoSerifCJK*.tt[cf]",
              "**/uming.ttc", "**/ukai.ttc")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
# A path is drawn within its own box; one larger than this many pixels reaches far off the page.
MAX_MASK_PX = 40_000_000


def is_ofd(path: Path) -> bool:
    """Whether a file is a ZIP (the only kind of input that is; the source check made sure it is an OFD)."""
    try:
        with Path(path).open("rb") as fh:
            return is_zip_head(fh.read(4))
    except OSError:
        return False


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    for folder in FONT_DIRS:
        base = Path(folder)
        if not base.is_dir():
            continue
        for pattern in FONT_GLOBS:
            found = sorted(base.glob(pattern))
            if found:
                return str(found[0])
    return None


def shape_mask(shape: PathShape, scale: float, ox: float, oy: float) -> tuple[np.ndarray, int, int]:
    """The filled area of a path in pixels (``scale`` per point, origin ``ox, oy`` in points), as a
    mask over the path's own box, with that box's top-left pixel."""
    import cv2

    left, upper = int((shape.box[0] - ox) * scale), int((shape.box[1] - oy) * scale)
    right, lower = int((shape.box[2] - ox) * scale) + 2, int((shape.box[3] - oy) * scale) + 2
    if (right - left) * (lower - upper) > MAX_MASK_PX:  # a path reaching far off the page: not drawn
        return np.zeros((1, 1), dtype=np.uint8), 0, 0
    mask = np.zeros((max(1, lower - upper), max(1, right - left)), dtype=np.uint8)
    # One fill of all subpaths: OpenCV's scanline fill alternates at each edge (even-odd), which cuts
    # a glyph's counters (the hole of 口) out of it whichever rule the path names.
    polygons = [
        np.array([[(x - ox) * scale - left, (y - oy) * scale - upper] for x, y in sub], dtype=np.int32)
        for sub in shape.subpaths
    ]
    cv2.fillPoly(mask, polygons, 1)
    return mask, left, upper


def _rgb(colour: tuple[float, ...]) -> tuple[int, int, int]:
    from ..lines import color_hex

    value = color_hex(colour)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _paste(
    canvas: np.ndarray, mask: np.ndarray, left: int, upper: int, rgb: tuple[int, int, int], alpha: float
) -> None:
    height, width = canvas.shape[:2]
    x0, y0 = max(0, left), max(0, upper)
    x1, y1 = min(width, left + mask.shape[1]), min(height, upper + mask.shape[0])
    if x1 <= x0 or y1 <= y0:
        return
    part = mask[y0 - upper : y1 - upper, x0 - left : x1 - left].astype(bool)
    view = canvas[y0:y1, x0:x1]
    view[part] = (view[part] * (1 - alpha) + np.array(rgb) * alpha).astype(np.uint8)


def draw_page(package: Package, page: OfdPage, scale: float) -> np.ndarray:
    """The page as an RGB image, ``scale`` pixels per point."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    width, height = max(1, int(page.width * scale)), max(1, int(page.height * scale))
    canvas = np.full((height, width, 3), 255, dtype=np.uint8)
    font_path = cjk_font()
    pending: list[dict] = []  # glyphs are drawn with PIL in runs between other objects
    for kind, index in page.drawing.order:
        if kind == "glyph":
            pending.append(page.drawing.glyphs[index])
            continue
        if pending:
            canvas = _glyphs(canvas, pending, scale, font_path, Image, ImageDraw, ImageFont)
            pending = []
        if kind == "path":
            shape = page.drawing.paths[index]
            if shape.fill and shape.fill_alpha > 0:
                mask, left, upper = shape_mask(shape, scale, 0.0, 0.0)
                _paste(canvas, mask, left, upper, _rgb(shape.fill_colour), shape.fill_alpha)
            if shape.stroke and shape.stroke_alpha > 0:
                thickness = max(1, round(shape.line_width * scale))
                # drawn within the path's own box (and its pen's reach): pages hold thousands of rules
                left, upper = int(shape.box[0] * scale) - thickness, int(shape.box[1] * scale) - thickness
                right, lower = int(shape.box[2] * scale) + thickness + 2, int(shape.box[3] * scale) + thickness + 2
                if (right - left) * (lower - upper) > MAX_MASK_PX:
                    continue  # a path reaching far off the page: not drawn
                layer = np.zeros((lower - upper, right - left), dtype=np.uint8)
                for sub, closed in zip(shape.subpaths, shape.closed, strict=True):
                    pts = np.array([[x * scale - left, y * scale - upper] for x, y in sub], dtype=np.int32)
                    cv2.polylines(layer, [pts], closed, 1, thickness)
                _paste(canvas, layer, left, upper, _rgb(shape.stroke_colour), shape.stroke_alpha)
        else:
            _image(canvas, package, page.drawing.images[index], scale, Image)
    if pending:
        canvas = _glyphs(canvas, pending, scale, font_path, Image, ImageDraw, ImageFont)
    for box, seal_file in page.seal_pictures:  # a signature's seal, stamped over the page
        picture = embedded_picture(package.read(seal_file, "seal"))
        if picture is not None:
            _paste_picture(canvas, picture, box, scale, Image)
    return canvas


# A signature's seal file (GB/T 38540 SES_Seal, ASN.1) carries its picture as the bytes of a PNG,
# JPEG or GIF file among its fields; image readers stop at the picture's own end.
PICTURE_STARTS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def embedded_picture(data: bytes) -> bytes | None:
    starts = [i for i in (data.find(magic) for magic in PICTURE_STARTS) if i >= 0]
    return data[min(starts):] if starts else None


def _image(canvas: np.ndarray, package: Package, shape: Any, scale: float, image_module: Any) -> None:
    if shape.part and package.has(shape.part):
        _paste_picture(canvas, package.read(shape.part, "image"), shape.box, scale, image_module)


def _paste_picture(
    canvas: np.ndarray, data: bytes, box: tuple[float, float, float, float], scale: float, image_module: Any
) -> None:
    x0, top, x1, bottom = box
    w, h = int((x1 - x0) * scale), int((bottom - top) * scale)
    if w < 1 or h < 1 or w > canvas.shape[1] * 2 or h > canvas.shape[0] * 2:
        return
    try:
        with image_module.open(io.BytesIO(data)) as img:
            picture = np.asarray(img.convert("RGBA").resize((w, h)), dtype=np.float32)
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read is left out of the drawing
        return
    left, upper = int(x0 * scale), int(top * scale)
    alpha = picture[:, :, 3] / 255.0
    height, width = canvas.shape[:2]
    cx0, cy0, cx1, cy1 = max(0, left), max(0, upper), min(width, left + w), min(height, upper + h)
    if cx1 <= cx0 or cy1 <= cy0:
        return
    src = picture[cy0 - upper : cy1 - upper, cx0 - left : cx1 - left]
    a = alpha[cy0 - upper : cy1 - upper, cx0 - left : cx1 - left, None]
    view = canvas[cy0:cy1, cx0:cx1].astype(np.float32)
    canvas[cy0:cy1, cx0:cx1] = (view * (1 - a) + src[:, :, :3] * a).astype(np.uint8)


def _glyphs(canvas: np.ndarray, glyphs: list[dict], scale: float, font_path: str | None, image: Any, draw_module: Any,
            font_module: Any) -> np.ndarray:
    picture = image.fromarray(canvas)
    draw = draw_module.Draw(picture)
    fonts: dict[int, Any] = {}
    for g in glyphs:
        if g["text"].isspace():
            continue
        px = max(4, round(g["size"] * scale))
        rgb = _rgb(g["non_stroking_color"])
        box = (g["x0"] * scale, g["top"] * scale, g["x1"] * scale, g["bottom"] * scale)
        height, width = canvas.shape[:2]
        if box[2] < 0 or box[3] < 0 or box[0] > width or box[1] > height:
            continue  # off the page (Pillow would walk every pixel of a far-off box's outline)
        if (font_path is None and not g["text"].isascii()) or px > height:
            draw.rectangle(_clipped(box, width, height), outline=rgb)  # no font to draw it with: where it is
            continue
        if px not in fonts:
            fonts[px] = font_module.truetype(font_path, px) if font_path else font_module.load_default(px)
        if g["upright"]:
            draw.text((box[0], box[1]), g["text"], fill=rgb, font=fonts[px])
        else:
            draw.rectangle(_clipped(box, width, height), outline=rgb)
    return np.asarray(picture).copy()


def _clipped(box: tuple[float, float, float, float], width: int, height: int) -> tuple[float, float, float, float]:
    return max(box[0], -1.0), max(box[1], -1.0), min(box[2], width + 1.0), min(box[3], height + 1.0)


# ---- the PDF renderer's interface ---------------------------------------------------------------


class _Bitmap:
    def __init__(self, bgr: np.ndarray) -> None:
        self.bgr = bgr

    def to_numpy(self) -> np.ndarray:
        return self.bgr


class _PageView:
    def __init__(self, owner: OfdPages, page: OfdPage) -> None:
        self.owner, self.page = owner, page

    def get_size(self) -> tuple[float, float]:
        return self.page.width, self.page.height

    def render(self, scale: float = 1.0, **_: Any) -> _Bitmap:
        rgb = draw_page(self.owner.package, self.page, scale)
        return _Bitmap(np.ascontiguousarray(rgb[:, :, ::-1]))

    def close(self) -> None:
        pass


class OfdPages:
    """An OFD's pages, read once, behind the PDF renderer's document interface."""

    def __init__(self, path: Path) -> None:
        from .document import read_pages

        self.package = Package(Path(path))
        try:
            _, self.pages = read_pages(self.package)
        except Exception:
            self.package.close()
            raise

    def __len__(self) -> int:
        return len(self.pages)

    def __getitem__(self, index: int) -> _PageView:
        return _PageView(self, self.pages[index])

    def close(self) -> None:
        self.package.close()


def open_ofd(path: Path) -> OfdPages:
    return OfdPages(path)
