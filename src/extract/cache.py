"""Stage cache: the parse stage's model saved as JSON, keyed by input hash and stage code version.

The pipeline serves stages from it (:mod:`extract.pipeline`); it sits beside the
pipeline, above the stages, because its keys name the stages' code.

Parsing is by far the costliest stage; with its result cached, a change to the
normalization, structure, table or export code reruns in a fraction of the time.
The cache is plain JSON written by this program (never pickle), so a tampered
cache file can at worst fail to load, in which case the PDF is parsed again.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import orjson

from .model import Box, Cell, Line, Page, PageImage, ParsedDocument, Ruling, Seal, SourceInfo, Span, Table, to_jsonable

# The code that decides what the cached parse produces: the parse stage, and the finding of tables
# without rules, which the pipeline runs on the parsed pages before they are stored (a folder
# stands for every module in it).
PARSE_MODULES = (
    "parse/",
    "model.py",
    "errors.py",
    "cache.py",
    "tables/text_aligned.py",
    "tables/aligned_header.py",
    "tables/header.py",
    "tables/fragments.py",
    "tables/grid.py",
    "tables/row_break.py",
    "tables/__init__.py",
    "normalize/scripts.py",
    "data/table_headers.json",
)
FORMAT = 2


# The modules and data whose content decides what the enrichment stage produces.
ENRICH_MODULES = (
    "enrich/",
    "data/userdict.txt",
    "data/stopwords.txt",
    "data/quantities.json",
)


@lru_cache(maxsize=1)
def parse_stage_version() -> str:
    return code_version(
        PARSE_MODULES,
        # OCR's pixels go through OpenCV and NumPy: another release may read a scan otherwise
        (
            "pdfplumber", "pdfminer.six", "pypdfium2", "rapidocr-onnxruntime", "onnxruntime", "lxml", "pillow",
            "opencv-python", "opencv-python-headless", "numpy",
        ),
    )


@lru_cache(maxsize=1)
def enrich_stage_version() -> str:
    return code_version(ENRICH_MODULES, ("jieba",))


def code_version(modules: tuple[str, ...], packages: tuple[str, ...]) -> str:
    """A digest of a stage's own source files and the versions of the libraries it relies on."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    here = Path(__file__).parent
    for name in modules:
        # a folder stands for every module under it, its sub-packages included
        files = sorted((here / name).rglob("*.py")) if name.endswith("/") else [here / name]
        for path in files:
            digest.update(path.relative_to(here).as_posix().encode())
            digest.update(path.read_bytes())
    for dist in packages:
        # An installed release is named by its .dist-info folder; listing it avoids importing
        # importlib.metadata or the library itself.
        digest.update(" ".join(_dist_info(dist)).encode())
    return digest.hexdigest()[:16]


def _dist_info(dist: str) -> list[str]:
    """The ``.dist-info`` folder names of a distribution, found beside the package it installs."""
    import os

    imported_as = {
        "pdfminer.six": "pdfminer", "rapidocr-onnxruntime": "rapidocr_onnxruntime", "pillow": "PIL",
        "opencv-python": "cv2", "opencv-python-headless": "cv2",
    }
    package = imported_as.get(dist, dist)
    prefix = re.sub(r"[-_.]+", "_", dist).lower() + "-"
    try:
        spec = find_spec(package)
        if spec is None or not spec.origin:
            return []
        site = Path(spec.origin).parent.parent
        return sorted(n for n in os.listdir(site) if n.lower().startswith(prefix) and n.endswith(".dist-info"))
    except (ImportError, OSError, ValueError):
        return []


def cache_path(cache_dir: Path, sha256: str, ocr: str = "auto") -> Path:
    """The entry of one input; ``--ocr always`` and ``never`` read other pages and keep entries of their own."""
    mode = "" if ocr == "auto" else f"ocr-{ocr}-"
    return cache_dir / f"parse-{sha256[:24]}-{mode}{parse_stage_version()}.json"


def _box(v: list[float] | None) -> Box | None:
    return None if v is None else Box(*v)


def _boxes(flat: list[float]) -> list[Box]:
    """Character boxes stored as one flat list of coordinates (a quarter of the JSON objects)."""
    return [Box(*flat[i : i + 4]) for i in range(0, len(flat), 4)]


def _flatten_char_boxes(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: [c for box in v for c in box] if k == "char_boxes" else _flatten_char_boxes(v) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_flatten_char_boxes(v) for v in node]
    return node


def _line(d: dict[str, Any]) -> Line:
    return Line(
        page=d["page"],
        text=d["text"],
        box=Box(*d["box"]),
        spans=[Span(**s) for s in d["spans"]],
        char_boxes=_boxes(d["char_boxes"]),
        inserted_spaces=frozenset(d["inserted_spaces"]),
        furniture=d.get("furniture"),
        trailing_space=_box(d.get("trailing_space")),
        column=d.get("column"),
        origin=d.get("origin"),
        confidence=d.get("confidence"),
    )


def _page(d: dict[str, Any]) -> Page:
    tables = [
        Table(
            page=t["page"],
            box=Box(*t["box"]),
            rows=[
                [None if c is None else Cell(c["row"], c["col"], Box(*c["box"]), [_line(x) for x in c["lines"]])
                 for c in row]
                for row in t["rows"]
            ],
            notes=[_line(x) for x in t.get("notes", [])],
        )
        for t in d["tables"]
    ]
    return Page(
        number=d["number"],
        width=d["width"],
        height=d["height"],
        lines=[_line(x) for x in d["lines"]],
        furniture=[_line(x) for x in d["furniture"]],
        rulings=[Ruling(Box(*r["box"]), r["width"], r["color"]) for r in d["rulings"]],
        tables=tables,
        image_share=d.get("image_share", 0.0),
        images=[
            PageImage(Box(*i["box"]), i["pixel_width"], i["pixel_height"], i["dpi_x"], i["dpi_y"])
            for i in d.get("images", [])
        ],
        no_usable_text=d.get("no_usable_text", False),
        ocr=d.get("ocr", False),
        rotation=d.get("rotation", 0),
        tilt=d.get("tilt", 0.0),
        unread_outlines=d.get("unread_outlines", 0),
        ocr_dpi=d.get("ocr_dpi", 0.0),
        ocr_native=d.get("ocr_native", False),
        sheet=tuple((float(x), float(y)) for x, y in d["sheet"]) if d.get("sheet") else None,
    )


def from_jsonable(data: dict[str, Any]) -> ParsedDocument:
    return ParsedDocument(
        source=SourceInfo(**data["source"]),
        pages=[_page(p) for p in data["pages"]],
        seals=[Seal(s["page"], Box(*s["box"])) for s in data.get("seals", [])],
        engine=data.get("engine"),
        engine_reason=data.get("engine_reason"),
    )


def load(cache_dir: Path, sha256: str, ocr: str = "auto") -> ParsedDocument | None:
    path = cache_path(cache_dir, sha256, ocr)
    try:
        data = orjson.loads(path.read_bytes())
        return from_jsonable(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir: Path, doc: ParsedDocument, ocr: str = "auto") -> None:
    # Full precision: a cached parse must give the very same outputs as a fresh one.
    write_json(cache_path(cache_dir, doc.source.sha256, ocr), to_cache_json(doc))


def to_cache_json(doc: ParsedDocument) -> dict[str, Any]:
    """The parse model as the cache stores it; :func:`from_jsonable` reads it back."""
    return _flatten_char_boxes(to_jsonable(doc, ndigits=None))


def write_json(target: Path, data: Any) -> None:
    """Write atomically, so a reader never sees half a cache file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps(data))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any | None:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
