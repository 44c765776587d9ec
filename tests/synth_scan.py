"""Scanned PDFs made from the official text PDF as a scanner makes them (:func:`scanner_copy`: pages
rendered at 200 or 300 dpi, a red seal stamped over the date, toned uneven paper with noise, a small
tilt per page, pages fed in turned, JPEG), wrapped by img2pdf or kept as JPEG files
(:func:`scanned_pages`, a scanner's or a phone's image files); and a mixed PDF (a scanned first page
before text pages). The text PDF is the reference a scan's reading is judged by."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

SEAL_RED = (225, 30, 35)


def text_pages(source: Path, numbers: list[int], target: Path) -> Path:
    """The given pages (1-based) of a PDF as a PDF of their own, text layer intact."""
    import pikepdf

    with pikepdf.open(source) as pdf, pikepdf.new() as out:
        for n in numbers:
            out.pages.append(pdf.pages[n - 1])
        out.save(target)
    return target


def _stamp_seal(image, centre: tuple[float, float], radius: float):
    """A round red seal (ring, star, inner ring) printed over the page as ink is: multiplied, so the
    black text under it stays black where the red covers it."""
    from PIL import Image, ImageChops, ImageDraw

    layer = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=SEAL_RED, width=int(radius / 12))
    inner = radius * 0.82
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=SEAL_RED, width=2)
    import math

    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(angle), cy - radius * 0.1 + r * math.sin(angle)))
    draw.polygon(star, fill=SEAL_RED)
    # the seal's inscription: a band of short red strokes along the ring
    for k in range(24):
        angle = math.pi * (0.85 + 1.3 * k / 23)
        x, y = cx + radius * 0.66 * math.cos(angle), cy + radius * 0.66 * math.sin(angle)
        draw.rectangle((x - 5, y - 5, x + 5, y + 5), outline=SEAL_RED, width=2)
    return ImageChops.multiply(image.convert("RGB"), layer)


def mixed_pdf(scan: Path, text: Path, target: Path) -> Path:
    """The scan's first page, then the text PDF's pages after its first."""
    import pikepdf

    with pikepdf.open(scan) as first, pikepdf.open(text) as rest, pikepdf.new() as out:
        out.pages.append(first.pages[0])
        for page in rest.pages[1:]:
            out.pages.append(page)
        out.save(target)
    return target


def _paper(image, rng):
    """A sheet as a scanner sees it: a light grey-yellow paper tone that is a little uneven across the
    page, ink a little grey, and sensor noise; returned as an RGB PIL image."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image.convert("RGB"), dtype=np.float32) / 255
    height, width = pixels.shape[:2]
    tone = np.array([0.93, 0.92, 0.88], dtype=np.float32) * rng.uniform(0.97, 1.0)
    # uneven lighting: a gentle gradient across the sheet, darker towards one edge
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None] * rng.uniform(0.02, 0.06)
    paper = tone - ramp
    ink = 0.12
    out = (ink + (1 - ink) * pixels) * paper * 255
    out += rng.normal(0, 5.0, out.shape).astype(np.float32)  # in pixels, as a sensor's noise is
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


@dataclass(frozen=True)
class ScannerCopy:
    """A scanner's copy as made: the PDF, and per page its resolution and the tilt it was given
    (degrees counter-clockwise, as PIL turns)."""

    path: Path
    dpi: dict[int, int]
    tilt: dict[int, float]
    # each page's JPEG as the scanner wrote it, by page number
    jpegs: dict[int, bytes] = field(default_factory=dict, repr=False)


def scanned_pages(
    source: Path,
    dpi: int | dict[int, int] = 200,
    seal: tuple[int, tuple[float, float, float, float]] | None = None,
    turned: dict[int, int] | None = None,
    max_tilt: float = 1.0,
    quality: tuple[int, int] = (60, 75),
    seed: int = 7,
    pages: list[int] | None = None,
) -> ScannerCopy:
    """A scanner's JPEG of each page (see :func:`scanner_copy`), by page number; ``path`` is unset."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(source))
    images, dpis, tilts = {}, {}, {}
    try:
        for n in pages or range(1, len(document) + 1):
            rng = np.random.default_rng((seed, n))
            res = dpi.get(n, 200) if isinstance(dpi, dict) else dpi
            page = document[n - 1]
            image = page.render(scale=res / 72).to_pil().convert("RGB")
            page.close()
            if seal is not None and seal[0] == n:
                x0, top, x1, bottom = (v * res / 72 for v in seal[1])
                image = _stamp_seal(image, ((x0 + x1) / 2, (top + bottom) / 2), 2.1 / 2.54 * res)
            tilt = round(float(rng.uniform(-max_tilt, max_tilt)), 2)
            image = image.rotate(tilt, resample=Image.BILINEAR, fillcolor="white")
            image = _paper(image, rng)
            if turned and n in turned:
                image = image.rotate(turned[n], expand=True)
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=int(rng.integers(quality[0], quality[1] + 1)), dpi=(res, res))
            images[n] = buffer.getvalue()
            dpis[n], tilts[n] = res, tilt
    finally:
        document.close()
    return ScannerCopy(Path(), dpis, tilts, images)


def scanner_copy(
    source: Path,
    target: Path,
    dpi: int | dict[int, int] = 200,
    seal: tuple[int, tuple[float, float, float, float]] | None = None,
    turned: dict[int, int] | None = None,
    max_tilt: float = 1.0,
    quality: tuple[int, int] = (60, 75),
    seed: int = 7,
    pages: list[int] | None = None,
) -> ScannerCopy:
    """A scanner's copy of a PDF: each page an image at ``dpi`` (one for all, or per page, 200 for
    pages not named) on toned, noisy, unevenly lit paper, a different small tilt per page (within
    ``max_tilt`` degrees either way), JPEG at a quality drawn from ``quality``; ``seal`` is (page, box
    in points) to stamp a red seal over, ``turned`` maps pages fed the wrong way to their turn
    (degrees, a multiple of 90, counter-clockwise). Deterministic for a ``seed``, and a page looks
    the same whichever ``pages`` are chosen; the JPEG data go into the PDF as they are (img2pdf), as
    a scanner writes them."""
    import img2pdf

    copy = scanned_pages(source, dpi, seal, turned, max_tilt, quality, seed, pages)
    target.write_bytes(img2pdf.convert(list(copy.jpegs.values())))
    return ScannerCopy(target, copy.dpi, copy.tilt, copy.jpegs)


@dataclass(frozen=True)
class PhonePhoto:
    """A phone's photo of a sheet as made: the PDF a scanner app writes (one photo a page) and per page
    the sheet's corners in the photo's pixels (top left, top right, bottom right, bottom left)."""

    path: Path
    corners: dict[int, list[tuple[float, float]]]
    jpegs: dict[int, bytes]


def phone_photo(
    source: Path,
    target: Path,
    pages: list[int],
    seed: int = 11,
    keystone: float = 0.07,
    turn: float = 6.0,
    quality: int = 80,
    desk: tuple[float, float, float] = (62, 54, 48),
) -> PhonePhoto:
    """A phone's photo of each given page (1-based) of a PDF: the sheet (rendered at 200 dpi on toned
    paper) lying on a darker desk, seen from above and in front, so its top edge is narrower than its
    bottom (each top corner drawn in by up to ``keystone`` of the width), turned by up to ``turn``
    degrees, a shadow across one side, a little blur, JPEG at ``quality``; ``desk`` is its colour; the
    photo's 72 dpi says nothing of the sheet. Deterministic for a ``seed``."""
    import math

    import cv2
    import img2pdf
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(source))
    images, corners = [], {}
    try:
        for n in pages:
            rng = np.random.default_rng((seed, n))
            page = document[n - 1]
            sheet = np.asarray(_paper(page.render(scale=200 / 72).to_pil().convert("RGB"), rng))
            page.close()
            h, w = sheet.shape[:2]
            photo_w, photo_h = int(w * 1.3), int(h * 1.22)
            # the desk: dark, warm, uneven
            ground = np.empty((photo_h, photo_w, 3), np.float32)
            ground[:] = np.array(desk, np.float32) * rng.uniform(0.8, 1.2)
            ground += rng.normal(0, 9, ground.shape).astype(np.float32)
            ground = cv2.GaussianBlur(ground, (0, 0), 3)
            # where the sheet's corners land: drawn in at the top, turned about the photo's centre
            inset = keystone * w * rng.uniform(0.6, 1.0)
            cx, cy = photo_w / 2, photo_h / 2
            flat = [(-w / 2 + inset, -h / 2), (w / 2 - inset * rng.uniform(0.7, 1.0), -h / 2),
                    (w / 2, h / 2), (-w / 2, h / 2)]
            angle = math.radians(rng.uniform(-turn, turn))
            cos, sin = math.cos(angle), math.sin(angle)
            quad = [(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in flat]
            matrix = cv2.getPerspectiveTransform(
                np.float32([(0, 0), (w, 0), (w, h), (0, h)]), np.float32(quad)
            )
            warped = cv2.warpPerspective(sheet.astype(np.float32), matrix, (photo_w, photo_h))
            mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (photo_w, photo_h))[..., None]
            photo = warped * mask + ground * (1 - mask)
            # a shadow falling across one side, and the lens's softness
            ramp = np.linspace(rng.uniform(0.72, 0.82), 1.0, photo_w, dtype=np.float32)[None, :, None]
            photo = cv2.GaussianBlur(photo * ramp, (0, 0), 0.8)
            buffer = io.BytesIO()
            Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)).save(
                buffer, format="JPEG", quality=quality, dpi=(72, 72)
            )
            images.append(buffer.getvalue())
            corners[n] = quad
    finally:
        document.close()
    target.write_bytes(img2pdf.convert(images))
    return PhonePhoto(target, corners, dict(zip(pages, images, strict=True)))
