"""An image file's pages: what each declares (size, resolution, orientation) and its pixels upright.

A TIFF holds one page per frame; any other format holds one page, its first picture (a phone's JPEG
may carry a second one, a depth map or a preview, and a WebP or PNG may be animated). A page's size in
points comes from the image's own resolution when it is one a scanner writes (:data:`PLAUSIBLE_DPI`);
otherwise — a phone writes 72 dpi, or nothing, whatever it photographed — the image is taken to show
an A4 sheet across its shorter side. Pixels are square on the page: a resolution that differs across
and down (a fax's 204 × 196) is evened by reducing the finer axis.

:class:`ImagePages` offers the pages behind the interface OCR and the review page read a document
by: ``page_image(number)`` (:func:`extract.parse.ocr.page_image.page_image` takes those pixels as a
scan's own) and ``document[i]`` with ``get_size`` and ``render(scale=…)``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import InputError, check_deadline
from ..ocr.page_image import PageImage
from .limits import check_pixels, pillow_errors

# The formats an image input may be, as Pillow names them: no other decoder is let near the bytes.
FORMATS = ("JPEG", "PNG", "TIFF", "BMP", "WEBP")
# Resolutions (dpi) an image's own metadata is believed in: what scanners write.
PLAUSIBLE_DPI = (100.0, 1200.0)
# An image without a believable resolution shows an A4 sheet (595.28 × 841.89 pt) across its shorter side.
A4_SHORT_SIDE_PT = 595.28
# Resolutions across and down closer than this share are one resolution.
SQUARE = 0.01
# TIFF and EXIF tags: orientation, image width and length, and what the file says of its making.
ORIENTATION, IMAGE_WIDTH, IMAGE_LENGTH = 0x0112, 0x0100, 0x0101
SOFTWARE, MAKE, MODEL, DATE_TIME = 0x0131, 0x010F, 0x0110, 0x0132
EXIF_IFD, DATE_TIME_ORIGINAL = 0x8769, 0x9003
# Orientations that store the picture turned a quarter: its width and height swap when shown upright.
QUARTER_TURNS = (5, 6, 7, 8)
# Metadata text longer than this is not a name of a program or a device.
MAX_META_CHARS = 200


@dataclass(frozen=True, slots=True)
class Frame:
    """One page of an image file as shown upright: pixels across and down, and the resolution each way."""

    number: int
    pixel_width: int
    pixel_height: int
    dpi_x: float
    dpi_y: float
    # The resolution is the file's own, not the A4 assumption.
    from_file: bool

    @property
    def width(self) -> float:
        return self.pixel_width * 72 / self.dpi_x

    @property
    def height(self) -> float:
        return self.pixel_height * 72 / self.dpi_y


def resolution(dpi: Any, width: int, height: int) -> tuple[float, float, bool]:
    """The resolution across and down of a picture ``width`` × ``height`` pixels whose metadata says
    ``dpi`` (Pillow's ``info["dpi"]``, or None); and whether it is the file's own."""
    try:
        x, y = (float(v) for v in dpi)
    except (TypeError, ValueError, ZeroDivisionError):
        x = y = 0.0
    low, high = PLAUSIBLE_DPI
    if all(math.isfinite(v) and low <= v <= high for v in (x, y)):
        return x, y, True
    assumed = min(width, height) / A4_SHORT_SIDE_PT * 72
    return assumed, assumed, False


def _orientation(img: Any) -> int:
    try:
        tags = img.tag_v2 if img.format == "TIFF" else img.getexif()
        value = tags.get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - damaged metadata: the picture is shown as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _stored_size(img: Any) -> tuple[int, int]:
    """The picture's size as stored: Pillow ≥ 11 gives a TIFF's size as shown, older ones as stored."""
    if img.format == "TIFF":
        width, height = img.tag_v2.get(IMAGE_WIDTH), img.tag_v2.get(IMAGE_LENGTH)
        if isinstance(width, int) and isinstance(height, int):
            return width, height
    return img.size


def _frame(img: Any, number: int, path: str) -> Frame:
    """The current frame as its header declares it, refused when its pixels pass the cap."""
    width, height = _stored_size(img)
    check_pixels(path, number, width, height)
    dpi = img.info.get("dpi")
    if _orientation(img) in QUARTER_TURNS:
        width, height = height, width
        dpi = tuple(reversed(dpi)) if isinstance(dpi, tuple) else dpi
    return Frame(number, width, height, *resolution(dpi, width, height))


def _open(fh: Any) -> Any:
    from PIL import Image

    return Image.open(fh, formats=FORMATS)


def read_frames(path: Path, max_pages: int | None) -> tuple[list[Frame], dict[str, str | None]]:
    """Every page's frame as its header declares it (no pixel decoded), refused past ``max_pages``
    (None or 0: no limit) or the pixel cap; and what the file says of its making."""
    where = str(path)
    # opened from a file object, not by name: Pillow ≥ 11 maps an uncompressed TIFF opened by name
    # into its size as shown, and a frame turned a quarter by its orientation tag comes out scrambled
    with pillow_errors(where), path.open("rb") as fh, _open(fh) as img:
        about = _about(img)
        frames = [_frame(img, 1, where)]
        while img.format == "TIFF":
            check_deadline()
            try:
                img.seek(len(frames))
            except EOFError:
                break
            if max_pages and len(frames) >= max_pages:
                raise InputError(
                    where,
                    f"the image has more than {max_pages} pages (frames), the limit (--max-pages); raise"
                    " --max-pages to read it anyway",
                )
            frames.append(_frame(img, len(frames) + 1, where))
    return frames, about


def decode(path: Path, number: int) -> tuple[np.ndarray, Frame]:
    """Page ``number``'s pixels upright (the orientation tag applied), BGR or grey, square on the
    page; and its frame as decoded."""
    from PIL import ImageOps

    where = str(path)
    with pillow_errors(where), path.open("rb") as fh, _open(fh) as img:
        if number > 1:
            img.seek(number - 1)
        frame = _frame(img, number, where)
        img.load()
        ImageOps.exif_transpose(img, in_place=True)
        pixels = _pixels(img)
    height, width = pixels.shape[:2]
    if (width, height) != (frame.pixel_width, frame.pixel_height):  # a decoder that turned it otherwise
        across, down = (frame.dpi_x, frame.dpi_y) if width == frame.pixel_width else (frame.dpi_y, frame.dpi_x)
        frame = Frame(number, width, height, across, down, frame.from_file)
    return _square(pixels, frame)


def _pixels(img: Any) -> np.ndarray:
    """A decoded frame as 8-bit BGR, or grey (2-D) when it has no colour; transparency on white paper."""
    import cv2
    from PIL import Image

    mode = img.mode
    if mode.startswith("I;16"):
        return (np.asarray(img).astype(np.uint16) >> 8).astype(np.uint8)
    if mode in ("I", "F"):
        values = np.asarray(img, dtype=np.float32)
        peak = float(values.max()) if values.size else 0.0
        if peak > 255:
            values = values * (255 / peak)
        return np.clip(values, 0, 255).astype(np.uint8)
    if mode in ("1", "L"):
        return np.asarray(img.convert("L") if mode == "1" else img)
    if mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif mode != "RGB":
        img = img.convert("RGB")
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def _square(pixels: np.ndarray, frame: Frame) -> tuple[np.ndarray, Frame]:
    """Pixels of one resolution across and down: OCR measures the page in one scale."""
    import cv2

    dpi = min(frame.dpi_x, frame.dpi_y)
    if max(frame.dpi_x, frame.dpi_y) <= dpi * (1 + SQUARE):
        return pixels, frame
    width = max(1, round(frame.pixel_width * dpi / frame.dpi_x))
    height = max(1, round(frame.pixel_height * dpi / frame.dpi_y))
    pixels = cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)
    return pixels, Frame(frame.number, width, height, dpi, dpi, frame.from_file)


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\x00", " ").split())
    return value[:MAX_META_CHARS] or None


def _date(value: str | None) -> str | None:
    """An EXIF date (``2022:01:19 09:30:00``) as ISO 8601, or None for anything else."""
    m = re.fullmatch(r"(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?", value or "")
    if not m or not (1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31):
        return None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}" + (f"T{h}:{mi}:{s}" if h else "")


def _about(img: Any) -> dict[str, str | None]:
    """The program that wrote the file (``producer``), the camera or scanner (``creator``: make and
    model) and when it was taken (``creation_date``), from its EXIF tags; what is missing is None."""
    try:
        exif = img.getexif()
        details = exif.get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001 - damaged metadata says nothing; the pixels may still be fine
        return {}
    make, model = _text(exif.get(MAKE)), _text(exif.get(MODEL))
    if make and model and model.lower().startswith(make.lower()):  # "Canon" and "Canon EOS R5"
        make = None
    device = " ".join(filter(None, (make, model)))
    return {
        "producer": _text(exif.get(SOFTWARE)),
        "creator": device or None,
        "creation_date": _date(_text(details.get(DATE_TIME_ORIGINAL)) or _text(exif.get(DATE_TIME))),
    }


# ---- the document interface of OCR and the review page -------------------------------------------


class _Bitmap:
    def __init__(self, pixels: np.ndarray) -> None:
        self.pixels = pixels

    def to_numpy(self) -> np.ndarray:
        return self.pixels


class _PageView:
    """One page for the review page's renderer: its size in points, its pixels at a scale."""

    def __init__(self, path: Path, number: int) -> None:
        self.path, self.number = path, number
        self._decoded: tuple[np.ndarray, Frame] | None = None

    def _load(self) -> tuple[np.ndarray, Frame]:
        if self._decoded is None:
            self._decoded = decode(self.path, self.number)
        return self._decoded

    def get_size(self) -> tuple[float, float]:
        _, frame = self._load()
        return frame.width, frame.height

    def render(self, scale: float = 1.0, **_: Any) -> _Bitmap:
        import cv2

        pixels, frame = self._load()
        size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
        shrink = size[0] < pixels.shape[1]
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
        return _Bitmap(pixels)

    def close(self) -> None:
        self._decoded = None


class ImagePages:
    """An image file's pages, each decoded when it is asked for (a TIFF of many pages is never held whole)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def page_image(self, number: int) -> PageImage:
        """Page ``number`` (1-based) at the resolution it was scanned or photographed at."""
        pixels, frame = decode(self.path, number)
        return PageImage(pixels, 72 / frame.dpi_x, frame.dpi_x, True)

    def __getitem__(self, index: int) -> _PageView:
        return _PageView(self.path, index + 1)

    def close(self) -> None:
        pass


def open_images(path: Path, password: str | None = None) -> ImagePages:
    """The pages of an image file (``password``: unused; the signature of every source's opener)."""
    return ImagePages(path)
