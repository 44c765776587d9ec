"""Stage cache: the parse stage's model saved as JSON, keyed by input hash and stage code version.

Parsing is by far the costliest stage; with its result cached, a change to the
normalization, structure, table or export code reruns in a fraction of the time.
The cache is plain JSON written by this program (never pickle), so a tampered
cache file can at worst fail to load, in which case the PDF is parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .model import Box, Cell, Line, Page, ParsedDocument, Ruling, SourceInfo, Span, Table, to_jsonable

# The modules whose code decides what the parse stage produces.
PARSE_MODULES = (
    "parse.py",
    "furniture.py",
    "glyphs.py",
    "limits.py",
    "model.py",
    "cache.py",
    "table_text.py",
    "table_header.py",
    "data/table_headers.json",
)
FORMAT = 1


@lru_cache(maxsize=1)
def parse_stage_version() -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    here = Path(__file__).parent
    for name in PARSE_MODULES:
        digest.update((here / name).read_bytes())
    for package in ("pdfplumber", "pdfminer.six"):
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:16]


def input_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"parse-{sha256[:24]}-{parse_stage_version()}.json"


def _box(v: list[float] | None) -> Box | None:
    return None if v is None else Box(*v)


def _line(d: dict[str, Any]) -> Line:
    return Line(
        page=d["page"],
        text=d["text"],
        box=Box(*d["box"]),
        spans=[Span(**s) for s in d["spans"]],
        char_boxes=[Box(*b) for b in d["char_boxes"]],
        inserted_spaces=frozenset(d["inserted_spaces"]),
        furniture=d.get("furniture"),
        trailing_space=_box(d.get("trailing_space")),
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
    )


def from_jsonable(data: dict[str, Any]) -> ParsedDocument:
    return ParsedDocument(source=SourceInfo(**data["source"]), pages=[_page(p) for p in data["pages"]])


def load(cache_dir: Path, sha256: str) -> ParsedDocument | None:
    path = cache_path(cache_dir, sha256)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return from_jsonable(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir: Path, doc: ParsedDocument) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_path(cache_dir, doc.source.sha256)
    fd, tmp = tempfile.mkstemp(prefix=".parse-", dir=cache_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # Full precision: a cached parse must give the very same outputs as a fresh one.
            json.dump(to_jsonable(doc, ndigits=None), fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
