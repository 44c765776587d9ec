"""A PDF into the typed page model (lines, fonts, boxes, rulings, tables), page by page.

Each page is interpreted by pdfminer exactly once: the layout pdfplumber caches for
the page gives the glyphs and drawn lines (:mod:`extract.parse.pdf.glyphs`), which feed
both the table finder and the text lines (:mod:`extract.parse.pdf.page`), and the page's
cache is released before the next page is read. Damaged streams, limits and a
second reading process are handled here.
"""

from __future__ import annotations

import contextvars
import logging
import re
from pathlib import Path
from typing import Any

from ...errors import InputError, check_deadline
from ...model import Page, ParsedDocument, SourceInfo
from ..furniture import mark_furniture
from ..options import ParseOptions
from ..source import DEFAULT_MAX_PAGES, Source, open_source
from ..text_layer import check_text_layer, image_share
from .failures import raise_wrapped_input_error, root_cause
from .page import read_page

# pdfminer logs every oddity of a damaged file; with no handler configured Python prints those
# records on stderr, burying the one ``error:`` line. A NullHandler keeps them off stderr while an
# application that configures logging still receives them.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# pdfminer's only sign that a damaged compressed stream lost data is this warning.
DATA_LOSS_WARNING = "Data-loss while decompressing"
_pdfminer_warnings: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("pdfminer_warnings", default=None)


class _WarningCollector(logging.Handler):
    """Hands pdfminer's warnings to the page being read (see ``_collect_warnings``)."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = _pdfminer_warnings.get()
        if sink is not None and len(sink) < 100:
            sink.append(record.getMessage()[:200])


_pdftypes_logger = logging.getLogger("pdfminer.pdftypes")
_pdftypes_logger.addHandler(_WarningCollector(logging.WARNING))


def _pdf_date(value: Any) -> str | None:
    """``D:20220119093000+08'00'`` as ``2022-01-19T09:30:00+08:00``; other forms as given."""
    if not isinstance(value, str) or not value:
        return None
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?", value)
    if not m:
        return value
    y, mo, d, h, mi, s, tz = m.groups()
    out = f"{y}-{mo or '01'}-{d or '01'}"
    if h:
        out += f"T{h}:{mi or '00'}:{s or '00'}"
        if tz == "Z":
            out += "Z"
        elif tz:
            digits = tz.replace("'", "")
            out += f"{digits[:3]}:{digits[3:5]}"
    return out


def _meta_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        for enc in ("utf-16", "utf-8", "latin-1"):
            try:
                return value.decode(enc)
            except UnicodeDecodeError:
                continue
    return str(value)


def _damaged_content(page: Any) -> str | None:
    """Why a page's content stream cannot be read whole, or None.

    pdfminer replaces a compressed stream it cannot inflate with nothing, and keeps
    the part before the damage of a cut one, without saying so: the page would
    silently lose text. The check inflates each content stream the way pdfminer
    will (a bad checksum alone is forgiven, as pdfminer does).
    """
    from pdfminer.pdftypes import resolve1

    from .damage import stream_damage

    for ref in getattr(page.page_obj, "contents", None) or []:
        damage = stream_damage(resolve1(ref))
        if damage:
            return damage
    return None


PARALLEL_MIN_PAGES = 8


def _read_pages(path: Path, pdf: Any, wanted: set[int] | None = None) -> list[Page]:
    """The page model of the wanted pages (all when None), each page interpreted once and released."""
    pages: list[Page] = []
    for page in pdf.pages:
        if wanted is not None and page.page_number not in wanted:
            continue
        try:
            check_deadline()
            damage = _damaged_content(page)
            if damage:
                raise InputError(
                    str(path), f"page {page.page_number} cannot be read whole ({damage}); the PDF is damaged"
                )
            sink: list[str] = []
            token = _pdfminer_warnings.set(sink)
            try:
                pages.append(read_page(page))
                pages[-1].image_share = image_share(page)  # the layout is still cached: no second reading
            finally:
                _pdfminer_warnings.reset(token)
            if any(w.startswith(DATA_LOSS_WARNING) for w in sink):
                raise _data_loss(path, page.page_number)
        except InputError:
            raise
        except Exception as exc:
            raise_wrapped_input_error(exc)
            raise InputError(
                str(path),
                f"page {page.page_number} cannot be read ({root_cause(exc)}); the PDF is damaged",
            ) from None
        finally:
            page.close()
    return pages


def _page_worker(path: Path, pdf: Any, wanted: set[int], conn: Any) -> None:
    """Runs in a forked process on the parent's open PDF, whose fonts are already loaded.

    The file descriptor is re-pointed at a fresh opening of the same file first: a forked
    process shares the parent's file offset, and the two would otherwise seek over each other.
    """
    import os

    try:
        fresh = os.open(path, os.O_RDONLY)
        try:
            os.dup2(fresh, pdf.stream.fileno())
        finally:
            os.close(fresh)
        conn.send(("ok", _read_pages(path, pdf, wanted)))
    except InputError as exc:
        conn.send(("error", exc.message))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # a worker must answer, whatever happened to it
        conn.send(("error", f"cannot be read ({type(exc).__name__}); the PDF is damaged"))
    finally:
        conn.close()


def _data_loss(path: Path, page_number: int) -> InputError:
    return InputError(
        str(path),
        f"page {page_number} cannot be read whole (a compressed stream it uses is damaged and"
        " part of it is lost); the PDF is damaged",
    )


def _can_fork() -> bool:
    """Daemonic worker processes (pools, some harnesses) may not start children; elsewhere fork works."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _load_fonts(path: Path, pdf: Any) -> None:
    """Load every page's fonts into the PDF's resource cache (as interpreting would, without drawing).

    A font whose stream is damaged is refused here as reading its first page would refuse it:
    once cached, reading the page would no longer notice.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter

    interpreter = PDFPageInterpreter(pdf.rsrcmgr, None)  # type: ignore[arg-type]  # fonts need no device
    for page in pdf.pages:
        check_deadline()
        sink: list[str] = []
        token = _pdfminer_warnings.set(sink)
        try:
            interpreter.init_resources(page.page_obj.resources)
        except Exception:  # noqa: BLE001 - a page with broken resources fails later, when it is read
            continue
        finally:
            _pdfminer_warnings.reset(token)
        if any(w.startswith(DATA_LOSS_WARNING) for w in sink):
            raise _data_loss(path, page.page_number)


def _read_pages_in_two(path: Path, pdf: Any) -> list[Page]:
    """Pages read by this process and a forked one side by side.

    pdfminer's interpretation is the dominant cost and pages are independent, so two cores
    nearly halve it. Fonts are loaded before the fork so that both processes share them;
    pages alternate between the processes, which balances table pages and text pages.
    """
    import multiprocessing

    numbers = [page.page_number for page in pdf.pages]
    _load_fonts(path, pdf)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_page_worker, args=(path, pdf, set(numbers[1::2]), send), daemon=True)
    worker.start()
    send.close()
    try:
        ours = _read_pages(path, pdf, set(numbers[0::2]))
        try:
            status, payload = receive.recv()
        except EOFError:
            raise InputError(str(path), "a page worker stopped without an answer; the PDF is damaged") from None
        if status == "memory":
            raise MemoryError
        if status != "ok":
            raise InputError(str(path), payload)
        worker.join()
    finally:
        if worker.is_alive():
            worker.kill()
            worker.join()
        receive.close()
    return sorted([*ours, *payload], key=lambda page: page.number)


def parse_pdf(
    source: Source | str | Path,
    password: str | None = None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    options: ParseOptions | None = None,
) -> ParsedDocument:
    """Read a PDF into the page model, with page furniture marked.

    ``source`` is a checked input (:func:`~extract.parse.source.open_source`), or a
    path that is checked here with ``password`` and ``max_pages``. A PDF over its
    page limit is refused before any page is read. Between pages the current time
    limit, if any, is checked (:func:`extract.errors.check_deadline`). ``options``
    (:class:`~extract.parse.options.ParseOptions`): with ``workers`` ≥ 2 and enough pages, a
    forked process reads every other page (the result is the same); pages without a usable
    text layer are read by OCR as ``ocr`` says (:mod:`extract.parse.ocr`), in ``workers``
    processes; ``engine`` ``pdfium`` reads the pages with PDFium (:mod:`.pdfium_pages`).
    """
    options = options or ParseOptions()
    if not isinstance(source, Source):
        source = open_source(source, password, max_pages)
    path = source.path
    engine, reason = options.engine, None
    if engine == "pdfium":
        from .pdfium_pages import TextLost, read_pages

        try:
            pages, texts = read_pages(source)
            meta: dict[str, Any] = dict(texts)
        except TextLost as lost:
            engine, reason = "pdfminer", lost.reason
    if engine != "pdfium":
        pdf = source.open_pdf()
        try:
            meta = pdf.metadata or {}
            if options.workers >= 2 and len(pdf.pages) >= PARALLEL_MIN_PAGES and _can_fork():
                pages = _read_pages_in_two(path, pdf)
            else:
                pages = _read_pages(path, pdf)
        finally:
            pdf.close()
    if not pages:
        raise InputError(str(path), "the PDF has no pages")
    info = SourceInfo(
        file=source.name,
        sha256=source.sha256,
        pages=len(pages),
        producer=_meta_text(meta.get("Producer")),
        creator=_meta_text(meta.get("Creator")),
        creation_date=_pdf_date(_meta_text(meta.get("CreationDate"))),
        title=_meta_text(meta.get("Title")),
    )
    doc = ParsedDocument(source=info, pages=pages, engine=engine, engine_reason=reason)
    mark_furniture(doc)
    scanned: list[Page] = []
    if options.ocr != "never":
        from ..ocr.pages import read_scanned_pages

        scanned = read_scanned_pages(doc, path, source.password, options)
        if scanned:  # the recognised text has its page numbers and running heads too
            mark_furniture(ParsedDocument(source=info, pages=scanned))
    # after the furniture: a page whose only text is furniture has nothing to read
    check_text_layer(doc, path, ocr_tried=bool(scanned), ocr=options.ocr)
    return doc
