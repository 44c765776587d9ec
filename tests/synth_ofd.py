"""Build OFD files (GB/T 33190) for tests: ZIP archives of XML strings, and one layout as both PDF and OFD.

:func:`package` writes any set of parts; :func:`simple_ofd` wraps page content in the usual
``OFD.xml`` → ``Doc_0/Document.xml`` → ``Pages/Page_N/Content.xml`` frame. A :class:`Layout` (runs of
text at given places, rules) is written as a PDF with reportlab and as an OFD, so the two readers can
be held to the same page model: the PDF's font is STSong's glyphs under the name and metrics of
SimSun (descent 0.141 em), which is what the OFD reader assumes of a font the package does not embed.
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

NS = "http://www.ofdspec.org/2016"
MM = 72 / 25.4
FONT = "SimSun"


def package(path: Path, parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def ofd_xml(doc_root: str = "Doc_0/Document.xml", title: str | None = None, extra: str = "", ns: str = NS) -> str:
    info = f"<ofd:DocInfo><ofd:DocID>x</ofd:DocID>{f'<ofd:Title>{title}</ofd:Title>' if title else ''}</ofd:DocInfo>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{ns}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody>{info}<ofd:DocRoot>{doc_root}</ofd:DocRoot>{extra}</ofd:DocBody></ofd:OFD>"
    )


def document_xml(pages: int = 1, box: str | None = "0 0 210 297", common: str = "", extra: str = "",
                 ns: str = NS, base: str = "Pages/Page_{i}/Content.xml") -> str:
    area = f"<ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:PageArea>" if box else ""
    page_list = "".join(f'<ofd:Page ID="{100 + i}" BaseLoc="{base.format(i=i)}"/>' for i in range(pages))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{ns}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>999</ofd:MaxUnitID>{area}<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{common}"
        f"</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages>{extra}</ofd:Document>"
    )


def res_xml(fonts: dict[str, str] | None = None, body: str = "", ns: str = NS, base: str = "Res") -> str:
    fonts = fonts if fonts is not None else {"1": FONT}
    font_list = "".join(f'<ofd:Font ID="{k}" FontName="{v}"/>' for k, v in fonts.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{ns}" BaseLoc="{base}">'
        f"<ofd:Fonts>{font_list}</ofd:Fonts>{body}</ofd:Res>"
    )


def page_xml(content: str, box: str | None = None, ns: str = NS, before: str = "") -> str:
    area = f"<ofd:Area><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:Area>" if box else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{ns}">{area}{before}'
        f'<ofd:Content><ofd:Layer ID="2">{content}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def text_object(text: str, x: float, y: float, size: float = 5.6, font: str = "1", colour: str | None = None,
                delta: str | None = None, attrs: str = "", oid: int = 10) -> str:
    """A TextObject whose baseline starts at (x, y) mm: Boundary at the origin of the line's box."""
    fill = f'<ofd:FillColor Value="{colour}"/>' if colour else ""
    dx = delta if delta is not None else " ".join([f"{size:g}"] * (len(text) - 1))
    dx_attr = f' DeltaX="{dx}"' if dx else ""
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:.6f} {y - size:.6f} {size * len(text):.6f} {size * 1.2:.6f}"'
        f' Font="{font}" Size="{size:.6f}"{attrs}>{fill}'
        f'<ofd:TextCode X="0" Y="{size:.6f}"{dx_attr}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def path_object(data: str, boundary: str, stroke: bool = True, fill: bool = False, width: float = 0.35,
                colour: str = "0 0 0", attrs: str = "") -> str:
    tag = "FillColor" if fill and not stroke else "StrokeColor"
    return (
        f'<ofd:PathObject ID="50" Boundary="{boundary}" Stroke="{str(stroke).lower()}" Fill="{str(fill).lower()}"'
        f' LineWidth="{width:g}"{attrs}><ofd:{tag} Value="{colour}"/>'
        f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def simple_ofd(path: Path, contents: list[str], res: str | None = None, doc: str | None = None,
               ofd: str | None = None, extra_parts: dict[str, str | bytes] | None = None) -> Path:
    """An OFD of one page per content string (each a page's Content.xml, or a layer's objects)."""
    parts: dict[str, str | bytes] = {
        "OFD.xml": ofd or ofd_xml(),
        "Doc_0/Document.xml": doc or document_xml(len(contents)),
        "Doc_0/PublicRes.xml": res or res_xml(),
    }
    for i, content in enumerate(contents):
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = content if content.startswith("<?xml") else page_xml(content)
    parts.update(extra_parts or {})
    return package(path, parts)


# ---- one layout, two formats -------------------------------------------------------------------


@dataclass
class Run:
    text: str
    x: float  # points from the left edge
    baseline: float  # points from the top edge
    size: float = 16.0
    colour: tuple[int, int, int] = (0, 0, 0)


@dataclass
class Rule:
    x0: float
    y: float
    x1: float
    width: float = 1.0
    colour: tuple[int, int, int] = (0, 0, 0)


@dataclass
class Layout:
    """Pages of text runs and horizontal rules, in points from the top-left corner of an A4 page."""

    pages: list[list[Run | Rule]] = field(default_factory=list)
    width: float = 210 * MM
    height: float = 297 * MM


def _advance(ch: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(ch, FONT, size)


def register_simsun() -> None:
    """STSong's glyphs registered as SimSun with SimSun's vertical metrics (descent 36/256 em)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase._cidfontdata import CIDFontInfo
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont, structToPDF

    if FONT in pdfmetrics.getRegisteredFontNames():
        return

    class SimSun(UnicodeCIDFont):
        def __init__(self) -> None:
            super().__init__("STSong-Light")
            self.name = self.fontName = FONT

        def addObjects(self, doc):  # noqa: N802, ANN001, ANN202 (reportlab's name)
            internal = "F" + repr(len(doc.fontMapping) + 1)
            info = copy.deepcopy(CIDFontInfo["STSong-Light"])
            info["BaseFont"] = "/" + FONT
            descriptor = info["DescendantFonts"][0]["FontDescriptor"]
            info["DescendantFonts"][0]["BaseFont"] = "/" + FONT
            descriptor.update({"FontName": "/" + FONT, "Ascent": 859, "Descent": -141})
            info["Name"] = "/" + internal
            info["Encoding"] = "/" + self.encodingName
            ref = doc.Reference(structToPDF(info), internal)
            doc.idToObject["BasicFonts"].dict[internal] = ref
            doc.fontMapping[self.name] = "/" + internal

    pdfmetrics.registerFont(SimSun())


def layout_pdf(layout: Layout, path: Path) -> Path:
    from reportlab.pdfgen import canvas

    register_simsun()
    c = canvas.Canvas(str(path), pagesize=(layout.width, layout.height))
    for items in layout.pages:
        for item in items:
            r, g, b = (v / 255 for v in item.colour)
            if isinstance(item, Run):
                c.setFillColorRGB(r, g, b)
                c.setFont(FONT, item.size)
                c.drawString(item.x, layout.height - item.baseline, item.text)
            else:
                c.setStrokeColorRGB(r, g, b)
                c.setLineWidth(item.width)
                c.line(item.x0, layout.height - item.y, item.x1, layout.height - item.y)
        c.showPage()
    c.save()
    return path


def layout_ofd(layout: Layout, path: Path) -> Path:
    register_simsun()
    contents = []
    for items in layout.pages:
        objects = []
        for i, item in enumerate(items):
            colour = " ".join(str(v) for v in item.colour)
            if isinstance(item, Run):
                size = item.size / MM
                deltas = " ".join(f"{_advance(ch, item.size) / MM:.6f}" for ch in item.text[:-1])
                objects.append(
                    text_object(item.text, item.x / MM, item.baseline / MM, size, colour=colour, delta=deltas, oid=i)
                )
            else:
                length = (item.x1 - item.x0) / MM
                boundary = f"{item.x0 / MM:.6f} {item.y / MM:.6f} {length:.6f} 0"
                objects.append(path_object(f"M 0 0 L {length:.6f} 0", boundary, width=item.width / MM, colour=colour))
        contents.append(page_xml("".join(objects)))
    return simple_ofd(path, contents)
