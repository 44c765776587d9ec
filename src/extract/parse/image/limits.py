"""What an image file may make the reader build, and Pillow's failures said as one ``error:`` line.

An image is small on disk and large in memory: a PNG of 30,000 × 30,000 one-bit pixels is a hundred
kilobytes and decodes to 900 megapixels. Pillow refuses what it thinks a decompression bomb (a
warning past 89 megapixels, an error past twice that); a frame is refused here before that, by its
declared size, at :func:`pixel_cap` pixels, which follows the document's memory budget
(``--max-memory``, :data:`extract.errors.memory_budget`) as the PDF source's stream caps do
(:mod:`extract.parse.pdf.guards`). The hard ceiling under both is :mod:`extract.run.memory`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from ...errors import InputError, memory_budget

MB = 1 << 20
# No frame past this is decoded, whatever the budget: an A4 sheet at 1,100 dpi, a 48-megapixel
# phone's photo; a page is read at 300 dpi (about 9 megapixels) anyway.
MAX_PIXELS = 60_000_000
# Bytes a pixel costs at the peak of decoding a colour frame into the page's pixels: Pillow's
# four-byte pixel, its bytes handed to NumPy, the BGR copy (measured: see the README's limits).
BYTES_PER_PIXEL = 10
# The share of the memory budget one frame's decoding may take: OCR of the page, a gigabyte at the
# default budget, comes after the frame's full-size pixels are gone.
BUDGET_SHARE = 1 / 3


def pixel_cap() -> int:
    """Pixels one frame may have under the current memory budget (none set: :data:`MAX_PIXELS`)."""
    budget = memory_budget.get()
    if not budget:
        return MAX_PIXELS
    return min(MAX_PIXELS, int(budget * MB * BUDGET_SHARE) // BYTES_PER_PIXEL)


def check_pixels(path: str, number: int, width: int, height: int) -> None:
    """Refuse a frame whose declared size is past :func:`pixel_cap`, before a pixel is decoded."""
    cap = pixel_cap()
    if width * height > cap:
        page = f"page {number} is" if number > 1 else "it is"
        remedy = (
            "raise --max-memory, or reduce the image" if cap < MAX_PIXELS
            else "reduce the image (an A4 page at 300 dpi is 9 megapixels)"
        )
        raise InputError(
            path,
            f"the image is too large to read: {page} {width:,} × {height:,} pixels, more than the limit of"
            f" {cap / 1e6:.3g} megapixels a page; {remedy}",
        )


@contextmanager
def pillow_errors(path: str) -> Iterator[None]:
    """Pillow's refusals and failures as one :class:`InputError`: a decompression bomb (its warning
    made an error), a truncated or damaged file (``OSError``, ``SyntaxError`` and what else a damaged
    file makes a decoder raise)."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (InputError, MemoryError):
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            size = f"{int(found.group(1)):,} pixels" if found else "more pixels than Pillow reads"
            raise InputError(
                path, f"the image declares {size} (a decompression bomb?), far more than a page needs; it is not read"
            ) from None
        except Exception as exc:  # noqa: BLE001 - a damaged file makes decoders raise many types
            # an unidentified file's message is only its file object's repr
            detail = str(exc).splitlines()[0][:120] if str(exc) and not isinstance(exc, UnidentifiedImageError) else ""
            reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
            raise InputError(
                path, f"the image is damaged or truncated and cannot be read ({reason}); get a complete copy"
            ) from None
