"""Limits where a PDF's bytes inflate, fitted into pdfminer at one place.

A hostile PDF of a few kilobytes can make a naive reader build gigabytes: a Flate stream that inflates
a thousandfold (content, object streams, fonts), a ToUnicode CMap whose one ``bfrange`` spans four
billion codes, an object that is a reference to itself (``resolve1`` follows it forever). pdfminer
guards against none of these, so :func:`install` fits three guards into it, once per process:

* every Flate stream pdfminer inflates goes through :func:`inflate`, which stops at the per-stream cap
  instead of allocating what the stream asks for, and the bytes every stream decodes to are counted
  against a total per document;
* a CMap that maps more codes than any font can use is refused while it is parsed;
* a chain of references that comes back on itself is refused when it is resolved.

Each ends in an :class:`~extract.errors.InputError` naming the input (set by :func:`watch` where the
PDF is opened), which pdfplumber's wrappers hand back intact (:mod:`.failures`). The caps follow
the document's memory budget (``--max-memory``, :data:`extract.errors.memory_budget`); the hard
ceiling under them is :mod:`extract.run.memory`.
"""

from __future__ import annotations

import contextvars
import zlib
from dataclasses import dataclass
from typing import Any

from ...errors import InputError, memory_budget

MB = 1 << 20
# Compressed bytes handed to zlib at a time when a stream is measured (see measure).
FEED = 1 << 20
# The largest stream pdfminer may decode (a quarter of the memory budget, at most this).
STREAM_CAP = 256 * MB
# Codes one parsed CMap may map: a two-byte font has 65,536; four such spaces are already generous.
CMAP_CODES = 1 << 18
# References followed in one chain before it counts as a loop.
REFERENCE_HOPS = 64


@dataclass
class Watch:
    """The document being read and what its streams have decoded to so far."""

    path: str
    stream_cap: int
    total_cap: int | None
    decoded: int = 0

    def fail(self, message: str) -> InputError:
        return InputError(self.path, message)


_current: contextvars.ContextVar[Watch | None] = contextvars.ContextVar("extract_pdf_watch", default=None)


def watch(path: str, pdfminer: bool = True) -> Watch:
    """Start counting for the PDF at ``path``: its caps from the current memory budget; ``pdfminer``:
    also fit the guards into pdfminer (a reader that never loads it, PDFium's, need not pay for that)."""
    if pdfminer:
        install()
    budget = memory_budget.get()
    total = budget * MB // 2 if budget else None  # half: the decoded streams stay cached beside the pages
    stream_cap = min(STREAM_CAP, total // 2) if total else STREAM_CAP
    w = Watch(str(path), stream_cap, total)
    _current.set(w)
    return w


def current() -> Watch:
    return _current.get() or Watch("the PDF", STREAM_CAP, None)


def inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)`` that stops at the stream cap instead of allocating past it."""
    w = current()
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, w.stream_cap + 1)
    if len(out) > w.stream_cap or inflater.unconsumed_tail:
        raise w.fail(_stream_message(w))
    if not inflater.eof:  # as zlib.decompress says it, so pdfminer's recovery runs as before
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


def measure(data: bytes | memoryview, chunk: int = 1 << 20) -> bool:
    """Whether ``data`` inflates whole (a bad checksum forgiven), counted against the caps as it
    inflates, a chunk at a time, never holding more than ``chunk`` bytes of its output.

    For a reader in C (PDFium), which would inflate a bomb without asking: every Flate stream of the
    file is measured here first, so one that passes the stream cap, or streams that together pass the
    document's total, end in the same error as under pdfminer. The input is fed :data:`FEED` bytes at a
    time: zlib hands back what a call leaves unread as a copy, and with the whole stream given at once
    that copy is made again for every chunk of output (a 75 MB stream took 2.7 s instead of 0.3).
    """
    w = current()
    inflater = zlib.decompressobj()
    out = 0
    view = memoryview(data)
    try:
        for start in range(0, len(view), FEED):
            pending: bytes | memoryview = view[start : start + FEED]
            while pending:
                piece = inflater.decompress(pending, chunk)
                out += len(piece)
                if out > w.stream_cap:
                    raise w.fail(_stream_message(w))
                if inflater.eof:
                    break  # bytes after the compressed data's end are allowed, as readers allow them
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof:  # output zlib still holds when the input ran out on a chunk's edge
            piece = inflater.decompress(b"", chunk)
            if not piece:
                break
            out += len(piece)
            if out > w.stream_cap:
                raise w.fail(_stream_message(w))
    except zlib.error as exc:
        return "incorrect data check" in str(exc)
    finally:
        w.decoded += out
    if w.total_cap is not None and w.decoded > w.total_cap:
        raise w.fail(_total_message(w))
    return inflater.eof


def _total_message(w: Watch) -> str:
    cap = w.total_cap // MB if w.total_cap else 0
    return f"its streams inflate to more than {cap} MB in all (half of --max-memory)"


def _stream_message(w: Watch) -> str:
    return (
        f"a compressed stream inflates to more than {w.stream_cap // MB} MB (the cap per stream, a quarter of"
        " --max-memory); the PDF is a decompression bomb or not a document"
    )


class _BoundedInflater:
    """A ``zlib.decompressobj`` whose output, over all calls, stops at the stream cap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._inner = zlib.decompressobj(*args, **kwargs)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        w = current()
        room = w.stream_cap - self._out + 1
        chunk = self._inner.decompress(data, min(max_length, room) if max_length else room)
        self._out += len(chunk)
        if self._out > w.stream_cap:
            raise w.fail(_stream_message(w))
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def bounded_inflater() -> _BoundedInflater:
    """A ``zlib.decompressobj()`` that raises the limit error once its output passes the stream cap."""
    return _BoundedInflater()


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside pdfminer's stream decoding."""

    error = zlib.error
    decompress = staticmethod(lambda data, *_args, **_kw: inflate(data))
    decompressobj = _BoundedInflater

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _count(stream: Any) -> None:
    w = current()
    size = len(stream.data or b"")
    if size > w.stream_cap:
        raise w.fail(_stream_message(w))
    w.decoded += size
    if w.total_cap is not None and w.decoded > w.total_cap:
        raise w.fail(_total_message(w))


def _cmap_codes(objs: list[Any], step: int) -> int:
    """Codes a ``bfrange``/``cidrange`` block spans (start and end are its first two of each ``step``)."""
    from pdfminer.utils import nunpack

    total = 0
    for i in range(0, len(objs) - step + 1, step):
        start, end = objs[i], objs[i + 1]
        if isinstance(start, bytes) and isinstance(end, bytes) and len(start) == len(end):
            total += max(0, nunpack(end[-4:]) - nunpack(start[-4:]) + 1)
    return total


_installed = False


def install() -> None:
    """Fit the guards into pdfminer (idempotent)."""
    global _installed
    if _installed:
        return
    from pdfminer import cmapdb, pdftypes

    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]  # only its stream decoding uses it
    decode = pdftypes.PDFStream.decode

    def counted_decode(self: Any) -> None:
        decode(self)
        _count(self)

    pdftypes.PDFStream.decode = counted_decode  # type: ignore[method-assign]
    resolve = pdftypes.PDFObjRef.resolve

    def resolve_once(self: Any, default: object = None) -> Any:
        x = resolve(self, default)
        seen = {self.objid}
        while isinstance(x, pdftypes.PDFObjRef):  # a reference to a reference: follow it here, watching
            if x.objid in seen or len(seen) > REFERENCE_HOPS:
                raise current().fail(f"object {self.objid} refers to itself in a loop; the PDF is damaged")
            seen.add(x.objid)
            x = resolve(x, default)
        return x

    pdftypes.PDFObjRef.resolve = resolve_once  # type: ignore[method-assign]
    parser = cmapdb.CMapParser
    do_keyword = parser.do_keyword
    ranges = {parser.KEYWORD_ENDBFRANGE: 3, parser.KEYWORD_ENDCIDRANGE: 3}

    def bounded_keyword(self: Any, pos: int, token: Any) -> None:
        step = ranges.get(token)
        if step:
            objs = [obj for _, obj in self.curstack]
            self._extract_codes = getattr(self, "_extract_codes", 0) + _cmap_codes(objs, step)
            if self._extract_codes > CMAP_CODES:
                raise current().fail(
                    f"a font's character map (CMap) spans more than {CMAP_CODES:,} codes; the PDF is hostile or broken"
                )
        do_keyword(self, pos, token)

    parser.do_keyword = bounded_keyword  # type: ignore[method-assign]
    _installed = True


def pages_beyond(doc: Any, limit: int | None) -> int | None:
    """How many pages the page tree holds, counted up to ``limit + 1`` (then that), or None when unknown.

    Counted from the tree itself, leaves only, before pdfminer builds a page object for each: a
    PDF of a million pages is refused in a moment rather than after building all of them. A node
    seen twice is counted once (a loop in the tree). Without a page tree pdfminer scans the file for
    pages, and the count is left to it.
    """
    from pdfminer.pdftypes import PDFObjRef, resolve1

    root = doc.catalog.get("Pages") if isinstance(getattr(doc, "catalog", None), dict) else None
    if root is None:
        return None
    todo: list[Any] = [root]
    seen: set[int] = set()
    count = 0
    while todo and (not limit or count <= limit):
        node = todo.pop()
        if isinstance(node, PDFObjRef):
            if node.objid in seen:
                continue
            seen.add(node.objid)
            node = resolve1(node)
        if not isinstance(node, dict):
            continue
        kids = resolve1(node.get("Kids"))
        if isinstance(kids, list):
            todo.extend(reversed(kids))
        else:
            count += 1
    return count
