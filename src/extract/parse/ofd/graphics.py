"""A page's content objects, in painting order, placed on the page in points (origin top-left).

Each graphic object is placed by its ``Boundary`` origin and its ``CTM``: a point ``p`` of the object
lies at ``Boundary.origin + CTM·p`` in its parent's space (millimetres on the page, or the space of a
composite unit). Glyphs are not clipped to their Boundary: producers set it too tight. Text: a
``TextCode``'s glyphs start at its X/Y (inherited from where the previous run ended when absent) and
advance by ``DeltaX``/``DeltaY`` (``g N v`` repeats v N times); ``Size`` is scaled by the CTM, so
``Size="1"`` with the real size in the CTM comes out right. PageBlocks nest; a CompositeObject
draws the unit it names (``DocumentRes.xml``) in its own space.

The result is what the page model and the renderer need: glyph dicts with the keys the shared line
code reads (as pdfplumber would give them), path dicts with their subpaths, and image boxes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .package import kid, kids, local, num, numbers
from .resources import BLACK, Colour, Resources

MM = 72 / 25.4
# Glyph boxes of a font the package does not embed (most OFD files): an em box that sits this far
# below the baseline, as SimSun's (the font most 公文 are set in: descent 36/256 em), the rest above.
DESCENT = 0.141
# Advance of a glyph without a DeltaX: a full em for wide (CJK) characters, half for the rest.
NARROW = 0.5
# Composite units may name each other; deeper nesting than this is a loop.
MAX_DEPTH = 8
# Composite units drawing each other many times over multiply like entities: a page draws no more.
MAX_OBJECTS = 300_000
# The standard's default line width (mm).
LINE_WIDTH = 0.353
CURVE_STEPS = 8

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(slots=True)
class PathShape:
    """A path on the page: its subpaths (points in page points), how it is painted."""

    subpaths: list[list[tuple[float, float]]]
    closed: list[bool]
    stroke: bool
    fill: bool
    stroke_colour: Colour
    fill_colour: Colour
    stroke_alpha: float
    fill_alpha: float
    line_width: float  # points
    even_odd: bool = False
    box: tuple[float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        xs = [x for sub in self.subpaths for x, _ in sub]
        ys = [y for sub in self.subpaths for _, y in sub]
        self.box = (min(xs), min(ys), max(xs), max(ys))


@dataclass(slots=True)
class ImageShape:
    """An image on the page: the part holding it and the corners of its unit square (page points)."""

    part: str | None
    corners: list[tuple[float, float]]

    @property
    def box(self) -> tuple[float, float, float, float]:
        xs = [x for x, _ in self.corners]
        ys = [y for _, y in self.corners]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(slots=True)
class Drawing:
    """What a page paints, in order: glyphs, paths and images (each list in painting order, and
    ``order`` interleaving them as ("glyph"|"path"|"image", index))."""

    glyphs: list[dict] = field(default_factory=list)
    paths: list[PathShape] = field(default_factory=list)
    images: list[ImageShape] = field(default_factory=list)
    order: list[tuple[str, int]] = field(default_factory=list)


def _matrix(element: Any, parent: Matrix) -> Matrix:
    """The object's own matrix (CTM, then its Boundary origin) composed with its parent's."""
    box = numbers(element.get("Boundary"))
    ctm = numbers(element.get("CTM"))
    own = tuple(ctm) if len(ctm) == 6 else IDENTITY
    bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    own = (own[0], own[1], own[2], own[3], own[4] + bx, own[5] + by)
    return multiply(own, parent)  # type: ignore[arg-type]


def _scale(m: Matrix) -> float:
    """How much the matrix stretches lengths along y (a glyph's size)."""
    return float((m[2] ** 2 + m[3] ** 2) ** 0.5)


def _deltas(value: str | None, limit: int) -> list[float]:
    """DeltaX/DeltaY values with ``g N v`` groups expanded, no more than ``limit`` (the glyphs there are)."""
    if not value:
        return []
    out: list[float] = []
    tokens = value.split()
    i = 0
    while i < len(tokens) and len(out) < limit:
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([num(tokens[i + 2])] * max(0, min(int(num(tokens[i + 1])), limit - len(out))))
            i += 3
        else:
            out.append(num(tokens[i]))
            i += 1
    return out


def _advance(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else NARROW


class Overdrawn(ValueError):
    """A page draws more objects than any document (composite units naming each other in a fan)."""


BOLD_WEIGHT = 700
BOLD_NAME = re.compile(r"bold|heavy|black|黑", re.IGNORECASE)


class Walker:
    """Reads content objects into a :class:`Drawing`; ``to_page`` maps millimetres on the page to points."""

    def __init__(self, resources: Resources, to_page: Matrix, height: float) -> None:
        self.res = resources
        self.to_page = to_page
        self.height = height  # page height in points, for the glyphs' PDF-style text matrix
        self.out = Drawing()
        self.count = 0

    def layer(self, layer: Any, depth: int = 0) -> None:
        self.objects(layer, self.to_page, layer.get("DrawParam"), depth)

    def objects(self, parent: Any, m: Matrix, draw_param: str | None, depth: int) -> None:
        for obj in kids(parent):
            self.count += 1
            if self.count > MAX_OBJECTS:
                raise Overdrawn(f"it draws more than {MAX_OBJECTS:,} objects (composite units naming each other?)")
            name = local(obj.tag)
            if name == "TextObject":
                self.text(obj, m, draw_param)
            elif name == "PathObject":
                self.path(obj, m, draw_param)
            elif name == "ImageObject":
                self.image(obj, m)
            elif name == "PageBlock":
                self.objects(obj, m, draw_param, depth)
            elif name == "CompositeObject" and depth < MAX_DEPTH:
                unit = self.res.units.get(obj.get("ResourceID") or "")
                content = kid(unit, "Content") if unit is not None else None
                if content is not None:
                    self.objects(content, _matrix(obj, m), draw_param, depth + 1)

    # ---- text ----------------------------------------------------------------------------

    def text(self, obj: Any, parent: Matrix, draw_param: str | None) -> None:
        m = _matrix(obj, parent)
        param = self.res.draw_param(obj.get("DrawParam") or draw_param)
        fill = obj.get("Fill", "true") != "false"
        element = kid(obj, "FillColor") if fill else kid(obj, "StrokeColor")
        element = element if element is not None else (param.fill if fill else param.stroke)
        colour, _ = self.res.colour(element, BLACK)
        size = num(obj.get("Size") or "0")
        hscale = num(obj.get("HScale") or "1")
        font = self.res.fonts.get(obj.get("Font") or "", "")
        weight = int(num(obj.get("Weight") or "400"))
        if weight >= BOLD_WEIGHT and not BOLD_NAME.search(font):
            font = f"{font},Bold"
        pt_size = size * _scale(m)
        x = y = 0.0
        for code in kids(obj, "TextCode"):
            text = code.text or ""
            x = num(code.get("X")) if code.get("X") is not None else x
            y = num(code.get("Y")) if code.get("Y") is not None else y
            dx, dy = _deltas(code.get("DeltaX"), len(text)), _deltas(code.get("DeltaY"), len(text))
            for i, ch in enumerate(text):
                own = _advance(ch) * size * hscale
                step = dx[i] if i < len(dx) else own
                # The advance says how wide the glyph is, up to an em: punctuation of ambiguous width
                # (“ ” · —) is set full-width in Chinese text; a wider step is letter-spacing.
                width = min(step, size * hscale) if 0 < step else own
                self._glyph(ch, m, x, y, width, size, pt_size, font, colour)
                if i < len(text) - 1:
                    x += step
                    y += dy[i] if i < len(dy) else 0.0
                else:  # the next run starts where this one's last glyph ends
                    x += own

    def _glyph(
        self, ch: str, m: Matrix, x: float, y: float, width: float, size: float, pt_size: float, font: str,
        colour: Colour,
    ) -> None:
        corners = [
            apply(m, x, y - (1 - DESCENT) * size),
            apply(m, x + width, y - (1 - DESCENT) * size),
            apply(m, x, y + DESCENT * size),
            apply(m, x + width, y + DESCENT * size),
        ]
        ox, oy = apply(m, x, y)
        ax, ay = apply(m, x + 1.0, y)
        dirx, diry = ax - ox, ay - oy
        upright = dirx > 0 and abs(diry) < 1e-6 * max(abs(dirx), 1e-9)
        xs = [p[0] for p in corners]
        ys = [p[1] for p in corners]
        top = min(ys)
        self.out.order.append(("glyph", len(self.out.glyphs)))
        self.out.glyphs.append(
            {
                "text": ch,
                "x0": min(xs),
                "x1": max(xs),
                "top": top,
                "bottom": max(ys),
                "doctop": top,
                "fontname": font,
                "size": pt_size,
                "upright": upright,
                # the text matrix as a PDF would give it (y up): the shared line code reads the
                # baseline's direction and origin from it
                "matrix": (dirx, -diry, 0.0, 0.0, ox, self.height - oy),
                "baseline": oy,
                "non_stroking_color": colour,
                "stroking_color": colour,
            }
        )

    # ---- paths and images ----------------------------------------------------------------

    def path(self, obj: Any, parent: Matrix, draw_param: str | None) -> None:
        m = _matrix(obj, parent)
        subpaths, closed = _outline(kid(obj, "AbbreviatedData"))
        if not subpaths:
            return
        param = self.res.draw_param(obj.get("DrawParam") or draw_param)
        stroke_el = kid(obj, "StrokeColor")
        fill_el = kid(obj, "FillColor")
        stroke_colour, stroke_alpha = self.res.colour(stroke_el if stroke_el is not None else param.stroke)
        fill_colour, fill_alpha = self.res.colour(fill_el if fill_el is not None else param.fill)
        alpha = max(0.0, min(1.0, num(obj.get("Alpha") or "255") / 255))
        width = obj.get("LineWidth")
        line_width = num(width) if width is not None else (param.line_width or LINE_WIDTH)
        placed = [[apply(m, x, y) for x, y in sub] for sub in subpaths]
        shape = PathShape(
            placed,
            closed,
            stroke=obj.get("Stroke", "true") != "false",
            fill=obj.get("Fill", "false") == "true",
            stroke_colour=stroke_colour,
            fill_colour=fill_colour,
            stroke_alpha=stroke_alpha * alpha,
            fill_alpha=fill_alpha * alpha,
            line_width=line_width * _scale(m),
            even_odd=(obj.get("Rule") or "").lower() == "even-odd",
        )
        self.out.order.append(("path", len(self.out.paths)))
        self.out.paths.append(shape)

    def image(self, obj: Any, parent: Matrix) -> None:
        m = _matrix(obj, parent)
        corners = [apply(m, x, y) for x, y in ((0, 0), (1, 0), (1, 1), (0, 1))]
        self.out.order.append(("image", len(self.out.images)))
        self.out.images.append(ImageShape(self.res.media.get(obj.get("ResourceID") or ""), corners))


def _outline(data: Any | None) -> tuple[list[list[tuple[float, float]]], list[bool]]:
    """AbbreviatedData as subpaths of points (curves flattened), and whether each is closed."""
    if data is None or not data.text:
        return [], []
    tokens = data.text.split()
    subs: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    cur: list[tuple[float, float]] = []
    i = 0

    def take(n: int) -> list[float]:
        nonlocal i
        values = [num(v) for v in tokens[i + 1 : i + 1 + n]]
        i += 1 + n
        if len(values) < n:
            raise ValueError("short path operator")
        return values

    try:
        while i < len(tokens):
            op = tokens[i]
            if op in ("M", "S"):
                if len(cur) > 1:
                    subs.append(cur)
                    closed.append(False)
                x, y = take(2)
                cur = [(x, y)]
            elif op == "L":
                x, y = take(2)
                cur.append((x, y))
            elif op in ("B", "Q"):
                values = take(6 if op == "B" else 4)
                start = cur[-1] if cur else (values[0], values[1])
                cur.extend(_bezier(start, values))
            elif op == "A":
                values = take(7)
                cur.append((values[5], values[6]))
            elif op == "C":
                i += 1
                if len(cur) > 1:
                    subs.append(cur)
                    closed.append(True)
                    cur = [cur[0]]
            else:
                i += 1  # an unknown operator or a stray number: skipped, as readers do
    except ValueError:
        pass
    if len(cur) > 1:
        subs.append(cur)
        closed.append(False)
    return subs, closed


def _bezier(start: tuple[float, float], values: list[float]) -> list[tuple[float, float]]:
    pts = [start, *zip(values[0::2], values[1::2], strict=False)]
    out = []
    for step in range(1, CURVE_STEPS + 1):
        t = step / CURVE_STEPS
        level = list(pts)
        while len(level) > 1:
            pairs = zip(level, level[1:], strict=False)
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in pairs]
        out.append(level[0])
    return out
