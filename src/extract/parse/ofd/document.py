"""An OFD document's structure: its root, pages, page boxes, templates, annotations and signatures.

``OFD.xml`` names the document root (``DocBody/DocRoot``); the root lists its resources, template
pages and pages (each page's ``Content.xml``) in order. A page's own ``Area/PhysicalBox`` wins over the
document's ``PageArea``. Template pages named by a page are drawn under it (``ZOrder`` Background,
the default) or over it (Foreground). Stamp annotations, watermark pictures and the stamps of
digital signatures (``Signatures.xml`` → ``StampAnnot``) are where seals sit: they are recorded as
seals, and their content is not the page's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import check_deadline
from .graphics import MM, Drawing, Overdrawn, Walker
from .package import ROOT_PART, Package, kid, kids, local, numbers, path_kid, text_of
from .resources import Resources

# Pages larger than this (millimetres, either side) are not paper: a damaged or hostile box.
MAX_SIDE_MM = 5000.0
MIN_SIDE_MM = 1.0


@dataclass(slots=True)
class OfdPage:
    """One page: its number, size in points and what it paints (template content first)."""

    number: int
    width: float
    height: float
    drawing: Drawing
    seals: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Seal pictures kept inside a signature's seal file (SES), with the box they are stamped in (points).
    seal_pictures: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


@dataclass(slots=True)
class OfdDocument:
    info: dict[str, str]
    page_parts: list[tuple[str, str]]  # (page ID, Content.xml part)
    root_part: str
    root: Any
    resources: Resources
    templates: dict[str, str]  # template ID -> content part
    stamps: dict[str, list[tuple[float, float, float, float]]]  # page ID -> seal boxes (mm)
    pictures: dict[str, list[tuple[tuple[float, float, float, float], str]]]  # page ID -> (box mm, seal file)


def open_document(package: Package) -> OfdDocument:
    """The document's root part, its pages and resources (the pages' content is read later, one by one)."""
    ofd = package.xml(package.find(ROOT_PART) or ROOT_PART, "root part")
    body = kid(ofd, "DocBody")
    root_ref = text_of(path_kid(body, "DocRoot")) if body is not None else ""
    if not root_ref:
        raise package.error("the OFD.xml names no document (DocBody/DocRoot); the file is damaged")
    root_part = package.resolve(root_ref)
    root = package.xml(root_part, "document root")
    info = _doc_info(kid(body, "DocInfo"))
    common = kid(root, "CommonData")
    resources = Resources(package)
    templates: dict[str, str] = {}
    if common is not None:
        for name in ("PublicRes", "DocumentRes"):
            for ref in kids(common, name):
                if text_of(ref):
                    resources.load(package.resolve(text_of(ref), root_part))
        for tpl in kids(common, "TemplatePage"):
            if tpl.get("ID") and tpl.get("BaseLoc"):
                templates[tpl.get("ID")] = package.resolve(tpl.get("BaseLoc"), root_part)
    pages_el = kid(root, "Pages")
    parts = [
        (p.get("ID") or "", package.resolve(p.get("BaseLoc"), root_part))
        for p in (kids(pages_el, "Page") if pages_el is not None else [])
        if p.get("BaseLoc")
    ]
    stamps: dict[str, list[tuple[float, float, float, float]]] = {}
    pictures: dict[str, list[tuple[tuple[float, float, float, float], str]]] = {}
    _annotation_stamps(package, root, root_part, stamps)
    _signature_stamps(package, body, stamps, pictures)
    return OfdDocument(info, parts, root_part, root, resources, templates, stamps, pictures)


def _doc_info(element: Any | None) -> dict[str, str]:
    info: dict[str, str] = {}
    if element is None:
        return info
    for item in kids(element):
        name = local(item.tag)
        if name == "CustomDatas":
            for data in kids(item, "CustomData"):
                if (data.get("Name") or "").lower().endswith("producer") and text_of(data):
                    info["Producer"] = text_of(data)
        elif text_of(item):
            info[name] = text_of(item)
    return info


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    try:
        v = numbers(value)
    except ValueError:
        return None
    return (v[0], v[1], v[0] + v[2], v[1] + v[3]) if len(v) == 4 else None


def _annotation_stamps(package: Package, root: Any, root_part: str, out: dict[str, list]) -> None:
    """Stamp annotations, and watermark annotations that show a picture, by page ID."""
    ref = text_of(kid(root, "Annotations"))
    if not ref:
        return
    index_part = package.resolve(ref, root_part)
    if not package.has(index_part):
        return
    index = package.xml(index_part, "annotation list")
    for page in kids(index, "Page"):
        loc = text_of(kid(page, "FileLoc"))
        part = package.resolve(loc, index_part) if loc else ""
        if not part or not package.has(part):
            continue
        for annot in kids(package.xml(part, "annotation"), "Annot"):
            kind = (annot.get("Type") or "").lower()
            if (annot.get("Subtype") or kind).lower() not in (kind, "stamp", "watermark", "signature"):
                continue  # a free-text note made with the stamp tool is a note, not a seal
            look = kid(annot, "Appearance")
            pictured = look is not None and any(True for _ in kids(look, "ImageObject"))
            if kind == "stamp" or (kind == "watermark" and pictured):
                box = _box(look.get("Boundary") if look is not None else None)
                if box:
                    out.setdefault(page.get("PageID") or "", []).append(box)


def _signature_stamps(package: Package, body: Any | None, out: dict[str, list], pictures: dict[str, list]) -> None:
    """Where digital signatures place their seal picture (``StampAnnot``), by page ID; and the seal
    file holding the picture (``Seal/BaseLoc``), for drawing it."""
    ref = text_of(kid(body, "Signatures")) if body is not None else ""
    if not ref:
        return
    index_part = package.resolve(ref)
    if not package.has(index_part):
        return
    for sign in kids(package.xml(index_part, "signature list"), "Signature"):
        if not sign.get("BaseLoc"):
            continue
        part = package.resolve(sign.get("BaseLoc"), index_part)
        if not package.has(part):
            continue
        info = kid(package.xml(part, "signature"), "SignedInfo")
        seal_ref = text_of(path_kid(info, "Seal", "BaseLoc")) if info is not None else ""
        seal_file = package.resolve(seal_ref, part) if seal_ref else ""
        for stamp in kids(info, "StampAnnot") if info is not None else []:
            box = _box(stamp.get("Boundary"))
            if box:
                out.setdefault(stamp.get("PageRef") or "", []).append(box)
                if seal_file and package.has(seal_file):
                    pictures.setdefault(stamp.get("PageRef") or "", []).append((box, seal_file))


def page_box(package: Package, doc: OfdDocument, page: Any, number: int) -> tuple[float, float, float, float]:
    """The page's physical box in millimetres (x, y, width, height): its own, else the document's."""
    own = path_kid(page, "Area", "PhysicalBox")
    common = path_kid(doc.root, "CommonData", "PageArea", "PhysicalBox")
    value = text_of(own) or text_of(common)
    try:
        box = numbers(value)
    except ValueError:
        box = []
    if len(box) != 4:
        raise package.error(f"page {number} has no readable page box (PhysicalBox); the file is damaged")
    x, y, w, h = box
    if not (MIN_SIDE_MM <= w <= MAX_SIDE_MM and MIN_SIDE_MM <= h <= MAX_SIDE_MM):
        raise package.error(f"page {number} has an impossible size ({w:g} × {h:g} mm); the file is damaged")
    return x, y, w, h


def read_page(package: Package, doc: OfdDocument, index: int) -> OfdPage:
    """Page ``index`` (0-based) with its templates, in points."""
    check_deadline()
    page_id, part = doc.page_parts[index]
    number = index + 1
    page = package.xml(part, f"page {number} content")
    x, y, w, h = page_box(package, doc, page, number)
    to_page = (MM, 0.0, 0.0, MM, -x * MM, -y * MM)
    walker = Walker(doc.resources, to_page, h * MM)
    for ref in kids(page, "PageRes"):
        if text_of(ref):
            doc.resources.load(package.resolve(text_of(ref), part))
    below, above = [], []
    for tpl in kids(page, "Template"):
        content = doc.templates.get(tpl.get("TemplateID") or "")
        if content and package.has(content):
            (above if (tpl.get("ZOrder") or "").lower() == "foreground" else below).append(content)
    for content in below:
        _draw(package, walker, content, "template")
    _draw_content(walker, page)
    for content in above:
        _draw(package, walker, content, "template")
    seals = [
        (x0 * MM - x * MM, y0 * MM - y * MM, x1 * MM - x * MM, y1 * MM - y * MM)
        for x0, y0, x1, y1 in doc.stamps.get(page_id, [])
    ]
    pictures = [
        ((x0 * MM - x * MM, y0 * MM - y * MM, x1 * MM - x * MM, y1 * MM - y * MM), seal_file)
        for (x0, y0, x1, y1), seal_file in doc.pictures.get(page_id, [])
    ]
    return OfdPage(number, w * MM, h * MM, walker.out, seals, pictures)


def _draw(package: Package, walker: Walker, part: str, what: str) -> None:
    _draw_content(walker, package.xml(part, what))


def _draw_content(walker: Walker, page: Any) -> None:
    content = kid(page, "Content")
    for layer in kids(content, "Layer") if content is not None else []:
        walker.layer(layer)


def read_pages(package: Package, max_pages: int | None = None) -> tuple[dict[str, str], list[OfdPage]]:
    """The document's information and its pages placed on paper (refused over ``max_pages``)."""
    try:
        doc = open_document(package)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise package.error(
            f"the OFD's document structure cannot be read ({type(exc).__name__}); the file is damaged"
        ) from None
    count = len(doc.page_parts)
    if not count:
        raise package.error("the OFD document has no pages")
    if max_pages and count > max_pages:
        raise package.error(
            f"the OFD has {count} pages, more than the limit of {max_pages} (--max-pages);"
            " raise --max-pages to read it anyway"
        )
    pages = []
    for index in range(count):
        try:
            pages.append(read_page(package, doc, index))
        except Overdrawn as exc:
            raise package.error(f"page {index + 1} cannot be read: {exc}; the file is damaged or hostile") from None
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise package.error(
                f"page {index + 1} cannot be read ({type(exc).__name__}: a number or reference is malformed);"
                " the file is damaged"
            ) from None
    return doc.info, pages
