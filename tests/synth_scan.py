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
