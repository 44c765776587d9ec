"""Build short official notices (GB/T 9704 layout) as PDFs for tests, with reportlab.

Text is drawn with reportlab's built-in ``STSong-Light`` CID font (no font files
needed; pdfplumber reads it back through the Adobe-GB1 CMap). Other typefaces are
the same glyphs under another font name — ``SimHei`` (黑体), ``KaiTi`` (楷体),
``STSong-Light-Bold`` (bold), ``FangSong_GB2312`` (仿宋) — which is all the parse stage looks at.

Every line is drawn at explicit coordinates, so indents, wrapping, line ends short
of the margin, colours and page breaks are exactly as a test asks.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

SONG = "STSong-Light"
HEI = "SimHei"
KAI = "KaiTi"
BOLD = "STSong-Light-Bold"
TITLE_FONT = "FZXiaoBiaoSong-B05S"
FANGSONG = "FangSong_GB2312"
BLACK = (0.0, 0.0, 0.0)
RED = (0.9, 0.0, 0.07)

A4 = (595.28, 841.89)
NO_LINE_START = set("，。、；：？！）》”’」』〕】")
NO_LINE_END = set("（《“‘「『〔【")

_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase._cidfontdata import CIDFontInfo
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont, structToPDF

    class Alias(UnicodeCIDFont):
        """STSong-Light's glyphs under another font name."""

        def __init__(self, alias: str) -> None:
            super().__init__(SONG)
            self.name = self.fontName = alias

        def addObjects(self, doc):  # noqa: N802 (reportlab's name)
            internal = "F" + repr(len(doc.fontMapping) + 1)
            info = copy.deepcopy(CIDFontInfo[SONG])
            info["BaseFont"] = "/" + self.name
            info["DescendantFonts"][0]["BaseFont"] = "/" + self.name
            info["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/" + self.name
            info["Name"] = "/" + internal
            info["Encoding"] = "/" + self.encodingName
            ref = doc.Reference(structToPDF(info), internal)
            doc.idToObject["BasicFonts"].dict[internal] = ref
            doc.fontMapping[self.name] = "/" + internal

    pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    for alias in (HEI, KAI, BOLD, TITLE_FONT, FANGSONG):
        pdfmetrics.registerFont(Alias(alias))
    _registered = True


def width_of(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, font, size)


@dataclass
class Run:
    text: str
    font: str = SONG
    color: tuple[float, float, float] = BLACK


class NoticePDF:
    """A page-by-page writer with a cursor, in GB/T 9704 proportions (16pt, 28 characters a line)."""

    def __init__(
        self,
        path: str | Path,
        *,
        size: float = 16.0,
        chars_per_line: int = 28,
        left: float = 79.4,
        top: float = 100.0,
        pitch: float = 28.9,
        lines_per_page: int = 22,
        page_numbers: bool = True,
    ) -> None:
        register_fonts()
        from reportlab.pdfgen import canvas

        self.path = Path(path)
        self.canvas = canvas.Canvas(str(self.path), pagesize=A4)
        self.page_size = A4
        self.size = size
        self.left = left
        self.width = chars_per_line * size
        self.top = top
        self.pitch = pitch
        self.bottom = top + lines_per_page * pitch
        self.y = top
        self.page = 1
        self.page_numbers = page_numbers
        self.landscape = False

    # ---- low level ----------------------------------------------------------------

    @property
    def right(self) -> float:
        return self.left + self.width

    def draw(self, x: float, top: float, runs: list[Run], size: float) -> float:
        """Draw runs from x with their tops at ``top``; returns the x after the last glyph."""
        c = self.canvas
        height = self.page_size[1]
        for run in runs:
            c.setFont(run.font, size)
            c.setFillColorRGB(*run.color)
            c.drawString(x, height - top - 0.88 * size, run.text)
            x += width_of(run.text, run.font, size)
        return x

    def ensure_room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def new_page(self, landscape: bool = False) -> None:
        self._finish_page()
        self.canvas.showPage()
        self.page += 1
        self.landscape = landscape
        self.page_size = (A4[1], A4[0]) if landscape else A4
        self.canvas.setPageSize(self.page_size)
        self.y = 60.0 if landscape else self.top

    def _finish_page(self) -> None:
        if self.page_numbers:
            text = f"— {self.page} —"
            x = (self.page_size[0] - width_of(text, SONG, 14)) / 2
            self.draw(x, self.page_size[1] - 50, [Run(text)], 14)

    def save(self) -> Path:
        self._finish_page()
        self.canvas.save()
        return self.path

    # ---- lines -------------------------------------------------------------------------

    def line(
        self,
        text: str | list[Run],
        *,
        x: float | None = None,
        align: str = "left",
        indent: float = 0,
        font: str = SONG,
        size: float | None = None,
        color: tuple[float, float, float] = BLACK,
        advance: float | None = None,
        right_space: float = 0,
    ) -> tuple[float, float]:
        """One line at the cursor; returns its (x0, x1)."""
        size = size or self.size
        runs = [Run(text, font, color)] if isinstance(text, str) else text
        w = sum(width_of(r.text, r.font, size) for r in runs)
        self.ensure_room(size)
        if x is None:
            if align == "center":
                x = self.left + (self.width - w) / 2
            elif align == "right":
                x = self.right - right_space * self.size - w
            else:
                x = self.left + indent * self.size
        x1 = self.draw(x, self.y, runs, size)
        self.y += advance if advance is not None else max(self.pitch, 1.45 * size)
        return x, x1

    def skip(self, lines: float = 1) -> None:
        self.y += lines * self.pitch

    def rule(self, color: tuple[float, float, float] = RED, width: float = 1.0) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(width)
        y = self.page_size[1] - self.y
        c.line(self.left, y, self.right, y)
        self.y += self.pitch / 2

    def wrap(self, runs: list[Run], first_width: float, width: float, size: float) -> list[list[Run]]:
        """Runs cut into lines no wider than the widths, keeping 。，）” off line starts and （“ off line ends."""
        chars = [(ch, r.font, r.color) for r in runs for ch in r.text]
        lines: list[list[tuple[str, str, tuple]]] = []
        cur: list[tuple[str, str, tuple]] = []
        used = 0.0
        limit = first_width
        i = 0
        while i < len(chars):
            ch, font, color = chars[i]
            w = width_of(ch, font, size)
            if cur and used + w > limit + 0.01:
                # kinsoku: move characters down so the next line does not start with a closing mark
                while len(cur) > 1 and (ch in NO_LINE_START or cur[-1][0] in NO_LINE_END):
                    i -= 1
                    ch = chars[i][0]
                    cur.pop()
                lines.append(cur)
                cur, used, limit = [], 0.0, width
                continue
            cur.append((ch, font, color))
            used += w
            i += 1
        if cur:
            lines.append(cur)
        out = []
        for chunk in lines:
            merged: list[Run] = []
            for ch, font, color in chunk:
                if merged and merged[-1].font == font and merged[-1].color == color:
                    merged[-1].text += ch
                else:
                    merged.append(Run(ch, font, color))
            out.append(merged)
        return out

    def paragraph(
        self,
        text: str | list[Run],
        *,
        indent: float = 2,
        hang: float = 0,
        font: str = SONG,
        size: float | None = None,
    ) -> list[tuple[int, float, float]]:
        """A paragraph wrapped at the right margin: first line indented by ``indent`` characters,
        the others by ``hang``; it breaks across pages. Returns (page, x0, x1) per line."""
        size = size or self.size
        runs = [Run(text, font)] if isinstance(text, str) else text
        s = self.size
        lines = self.wrap(runs, self.width - indent * s, self.width - hang * s, size)
        out = []
        for n, chunk in enumerate(lines):
            x0, x1 = self.line(chunk, indent=indent if n == 0 else hang, size=size)
            out.append((self.page, x0, x1))
        return out

    def title(self, text: str, *, size: float = 22.0, font: str = TITLE_FONT, per_line: int | None = None) -> None:
        """A centred title in a larger size, wrapped into lines of at most ``per_line`` characters."""
        per_line = per_line or int(self.width // size)
        parts = [text[i : i + per_line] for i in range(0, len(text), per_line)]
        for part in parts:
            self.line(part, align="center", font=font, size=size, advance=size * 1.6)
