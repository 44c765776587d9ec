"""An OFD document's resources by ID: fonts, colour spaces, drawing parameters, images, composite units.

``PublicRes.xml`` and ``DocumentRes.xml`` (and a page's own ``PageRes``) each list resources under a
``BaseLoc`` folder; IDs are unique across the document, so one table serves them all. Colours are
read here too: ``Value`` holds one number per component of the colour space (Gray 1, RGB 3,
CMYK 4; 0–255 by default), written as decimals or as hex (``#ee #20 #25``, as iOFD writes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .package import Package, kids, local, num

# A colour in pdfminer's terms (components 0–1: gray, RGB or CMYK), which the shared line code reads.
Colour = tuple[float, ...]
BLACK: Colour = (0.0,)
COMPONENTS = {"GRAY": 1, "RGB": 3, "CMYK": 4}


@dataclass(slots=True)
class DrawParam:
    line_width: float | None = None
    fill: Any | None = None  # FillColor element
    stroke: Any | None = None  # StrokeColor element
    relative: str | None = None


@dataclass(slots=True)
class Resources:
    """Every resource of a document, found by ID."""

    package: Package
    fonts: dict[str, str] = field(default_factory=dict)  # ID -> font name
    colour_spaces: dict[str, tuple[str, int]] = field(default_factory=dict)  # ID -> (type, bits)
    draw_params: dict[str, DrawParam] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)  # ID -> part name of the image
    units: dict[str, Any] = field(default_factory=dict)  # ID -> CompositeGraphicUnit element

    def load(self, part: str) -> None:
        """Add the resources listed in the part ``part`` (a ``Res`` root)."""
        root = self.package.xml(part, "resource list")
        base = root.get("BaseLoc") or ""
        # media files are named relative to the BaseLoc folder: a name inside it anchors them
        anchor = self.package.resolve(base.rstrip("/") + "/_", part) if base else part
        for group in kids(root):
            for item in kids(group):
                ident = item.get("ID")
                if not ident:
                    continue
                name = local(item.tag)
                if name == "Font":
                    self.fonts[ident] = item.get("FontName") or item.get("FamilyName") or ""
                elif name == "ColorSpace":
                    kind = (item.get("Type") or "RGB").upper()
                    bits = item.get("BitsPerComponent") or "8"
                    self.colour_spaces[ident] = (kind, int(bits) if bits in ("1", "2", "4", "8", "16") else 8)
                elif name == "DrawParam":
                    self.draw_params[ident] = _draw_param(item)
                elif name == "MultiMedia":
                    media = next(kids(item, "MediaFile"), None)
                    if media is not None and media.text:
                        self.media[ident] = self.package.resolve(media.text, anchor)
                elif name == "CompositeGraphicUnit":
                    self.units[ident] = item

    # ---- colours and drawing parameters ---------------------------------------------------------

    def colour(self, element: Any | None, default: Colour = BLACK) -> tuple[Colour, float]:
        """A ``FillColor``/``StrokeColor`` element as (colour, alpha 0–1); ``default`` when absent or unreadable."""
        if element is None:
            return default, 1.0
        alpha = _alpha(element.get("Alpha"))
        raw = (element.get("Value") or "").split()
        if not raw:
            return default, alpha
        try:
            values = [int(v[1:], 16) if v.startswith("#") else num(v) for v in raw]
        except ValueError:
            return default, alpha
        kind, bits = self.colour_spaces.get(element.get("ColorSpace") or "", ("", 8))
        want = COMPONENTS.get(kind) or (len(values) if len(values) in (1, 3, 4) else 3)
        if len(values) < want:
            return default, alpha
        top = float((1 << bits) - 1) or 255.0
        return tuple(max(0.0, min(1.0, v / top)) for v in values[:want]), alpha

    def draw_param(self, ident: str | None) -> DrawParam:
        """A drawing parameter with what it inherits from its ``Relative`` filled in."""
        out = DrawParam()
        seen: set[str] = set()
        while ident and ident in self.draw_params and ident not in seen:
            seen.add(ident)
            param = self.draw_params[ident]
            out.line_width = out.line_width if out.line_width is not None else param.line_width
            out.fill = out.fill if out.fill is not None else param.fill
            out.stroke = out.stroke if out.stroke is not None else param.stroke
            ident = param.relative
        return out


def _alpha(value: str | None) -> float:
    try:
        return max(0.0, min(1.0, num(value) / 255.0)) if value is not None else 1.0
    except ValueError:
        return 1.0


def _draw_param(item: Any) -> DrawParam:
    width = item.get("LineWidth")
    try:
        line_width = num(width) if width is not None else None
    except ValueError:
        line_width = None
    return DrawParam(line_width, next(kids(item, "FillColor"), None), next(kids(item, "StrokeColor"), None),
                     item.get("Relative"))
