"""Parse stage: a PDF into the typed page model (lines, fonts, boxes, rulings, tables).

Each page is interpreted by pdfminer exactly once: the layout pdfplumber caches for
the page gives the glyphs and drawn lines (:mod:`extract.glyphs`), which feed both the
table finder and the text lines, and the page's cache is released before the next
page is read.
"""

from __future__ import annotations

import contextvars
import logging
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import glyphs
from .cache import input_digest
from .errors import InputError, check_pdf_header
from .furniture import mark_furniture
from .limits import DEFAULT_MAX_PAGES, check_deadline, check_page_count
from .model import Box, Cell, Line, Page, ParsedDocument, Ruling, SourceInfo, Span, Table

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

# A glyph gap wider than this share of the font size reads as a space on paper.
GAP_AS_SPACE = 0.15
# Rules thinner than this (in points) are drawn lines even when the PDF paints them as rectangles.
RULE_THICKNESS = 3.0
BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|hei(?!ti)|黑", re.IGNORECASE)
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
# Too few rules cannot enclose a table; skipping the finder there keeps body pages cheap.
MIN_RULES_FOR_TABLE = 4


def font_family(fontname: str) -> str:
    return SUBSET_PREFIX.sub("", fontname or "")


def color_hex(color: Any) -> str:
    """pdfminer colours (gray, RGB or CMYK tuples) as ``#rrggbb``."""
    if color is None:
        return "#000000"
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return "#000000"
    if len(vals) == 1:
        rgb = (vals[0],) * 3
    elif len(vals) == 3:
        rgb = tuple(vals)
    elif len(vals) == 4:
        c, m, y, k = vals
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return "#000000"
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in rgb)


def _char_box(ch: dict) -> Box:
    return Box(float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"]))


def _span_key(ch: dict) -> tuple[str, float, bool, str]:
    color = ch.get("non_stroking_color")
    try:
        return _font_key(ch.get("fontname", ""), ch.get("size", 0.0), color)
    except TypeError:  # an unhashable colour value
        return _font_key.__wrapped__(ch.get("fontname", ""), ch.get("size", 0.0), color)


@lru_cache(maxsize=4096)
def _font_key(fontname: str, size: float, color: Any) -> tuple[str, float, bool, str]:
    """Few distinct fonts and colours per document; computing them once per glyph dominated line building."""
    family = font_family(fontname)
    return (family, round(float(size or 0.0), 1), bool(BOLD_FONT.search(family)), color_hex(color))


def _cluster_rows(chars: list[dict]) -> list[list[dict]]:
    """Group glyphs into visual lines by their vertical centre."""
    rows: list[tuple[float, float, list[dict]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"] + c["bottom"], 1), c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        tol = max(1.0, 0.3 * float(ch.get("size") or ch["bottom"] - ch["top"]))
        if rows and abs(mid - rows[-1][0]) <= max(tol, rows[-1][1]):
            rows[-1][2].append(ch)
        else:
            rows.append((mid, tol, [ch]))
    return [sorted(group, key=lambda c: c["x0"]) for _, _, group in rows]


def build_line(page_number: int, chars: list[dict]) -> Line | None:
    """One line from glyphs sorted left to right; None when it holds only blanks."""
    text: list[str] = []
    boxes: list[Box] = []
    keys: list[tuple[str, float, bool, str]] = []
    inserted: set[int] = set()
    prev: dict | None = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            size = float(ch.get("size") or 10.0)
            if (
                gap > GAP_AS_SPACE * size
                and not prev["text"].isspace()
                and not ch["text"].isspace()
            ):
                inserted.add(len(text))
                text.append(" ")
                boxes.append(Box(prev["x1"], min(prev["top"], ch["top"]), ch["x0"], max(prev["bottom"], ch["bottom"])))
                keys.append(keys[-1])
        text.append(ch["text"])
        boxes.append(_char_box(ch))
        keys.append(_span_key(ch))
        prev = ch
    # Leading and trailing blanks carry no content and only confuse indent measurement.
    lo, hi = 0, len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if lo == hi:
        return None
    trailing = Box.enclosing(boxes[hi:]) if hi < len(text) else None
    text, boxes, keys = text[lo:hi], boxes[lo:hi], keys[lo:hi]
    inserted = {i - lo for i in inserted if lo <= i < hi}
    spans: list[Span] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans.append(Span(start, i, *keys[start]))
            start = i
    return Line(
        page=page_number,
        text="".join(text),
        box=Box.enclosing(boxes),
        spans=spans,
        char_boxes=boxes,
        inserted_spaces=frozenset(inserted),
        trailing_space=trailing,
    )


def build_lines(page_number: int, chars: Iterable[dict]) -> list[Line]:
    lines = []
    for row in _cluster_rows(list(chars)):
        line = build_line(page_number, row)
        if line is not None:
            lines.append(line)
    return lines


def _rulings(drawn_lines: list[dict], drawn_rects: list[dict]) -> list[Ruling]:
    out = []
    for obj in drawn_lines:
        out.append(Ruling(_char_box(obj), float(obj.get("linewidth") or 0.0), color_hex(obj.get("stroking_color"))))
    for obj in drawn_rects:
        box = _char_box(obj)
        if min(box.width, box.height) <= RULE_THICKNESS:
            color = obj.get("non_stroking_color") if obj.get("fill") else obj.get("stroking_color")
            out.append(Ruling(box, min(box.width, box.height), color_hex(color)))
    return sorted(set(out), key=lambda r: (r.box.top, r.box.x0, r.box.bottom, r.box.x1))


def _tables(
    page: Any, page_number: int, chars: list[dict], settings: dict[str, Any] | None = None
) -> tuple[list[Table], list[dict]]:
    """Ruled tables with their cells' lines, and the glyphs left outside every table."""
    found = page.find_tables(settings)
    if not found:
        return [], chars
    tables: list[Table] = []
    cell_chars: dict[tuple[int, int, int], list[dict]] = {}
    cell_boxes: list[tuple[tuple[int, int, int], Box]] = []
    for t_index, table in enumerate(found):
        for r_index, row in enumerate(table.rows):
            for c_index, bbox in enumerate(row.cells):
                if bbox is not None:
                    key = (t_index, r_index, c_index)
                    cell_boxes.append((key, Box(*bbox)))
                    cell_chars[key] = []
    free = []
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        for key, box in cell_boxes:
            if box.contains_point(x, y):
                cell_chars[key].append(ch)
                break
        else:
            free.append(ch)
    for t_index, table in enumerate(found):
        rows: list[list[Cell | None]] = []
        for r_index, row in enumerate(table.rows):
            cells: list[Cell | None] = []
            for c_index, bbox in enumerate(row.cells):
                if bbox is None:
                    cells.append(None)
                    continue
                key = (t_index, r_index, c_index)
                cells.append(Cell(r_index, c_index, Box(*bbox), build_lines(page_number, cell_chars[key])))
            rows.append(cells)
        tables.append(Table(page_number, Box(*table.bbox), rows))
    return tables, free


def _page(page: Any) -> Page:
    number = int(page.page_number)
    chars, drawn_lines, drawn_rects, curves = glyphs.scan(page)
    chars = glyphs.dedupe(chars)
    rulings = _rulings(drawn_lines, drawn_rects)
    tables: list[Table] = []
    if curves and len(rulings) + curves >= MIN_RULES_FOR_TABLE:
        tables, chars = _tables(page, number, chars)  # pdfplumber's own edges include curves
    elif len(rulings) >= MIN_RULES_FOR_TABLE:
        settings = glyphs.table_settings(drawn_lines, drawn_rects)
        if settings is not None:
            tables, chars = _tables(page, number, chars, settings)
    return Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        lines=build_lines(number, chars),
        rulings=rulings,
        tables=tables,
    )


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
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, resolve1

    for ref in getattr(page.page_obj, "contents", None) or []:
        stream = resolve1(ref)
        raw = getattr(stream, "rawdata", None)
        if raw is None or not hasattr(stream, "get_filters"):
            continue  # already decoded for an earlier page, or not a stream
        filters = stream.get_filters()
        if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
            continue
        if getattr(stream, "decipher", None) and stream.objid is not None:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)  # encrypted PDF
        inflater = zlib.decompressobj()
        try:
            inflater.decompress(raw[:-4] if len(raw) > 4 else raw)
            if len(raw) > 4:
                inflater.decompress(raw[-4:])
        except zlib.error as exc:
            if "incorrect data check" not in str(exc):
                return "a compressed content stream is damaged"
            continue
        if not inflater.eof:
            return "a compressed content stream is cut short"
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones it wraps (pdfplumber wraps pdfminer's errors in PdfminerException)."""
    out: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo and len(out) < 20:
        err = todo.pop(0)
        if not isinstance(err, BaseException) or any(err is seen for seen in out):
            continue
        out.append(err)
        todo.extend([err.__cause__, err.__context__, *err.args])
    return out


def _raise_wrapped_input_error(exc: BaseException) -> None:
    """A limit (InputError) raised deep inside pdfminer comes back wrapped; raise it as itself."""
    for err in _chain(exc):
        if isinstance(err, InputError):
            raise err.with_traceback(None) from None


def _root_cause(exc: BaseException) -> str:
    chain = _chain(exc)
    return type(chain[-1] if len(chain) > 1 and type(exc).__name__ == "PdfminerException" else exc).__name__


def _open(path: Path, password: str | None) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # forces the page tree, where truncation shows first
        return pdf
    except InputError:  # a time limit that ran out while opening
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        _raise_wrapped_input_error(exc)
        cause = exc.__cause__ or exc.__context__ or exc
        for err in (exc, cause, *getattr(exc, "args", ())):
            if isinstance(err, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(err).lower():
                if password:
                    raise InputError(str(path), "the PDF is encrypted and the password given is wrong") from None
                raise InputError(
                    str(path), "the PDF is encrypted; give its password with --password"
                ) from None
        reason = type(cause).__name__
        raise InputError(
            str(path), f"the PDF is damaged or truncated and cannot be read ({reason}); get a complete copy"
        ) from None


# Below this many pages a second process costs more than it saves.
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
                pages.append(_page(page))
            finally:
                _pdfminer_warnings.reset(token)
            if any(w.startswith(DATA_LOSS_WARNING) for w in sink):
                raise _data_loss(path, page.page_number)
        except InputError:
            raise
        except Exception as exc:
            _raise_wrapped_input_error(exc)
            raise InputError(
                str(path),
                f"page {page.page_number} cannot be read ({_root_cause(exc)}); the PDF is damaged",
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
    path: str | Path,
    password: str | None = None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    workers: int = 1,
    sha256: str | None = None,
) -> ParsedDocument:
    """Read a PDF into the page model, with page furniture marked.

    A PDF with more than ``max_pages`` pages is refused before any page is read
    (``None`` or 0: no limit). Between pages the current time limit, if any, is
    checked (see :mod:`extract.limits`). With ``workers`` ≥ 2 and enough pages, a
    forked process reads every other page; the result is the same.
    """
    path = Path(path)
    check_pdf_header(path)
    pdf = _open(path, password)
    try:
        check_page_count(str(path), len(pdf.pages), max_pages)
        meta = pdf.metadata or {}
        if workers >= 2 and len(pdf.pages) >= PARALLEL_MIN_PAGES and _can_fork():
            pages = _read_pages_in_two(path, pdf)
        else:
            pages = _read_pages(path, pdf)
    finally:
        pdf.close()
    if not pages:
        raise InputError(str(path), "the PDF has no pages")
    source = SourceInfo(
        file=path.name,
        sha256=sha256 or input_digest(path),  # a caller that hashed the file already passes it
        pages=len(pages),
        producer=_meta_text(meta.get("Producer")),
        creator=_meta_text(meta.get("Creator")),
        creation_date=_pdf_date(_meta_text(meta.get("CreationDate"))),
        title=_meta_text(meta.get("Title")),
    )
    doc = ParsedDocument(source=source, pages=pages)
    check_text_layer(doc, path)
    mark_furniture(doc)
    find_unruled_tables(doc)
    return doc


def find_unruled_tables(doc: ParsedDocument) -> None:
    """Pages without ruled tables: key-task tables read from text alignment instead (``table_text``)."""
    from .table_text import add_text_tables

    add_text_tables(doc.pages)


def check_text_layer(doc: ParsedDocument, path: Path) -> None:
    """Refuse scans and broken font encodings instead of emitting garbage."""
    text = "".join(line.text for page in doc.pages for line in page.lines)
    text += "".join(
        line.text for page in doc.pages for t in page.tables for row in t.rows for c in row if c for line in c.lines
    )
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        raise InputError(str(path), "the PDF has no text layer (a scan?); run OCR on it first, e.g. ocrmypdf")
    bad = len(re.findall(r"\(cid:\d+\)", text)) * 7 + sum(
        1 for ch in visible if 0xE000 <= ord(ch) <= 0xF8FF or (ord(ch) < 0x20)
    )
    if bad > 0.2 * len(visible):
        raise InputError(
            str(path),
            "the PDF's text layer is unreadable (fonts without a Unicode map give (cid:N) or private-use codes);"
            " run OCR on it",
        )
