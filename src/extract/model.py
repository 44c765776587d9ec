"""The shared document model that every stage reads and extends.

One module because it is the contract between the stages: every dataclass a stage adds is
read by the later ones and by the export, and reads best beside the others.

Coordinates are PDF points in pdfplumber's convention: origin at the top-left of
the page, ``top`` growing downwards. Page numbers are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Box(NamedTuple):
    """A rectangle on a page. A named tuple: the parse stage makes one per character, and a
    tuple is built several times faster than a frozen dataclass."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def contains_point(self, x: float, y: float, slack: float = 0.0) -> bool:
        return (
            self.x0 - slack <= x <= self.x1 + slack
            and self.top - slack <= y <= self.bottom + slack
        )

    def encloses(self, inner: Box, slack: float = 0.0) -> bool:
        """``inner`` lies within this box, give or take ``slack`` on every side."""
        return (
            self.x0 - slack <= inner.x0
            and inner.x1 <= self.x1 + slack
            and self.top - slack <= inner.top
            and inner.bottom <= self.bottom + slack
        )

    def overlaps(self, other: Box, slack: float = 0.0) -> bool:
        """The two boxes share some area (boxes that only touch do not), give or take ``slack``."""
        return (
            self.x0 - slack < other.x1
            and other.x0 < self.x1 + slack
            and self.top - slack < other.bottom
            and other.top < self.bottom + slack
        )

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]

    @staticmethod
    def enclosing(boxes: list[Box]) -> Box:
        if len(boxes) == 1:
            return boxes[0]
        x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
        return Box(min(x0s), min(tops), max(x1s), max(bottoms))


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters in one font within a line (``start``/``end`` index ``Line.text``)."""

    start: int
    end: int
    font: str
    size: float
    bold: bool
    color: str


@dataclass(slots=True)
class Line:
    """One visual line of text.

    ``text`` holds the characters as printed. Where the PDF leaves a visible gap
    between two glyphs without printing a space, the parse stage inserts a space
    and records its index in ``inserted_spaces`` so later stages can tell the
    PDF's own spacing from the published text's. A blank the PDF itself prints at
    the end of the line (the published text's space at a wrap point, as in
    ``形成 ⏎ 1-2 项``) is stripped from ``text``; its box is kept in
    ``trailing_space`` so normalization can still see and log it.
    """

    page: int
    text: str
    box: Box
    spans: list[Span]
    char_boxes: list[Box] = field(repr=False, default_factory=list)
    inserted_spaces: frozenset[int] = frozenset()
    furniture: str | None = None
    trailing_space: Box | None = None
    # Text-dump input only (``textdump``): the 1-based line of the source file where this line
    # starts. Such a line is a whole paragraph, and its boxes are synthetic: x counts characters
    # along the file line, y is the file line number.
    line_no: int | None = None
    # On a page read in columns (a two-column gazette), the column the line lies in, counted in
    # reading order; None where the text runs across the page in one column.
    column: int | None = None
    # How the text was read: None from the PDF's text layer, "ocr" recognised in the page image,
    # with the engine's confidence (0 to 1) for the whole line.
    origin: str | None = None
    confidence: float | None = None

    @property
    def main_span(self) -> Span:
        """The font that covers most characters of the line."""
        return max(self.spans, key=lambda s: (s.end - s.start, -s.start))

    @property
    def font(self) -> str:
        return self.main_span.font

    @property
    def size(self) -> float:
        return self.main_span.size

    @property
    def bold(self) -> bool:
        return self.main_span.bold

    @property
    def color(self) -> str:
        return self.main_span.color

    def slice(self, start: int, end: int) -> Line:
        """Characters ``start:end`` as a line of their own, with their boxes, fonts and
        inserted spaces, for a value that is only part of a printed line."""
        start, end, _ = slice(start, end).indices(len(self.text))
        end = max(start, end)
        boxes = self.char_boxes[start:end] if len(self.char_boxes) == len(self.text) else []
        spans = [
            Span(max(s.start, start) - start, min(s.end, end) - start, s.font, s.size, s.bold, s.color)
            for s in self.spans
            if s.start < end and s.end > start
        ]
        return Line(
            page=self.page,
            text=self.text[start:end],
            box=Box.enclosing(boxes) if boxes else self.box,
            spans=spans or list(self.spans[:1]),
            char_boxes=list(boxes),
            inserted_spaces=frozenset(i - start for i in self.inserted_spaces if start <= i < end),
            furniture=self.furniture,
            line_no=self.line_no,
            trailing_space=self.trailing_space if end == len(self.text) else None,
            column=self.column,
            origin=self.origin,
            confidence=self.confidence,
        )


@dataclass(frozen=True, slots=True)
class PageImage:
    """An image drawn on a page: its box in points, its size in pixels, and the resolution that
    gives across and down the page (dots per inch) — a seal, a figure, or a scan's own pixels."""

    box: Box
    pixel_width: int
    pixel_height: int
    dpi_x: float
    dpi_y: float


@dataclass(frozen=True, slots=True)
class Ruling:
    """A drawn horizontal or vertical line (table rule, the red separator of a notice)."""

    box: Box
    width: float
    color: str

    @property
    def horizontal(self) -> bool:
        return self.box.height <= self.box.width


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    box: Box
    lines: list[Line]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class Table:
    """A ruled table region found on one page; ``rows[r][c]`` is None under a merged cell."""

    page: int
    box: Box
    rows: list[list[Cell | None]]
    # Notes printed right under the table (注：…, 说明：…), part of the table rather than the text.
    notes: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    furniture: list[Line] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # Share of the page's area that images cover (0 to 1): a scanned page is one page-sized image.
    image_share: float = 0.0
    # Every image drawn on the page, in painting order.
    images: list[PageImage] = field(default_factory=list)
    # The page shows an image but carries no text of its own beyond furniture (a scanner app's
    # watermark at most): a scan nobody ran OCR on, so its content cannot reach the outputs.
    no_usable_text: bool = False
    # The page's lines were recognised in its image (OCR); ``rotation`` is the clockwise turn in
    # degrees that made the scanned image upright, ``tilt`` the small turn (degrees,
    # counter-clockwise) that set a sheet scanned askew straight.
    ocr: bool = False
    rotation: int = 0
    tilt: float = 0.0
    # Rows of text drawn only as outlines (an OFD's 版头 converted to paths) that OCR did not read
    # (turned off, or no engine): text the outputs lack, which the status reports.
    unread_outlines: int = 0
    # The resolution (dpi) an OCR page was read at, and whether from the scan's own image
    # (``ocr_native``) rather than a render of the page.
    ocr_dpi: float = 0.0
    ocr_native: bool = False
    # A photographed sheet laid flat before it was read: its corners on the page as photographed
    # (points; top left, top right, bottom right, bottom left). The page's size and every box are then
    # the flat sheet's.
    sheet: tuple[tuple[float, float], ...] | None = None

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"


@dataclass(slots=True)
class SourceInfo:
    file: str
    sha256: str
    pages: int
    producer: str | None = None
    creator: str | None = None
    creation_date: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Seal:
    """A red seal (公章) found in a page image: the page and its box in PDF points."""

    page: int
    box: Box


@dataclass(slots=True)
class ParsedDocument:
    source: SourceInfo
    pages: list[Page]
    seals: list[Seal] = field(default_factory=list)
    # The library that read a PDF's pages (None for a text dump), and why it is not the default one.
    engine: str | None = None
    engine_reason: str | None = None

    def content_lines(self) -> list[Line]:
        """Lines outside tables and furniture, in reading order."""
        return [line for page in self.pages for line in page.lines]


@dataclass(frozen=True, slots=True)
class Where:
    """Provenance of a value: a page and a box on it (or a line number for text input)."""

    page: int
    box: Box | None = None
    line_no: int | None = None


# ---- normalization audit -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One edit the normalization stage made to published or parsed text."""

    field: str
    page: int
    box: Box | None
    # t2s | punct_width | space_removed | space_collapsed | pdf_space_removed | line_join | glyph_map | glyph_shape
    rule: str
    before: str
    after: str
    published: bool  # False when the edited text was introduced by the PDF layout, not the author
    # What else the rule knew: for glyph_shape, the code point, the font and the recogniser's confidence.
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Anomaly:
    field: str
    page: int
    # latin_word | unbalanced_quote | unbalanced_bracket | traditional_left | control_char | private_use
    # | compat_char (radicals, compatibility ideographs) | broken_glyph ((cid:N), U+FFFD)
    kind: str
    text: str
    detail: str = ""


# ---- structured output ---------------------------------------------------------


@dataclass(slots=True)
class Notice:
    issuer: str | None = None  # joint notices: the issuers joined by 、, each also in ``issuers``
    issuers: list[str] = field(default_factory=list)
    doc_number: str | None = None
    title: str | None = None
    genre: str | None = None  # 文种 named by the title: 通知, 意见, 公告, 条例 …
    recipients: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    date: str | None = None
    signature: str | None = None  # the organs joined by 、, each also in ``signatures``
    signatures: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    # 版记: 抄送 (copies to), 印发机关 and 印发日期.
    cc: list[str] = field(default_factory=list)
    printed_by: str | None = None
    printed_on: str | None = None
    where: dict[str, list[Where]] = field(default_factory=dict)


@dataclass(slots=True)
class Point:
    no: int
    title: str
    body: str
    level: int = 2
    label: str = ""
    children: list[Point] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    where: list[Where] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    no: int
    title: str
    points: list[Point] = field(default_factory=list)
    label: str = ""
    body: str = ""  # text under the heading before its first point (paragraphs joined by \n)
    pages: list[int] = field(default_factory=list)
    where: list[Where] = field(default_factory=list)


@dataclass(slots=True)
class Attachment:
    label: str | None = None
    title: str | None = None
    preamble: str | None = None
    where: dict[str, list[Where]] = field(default_factory=dict)


@dataclass(slots=True)
class OutlineNode:
    """A numbered heading and the text under it up to the next heading of its level or above."""

    level: int
    label: str  # the number as printed after normalization: 一、 （一） 1. 1.1 第一章 第一条 …
    no: int  # its value; for decimal numbering (1.1.2) the last number
    title: str
    body: str  # paragraphs joined by \n
    children: list[OutlineNode] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    where: list[Where] = field(default_factory=list)


@dataclass(slots=True)
class OutlinePart:
    """One part of the document's outline: the notice's own text ("body") or an attachment."""

    part: str  # "body" | "attachment 1" | "attachment 2" …
    label: str | None = None  # 附件1 as printed, when the part has a label
    title: str | None = None
    preamble: str | None = None  # text before the first heading (a 目录 included)
    nodes: list[OutlineNode] = field(default_factory=list)
    where: dict[str, list[Where]] = field(default_factory=dict)  # "label", "title", "preamble"


@dataclass(slots=True)
class KeyTaskRow:
    no: int | str
    task: str
    q1: str
    q2: str
    q3: str
    q4: str
    lead: str
    departments: list[str]
    remark: str | None
    pages: list[int] = field(default_factory=list)
    where: dict[str, list[Where]] = field(default_factory=dict)


@dataclass(slots=True)
class KeyTasks:
    title: str | None = None
    rows: list[KeyTaskRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # our key -> header text as printed
    pages: list[int] = field(default_factory=list)
    where: dict[str, list[Where]] = field(default_factory=dict)  # "title", "header" -> boxes


@dataclass(slots=True)
class TableCell:
    """One cell of a document table, as exported: its text and every box it was printed in.

    ``row`` and ``col`` (0-based) are where the cell starts, among the header rows for a header
    cell and among the body rows for a body cell; ``row_span`` and ``col_span`` its extent. A cell
    continued over a page break (a row broken by the break, a merged label running on) is one
    cell with a ``where`` per printed part; a header cell repeated on later pages lists every printing.
    """

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    where: list[Where] = field(default_factory=list)


@dataclass(slots=True)
class DocumentTable:
    """A table of the document, stitched across pages: header rows flattened to one name per column."""

    no: int  # 1-based, in reading order
    pages: list[int]
    columns: list[str]  # one name per column; header cells over it joined by "/"
    header_rows: int  # rows of the printed header behind ``columns`` (0: none, columns named col1, col2 …)
    header: list[TableCell] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)  # body cells, row by row
    row_count: int = 0  # body rows
    title: str | None = None  # its caption above it (附表1 收入表), else a row spanning the table above its header
    label: str | None = None  # the caption's label as printed: 附表1, 表2
    # a row spanning the table above its header, when a caption above gives the title (a second name)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)  # 注：… and 说明：… printed under the table
    where: dict[str, list[Where]] = field(default_factory=dict)  # "title", "label", "subtitle", "notes" -> boxes


@dataclass(slots=True)
class EnrichmentOutputs:
    """The enrichment as exported: its document.json block and its CSV tables (file -> header, rows)."""

    block: dict[str, Any]
    tables: dict[str, tuple[list[str], list[list[Any]]]]


# ---- conformance to GB/T 9704-2012 (extract check) ----------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where the document departs from GB/T 9704-2012, or a measurement worth reporting.

    ``basis`` says how sure it is: ``text`` (read from the text layer), ``ocr`` (recognised in the
    page image, ``confidence`` the engine's) or ``measured`` (positions, sizes and fonts on the page).
    """

    element: str  # doc_number | date | title | recipients | levels | attachment_note | page_number | body …
    rule: str  # a stable id: doc_number.brackets, levels.sequence …
    clause: str  # of GB/T 9704-2012: 7.2.5
    severity: str  # error | warning | note
    found: str
    expected: str
    basis: str  # text | ocr | measured
    where: tuple[Where, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class RuleStatus:
    """A rule that was not checked on this input, and why (no such element, no fonts in a scan …)."""

    rule: str
    clause: str
    reason: str


@dataclass(slots=True)
class Conformance:
    """The proofreading report of one document: its format, the findings and the rules' reach."""

    layout: str  # document | order | minutes | letter | announcement | republished | standalone | text
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # rule ids applied to this document
    not_applicable: list[RuleStatus] = field(default_factory=list)  # the element is absent or not of this format
    not_checkable: list[RuleStatus] = field(default_factory=list)  # applies, but the input cannot tell


@dataclass(slots=True)
class Document:
    """Everything the pipeline extracted from one input; the export stage writes it."""

    source: SourceInfo
    parsed: ParsedDocument | None = None
    notice: Notice = field(default_factory=Notice)
    attachment: Attachment = field(default_factory=Attachment)
    sections: list[Section] = field(default_factory=list)
    outline: list[OutlinePart] = field(default_factory=list)
    key_tasks: KeyTasks = field(default_factory=KeyTasks)
    tables: list[DocumentTable] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    enrichment: Any = None  # extract.enrich.Enrichment; typed loosely because enrich imports this module
    enrichment_outputs: EnrichmentOutputs | None = None  # as exported; set even when served from the cache
    conformance: Conformance | None = None  # the GB/T 9704 check, when asked for (extract check, run --check)


def to_jsonable(obj: Any, ndigits: int | None = 2) -> Any:
    """Dataclasses to plain JSON values, with boxes as ``[x0, top, x1, bottom]``.

    Floats are rounded to ``ndigits`` for publication; ``None`` keeps full precision.
    """
    if isinstance(obj, Box):
        values = [obj.x0, obj.top, obj.x1, obj.bottom]
        return values if ndigits is None else [round(v, ndigits) for v in values]
    if isinstance(obj, (frozenset, set)):
        return sorted(obj)
    if isinstance(obj, float):
        return obj if ndigits is None else round(obj, ndigits)
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(getattr(obj, k), ndigits) for k in obj.__dataclass_fields__}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v, ndigits) for v in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v, ndigits) for k, v in obj.items()}
    return obj


__all__ = [
    "Anomaly",
    "Attachment",
    "Box",
    "Cell",
    "Change",
    "Conformance",
    "Document",
    "DocumentTable",
    "EnrichmentOutputs",
    "Finding",
    "KeyTaskRow",
    "KeyTasks",
    "Notice",
    "OutlineNode",
    "OutlinePart",
    "Point",
    "Section",
    "Where",
    "Line",
    "Page",
    "ParsedDocument",
    "RuleStatus",
    "Ruling",
    "Seal",
    "SourceInfo",
    "Span",
    "Table",
    "TableCell",
    "to_jsonable",
]
