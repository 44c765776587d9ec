"""Pages without a usable text layer read by OCR into the same page model.

Which pages: with ``auto`` those the text layer cannot serve (:func:`~.text_layer.needs_ocr`: a
scan whose only text is furniture such as a scanner app's watermark, or fonts without a Unicode
map), so a mixed PDF is read by its text where it can be and from its images where it must; with
``always`` every page; with ``never`` none. Each page's pixels are taken from the scan's own image
at its resolution, or rendered where the page holds vector content (:mod:`.page_image`), its paper
levelled (:mod:`.paper`) and the page set straight (:mod:`.deskew`), its red ink set aside
(:mod:`.seals`: seals recorded, red marks read on their own), its table rules found and erased
(:mod:`.image_rules`), its text read upright (:mod:`.engine`) and turned into lines (:mod:`.lines`)
that replace the page's text, in the cells of the tables the rules draw where they fall in one
(:mod:`.tables`; cells left empty read again on their own).

Pages are independent, so they are read in worker processes side by side (one engine thread
each, which keeps the output the same whatever the number of workers); each worker opens the input
again with the source's own opener (a PDF's renderer by default, an image file's frames for an image).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ...errors import InputError, check_deadline
from ...model import Box, Line, Page, ParsedDocument, Ruling, Seal, Table
from ..options import ParseOptions

if TYPE_CHECKING:
    from .engine import TextBox
    from .seals import RedInk

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")
# Opens an input for reading its pages' pixels (path, password): a document for page_image.
Opener = Callable[[Path, "str | None"], Any]
# Red marks smaller than this (in points, both sides) are specks, not text worth a reading.
RED_TEXT_MIN_PT = 8.0
# The crop around red marks gets this margin (pixels), so the detector sees whole characters.
RED_PAD = 12
# Red text taller than this (pixels, the median red mark) is read from a reduced copy: the recogniser
# reads every line at 48 pixels high, and the detector's cost grows with the pixels it is given.
RED_READ_HEIGHT = 64
# The short side the detector enlarges an image to (RapidOCR's det limit_side_len, limit_type "min").
DETECT_SHORT_SIDE = 736
# Inside a seal, the seal's own curved inscription shows faintly in the red channel and reads
# poorly; the black text printed over the seal reads well. Readings there below this are dropped.
SEAL_TEXT_MIN = 0.8
# ...and readings there smaller than this share of the page's median text box height.
SEAL_TEXT_SMALL = 0.6


@dataclass(frozen=True, slots=True)
class PageReading:
    """What OCR read on one page: its lines and seals in PDF points on the upright page."""

    number: int
    rotation: int
    width: float
    height: float
    lines: list[Line]
    seals: list[Box]
    tables: list[Table] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    # The renderer or the engine failed on the page (a damaged PDF): it stays without text.
    failed: bool = False
    tilt: float = 0.0
    # The resolution the page was read at, and whether from the scan's own image (not a render).
    dpi: float = 0.0
    native: bool = False
    # A photographed sheet's corners on the page (points), where it was laid flat before it was read.
    sheet: tuple[tuple[float, float], ...] | None = None


def pages_to_read(doc: ParsedDocument, mode: str) -> list[int]:
    from ..text_layer import needs_ocr

    if mode == "never":
        return []
    return [page.number for page in doc.pages if mode == "always" or needs_ocr(page)]


def _red_lines(ink: RedInk, number: int, rotation: int, size: tuple[int, int], scale: float) -> list[Line]:
    """The red text outside seals (a 版头's issuer mark), read from the red layer alone."""
    import numpy as np

    from .engine import TextBox, read_turned
    from .lines import RED, to_lines
    from .quarter_turns import turn, turn_box
    from .seals import red_layer

    width, height = size
    marks = [turn_box(m, rotation, width, height) for m in ink.marks]
    marks = [m for m in marks if min(m[2] - m[0], m[3] - m[1]) * scale >= RED_TEXT_MIN_PT]
    if not marks:
        return []
    layer = turn(red_layer(ink), rotation)
    x0 = max(0, min(m[0] for m in marks) - RED_PAD)
    y0 = max(0, min(m[1] for m in marks) - RED_PAD)
    x1 = min(layer.shape[1], max(m[2] for m in marks) + RED_PAD)
    y1 = min(layer.shape[0], max(m[3] for m in marks) + RED_PAD)
    crop = np.ascontiguousarray(layer[y0:y1, x0:x1])
    # A 版头's characters are large: read at the height the recogniser reads a line at (far fewer
    # pixels for the detector), their boxes scaled back onto the page.
    heights = sorted(m[3] - m[1] for m in marks)
    shrink = min(1.0, RED_READ_HEIGHT / max(heights[len(heights) // 2], 1))
    import cv2

    if shrink < 1.0:
        size = (max(1, round(crop.shape[1] * shrink)), max(1, round(crop.shape[0] * shrink)))
        crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    # The detector enlarges an image until its short side reaches 736 pixels: a strip of a header
    # would be enlarged tenfold. White below and to the right spares that, and moves no box.
    short = DETECT_SHORT_SIDE
    crop = cv2.copyMakeBorder(
        crop, 0, max(0, short - crop.shape[0]), 0, max(0, short - crop.shape[1]), cv2.BORDER_CONSTANT,
        value=(255, 255, 255),
    )
    boxes = [
        TextBox(tuple((x / shrink + x0, y / shrink + y0) for x, y in b.quad), b.text, b.confidence, b.flipped)
        for b in read_turned(crop, 0)
    ]
    return to_lines(number, boxes, scale, RED)


def _seal_script(box: TextBox, seals: list[tuple[int, int, int, int]], line_height: float) -> bool:
    """A poor or small reading whose centre lies in a seal: the seal's own inscription or frame
    (read as 口 on a scanner's copy, where its ink is not quite white in the red channel)."""
    x0, y0, x1, y1 = box.bounds
    if box.confidence >= SEAL_TEXT_MIN and y1 - y0 >= SEAL_TEXT_SMALL * line_height:
        return False
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return any(sx0 <= cx <= sx1 and sy0 <= cy <= sy1 for sx0, sy0, sx1, sy1 in seals)


def read_page_image(document: Any, number: int) -> PageReading:
    """One page's pixels (the scan's own image, or a render: :mod:`.page_image`) with the paper
    levelled, its seals found, its table rules found and set aside, its text read upright (black
    and red apart) and put in the tables' cells or the page's lines."""
    from .deskew import straighten
    from .engine import read_image
    from .image_rules import erase, find_rules
    from .lines import to_lines
    from .page_image import page_image
    from .paper import level
    from .quarter_turns import turn, turn_box
    from .seals import find_red
    from .sheet import lay_flat
    from .tables import place_in_tables, reread_empty_cells, rulings

    source = page_image(document, number)
    pixels, scale, dpi, corners = source.pixels, source.scale, source.dpi, None
    # A phone's photo of a sheet on a desk; only a page that is a picture: a render of vector content
    # may hold a dark figure beside white paper, which is no desk.
    sheet = lay_flat(pixels, scale) if source.native else None
    if sheet is not None:
        corners = tuple((x * scale, y * scale) for x, y in sheet.corners)
        pixels, scale, dpi = sheet.pixels, sheet.scale, round(72 / sheet.scale, 1)
    image, tilt = straighten(level(pixels))
    height, width = image.shape[:2]
    ink = find_red(image, 72.0 / scale)
    rules = find_rules(ink.cleaned, scale)
    erased = erase(ink.cleaned, rules) if rules else ink.cleaned
    text = read_image(erased, rules)
    turned = [turn_box(seal, text.rotation, width, height) for seal in ink.seals]
    upright = rules.turned(text.rotation, width, height)
    heights = sorted(b.bounds[3] - b.bounds[1] for b in text.boxes)
    line_height = heights[len(heights) // 2] if heights else 0.0
    boxes = [b for b in text.boxes if not _seal_script(b, turned, line_height)]
    tables, boxes = place_in_tables(number, upright, boxes, scale)
    if tables:
        reread_empty_cells(number, tables, turn(erased, text.rotation), scale)
    lines = to_lines(number, boxes, scale)
    lines += _red_lines(ink, number, text.rotation, (width, height), scale)
    lines.sort(key=lambda line: (line.box.top, line.box.x0))
    seals = [Box(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in turned]
    return PageReading(
        number,
        text.rotation,
        text.width * scale,
        text.height * scale,
        lines,
        seals,
        tables,
        rulings(upright, scale),
        tilt=tilt,
        dpi=dpi,
        native=source.native,
        sheet=corners,
    )


# ---- running the pages ---------------------------------------------------------------------

_worker_document: Any = None


def open_pdf(path: Path, password: str | None) -> Any:
    from ..pdf.render import open_document

    return open_document(path, password)


def _start_worker(path: str, password: str | None, opener: Opener) -> None:
    from .engine import engine

    global _worker_document
    engine.cache_clear()  # a forked copy of the parent's engine would share its runtime's state
    _worker_document = opener(Path(path), password)


def _read_in_worker(number: int) -> PageReading:
    return read_safely(_worker_document, number)


def read_safely(document: Any, number: int) -> PageReading:
    """:func:`read_page_image`, or a failed reading when the renderer or the engine fails on the
    page: a damaged page is left unread, as a page without text, rather than failing the document."""
    try:
        return read_page_image(document, number)
    except (InputError, MemoryError):  # the time limit, among others; the memory budget
        raise
    except Exception:  # noqa: BLE001 - whatever a damaged page makes a native library raise
        from .engine import engine

        engine.cache_clear()  # an engine that failed is not trusted with the next page
        return PageReading(number, 0, 0.0, 0.0, [], [], failed=True)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _readings(
    path: Path, password: str | None, numbers: list[int], workers: int, opener: Opener
) -> Iterator[PageReading]:
    workers = max(1, min(workers, len(numbers)))
    if workers == 1 or not _can_fork():
        document = opener(path, password)
        try:
            for number in numbers:
                yield read_safely(document, number)
        finally:
            document.close()
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_start_worker, initargs=(str(path), password, opener)) as pool:
        yield from pool.imap(_read_in_worker, numbers)


def _progress(items: Iterator[PageReading], total: int, name: str, shown: bool) -> Iterator[PageReading]:
    """A progress bar on a terminal for OCR work of several pages (several seconds each)."""
    if not shown or total < 2 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, desc=f"OCR {name}", unit="page", leave=False, file=sys.stderr))


def apply_reading(page: Page, reading: PageReading) -> None:
    """The page as OCR read it: its lines, tables and rules replaced, its size, turns and how its pixels were taken."""
    page.lines = reading.lines
    page.tables = reading.tables  # a text layer's tables held the text now replaced
    page.rulings = reading.rulings
    page.width, page.height = reading.width, reading.height
    page.rotation = reading.rotation
    page.tilt = reading.tilt
    page.ocr = True
    page.ocr_dpi = reading.dpi
    page.ocr_native = reading.native
    page.sheet = reading.sheet


def read_scanned_pages(
    doc: ParsedDocument, path: Path, password: str | None, options: ParseOptions, opener: Opener = open_pdf
) -> list[Page]:
    """Read the pages that need it by OCR (see the module's docstring) as ``options`` say (mode,
    workers); the pages read, with a bar on a terminal when ``options.progress``. ``opener`` opens
    the input for its pages' pixels, in this process or in each worker (a top-level function)."""
    numbers = pages_to_read(doc, options.ocr)
    workers, progress = options.workers, options.progress
    if not numbers:
        return []
    from ..table_notes import attach_notes
    from .lines import even_sizes

    by_number = {page.number: page for page in doc.pages}
    done = []
    readings = _readings(path, password, numbers, workers, opener)
    for reading in _progress(readings, len(numbers), path.name, progress):
        check_deadline()
        if reading.failed:
            continue
        page = by_number[reading.number]
        apply_reading(page, reading)
        attach_notes(page)
        doc.seals.extend(Seal(reading.number, box) for box in reading.seals)
        done.append(page)
    even_sizes([line for page in done for line in page.lines])  # one body size across the pages read
    return done
