"""The review's page images: each page rendered by pypdfium2 into a small PNG, the same bytes on every run.

At 120 dpi an A4 page is about 1,000 pixels wide, sharp enough to read a 3号 character beside its box
on a screen. Printed 公文 are black and red on white, so 32 colours hold the page: the image is reduced
to a palette (PIL's octree, no dithering, no randomness) and compressed without metadata, which keeps a
text page near 80 KB instead of 350 KB. A page read by OCR is turned as OCR turned it, so that the boxes
(given on the upright page) fall on its text. A page read from its text layer is drawn over its whole
media box, as pdfplumber measures it, even where a crop box shows less of it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import InputError, check_deadline
from ...model import Page

DPI = 120
COLOURS = 32
# zlib's default level: level 9 saves 4 % at twice the time.
COMPRESS_LEVEL = 6
FOLDER = "review"

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class PageImage:
    page: int
    path: str  # relative to the output folder: review/page-01.png
    width: int  # pixels
    height: int
    data: bytes


def image_path(number: int) -> str:
    return f"{FOLDER}/page-{number:02d}.png"


def encode_png(rgb: np.ndarray) -> tuple[bytes, int, int]:
    """An RGB array as a palette PNG: its bytes and its size in pixels."""
    from PIL import Image

    image = Image.fromarray(rgb).quantize(
        colors=COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
    return buffer.getvalue(), image.width, image.height


def render_pages(path: Path, password: str | None, pages: list[Page], dpi: float = DPI) -> list[PageImage]:
    """Each page as a PNG; a page the renderer fails on (a damaged PDF) is left without an image."""
    import numpy as np

    from ...parse.ocr.deskew import turn_by
    from ...parse.ocr.sheet import lay_flat_by
    from ...parse.ofd.render import is_ofd, open_ofd
    from ...parse.pdf.render import open_document, render_page

    # an OFD's pages are drawn from what they paint, an image's are its pixels: behind the PDF's interface
    ofd, image = is_ofd(path), _is_image(path)
    if image:
        from ...parse.image.frames import open_images

        document = open_images(path)
    else:
        document = open_ofd(path) if ofd else open_document(path, password)
    images = []
    try:
        for page in pages:
            check_deadline()
            try:
                if not page.ocr and not (ofd or image):
                    _show_media_box(document, page.number)
                bgr, _ = render_page(document, page.number, dpi)
            except InputError:
                raise
            except Exception:  # noqa: BLE001 - whatever a damaged page makes the renderer raise
                continue
            if page.sheet:  # the boxes were measured on the photographed sheet laid flat (before any quarter turn)
                px = dpi / 72
                width, height = (page.height, page.width) if page.rotation in (90, 270) else (page.width, page.height)
                corners = tuple((x * px, y * px) for x, y in page.sheet)
                bgr = lay_flat_by(bgr, corners, round(width * px), round(height * px))
            if page.tilt:  # the boxes were measured on the page set straight
                bgr = turn_by(bgr, page.tilt)
            # np.rot90 turns counter-clockwise; OCR's rotation is clockwise.
            rgb = np.ascontiguousarray(np.rot90(bgr[:, :, ::-1], k=-(page.rotation // 90)))
            data, width, height = encode_png(rgb)
            images.append(PageImage(page.number, image_path(page.number), width, height, data))
    finally:
        document.close()
    return images


def _is_image(path: Path) -> bool:
    from ...parse.file_heads import image_format

    try:
        with Path(path).open("rb") as fh:
            return image_format(fh.read(32)) is not None
    except OSError:
        return False


def _show_media_box(document: Any, number: int) -> None:
    """Render the whole media box: pdfplumber's coordinates start at its corner, the renderer's at the crop box's.

    A page read by OCR keeps its crop box: its boxes were measured on the image rendered from it.
    """
    page = document[number - 1]
    try:
        media = page.get_mediabox()
        if page.get_cropbox() != media:
            page.set_cropbox(*media)
    finally:
        page.close()
