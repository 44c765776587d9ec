"""Processed documents found under folders and read into rows of the corpus tables.

A processed document is a folder with a ``document.json`` (what ``extract run`` writes into
``OUT/<stem>/``). ``document.json`` is the contract and every table is read from it, but the
normalization changes, which only ``normalization.csv`` lists; their number is checked against
the counts ``document.json`` gives. A folder whose files are damaged or do not fit the contract
is an :class:`~extract.errors.InputError` naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from .schema import BY_NAME

Row = tuple[Any, ...]
DOCUMENT_FILE = "document.json"
CHANGES_FILE = "normalization.csv"
CHANGE_COLUMNS = ["field", "page", "box", "rule", "before", "after", "origin", "detail"]


@dataclass(frozen=True, slots=True)
class Found:
    """A processed document's folder, before it is read."""

    doc_id: str
    folder: Path

    def content_sha256(self) -> str:
        """SHA-256 over the files the database is loaded from: unchanged files, unchanged rows."""
        digest = hashlib.sha256()
        for name in (DOCUMENT_FILE, CHANGES_FILE):
            path = self.folder / name
            data = path.read_bytes() if path.is_file() else b""
            digest.update(f"{name} {len(data)}\n".encode())
            digest.update(data)
        return digest.hexdigest()


@dataclass(slots=True)
class DocumentRows:
    """One document as rows of every table (in :data:`~extract.corpus.schema.TABLES` column order)."""

    doc_id: str
    content_sha256: str
    data: dict[str, Any]  # document.json, for the search index
    rows: dict[str, list[Row]] = field(default_factory=dict)


def find_documents(folders: Iterable[Path]) -> list[Found]:
    """Every processed document in or under ``folders`` (hidden folders, such as an unfinished run's
    temporary ones, skipped), in the order given and by path within a folder."""
    out: list[Found] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(str(folder), "not a folder; give folders of processed documents (extract run --out)")
        found = sorted(
            p.parent
            for p in folder.rglob(DOCUMENT_FILE)
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if not found:
            raise InputError(
                str(folder), f"no processed documents in it ({DOCUMENT_FILE} in a folder, as extract run writes)"
            )
        for path in found:
            doc_id = path.name if path != folder else folder.resolve().name
            if doc_id in seen and seen[doc_id].resolve() != path.resolve():
                raise InputError(
                    str(path), f"a second document named {doc_id} (the first is {seen[doc_id]}); documents are "
                    "keyed by their folder name, so load them into separate databases or rename one"
                )
            if doc_id not in seen:
                seen[doc_id] = path
                out.append(Found(doc_id, path))
    return out


def read_document(found: Found, sha: str | None = None) -> DocumentRows:
    """The document's rows (``sha``: its :meth:`Found.content_sha256` when already known); raises
    InputError when a file is damaged or misses what the contract requires."""
    import orjson

    path = found.folder / DOCUMENT_FILE
    sha = sha or found.content_sha256()
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON ({exc}); run extract again on its input") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    _check_contract(path, data)
    doc = DocumentRows(found.doc_id, sha, data)
    try:
        doc.rows = dict(_rows(found, data, sha))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            str(path), f"does not fit the document.json contract ({type(exc).__name__}: {exc})"
        ) from None
    _check_changes(found, data, doc.rows["normalization_changes"])
    _check_keys(path, doc.rows)
    return doc


def _check_contract(path: Path, data: Any) -> None:
    if not isinstance(data, dict):
        raise InputError(str(path), "is not a JSON object; run extract again on its input")
    version = data.get("schema_version")
    if not isinstance(version, str) or not version.startswith("1."):
        raise InputError(str(path), f"has schema_version {version!r}; this program reads 1.x")
    for key in ("source", "notice", "sections", "key_tasks", "normalization", "quality"):
        if not isinstance(data.get(key), dict | list):
            raise InputError(str(path), f"has no {key!r} block; run extract again on its input")


def _rows(found: Found, d: dict[str, Any], sha: str) -> Iterator[tuple[str, list[Row]]]:
    doc_id = found.doc_id
    yield "documents", [_document_row(found, d, sha)]
    yield "outline_nodes", [
        (doc_id, part["part"], path, node["level"], node["label"], node["no"], node["title"], node["body"],
         node["pages"])
        for part in d.get("outline") or []
        for path, node in walk(part["nodes"])
    ]
    points = [(s, p) for s in d["sections"] for p in s["points"]]
    yield "work_points", [
        (doc_id, s["no"], s["title"], p["no"], p["title"], p["body"], p["pages"]) for s, p in points
    ]
    tasks = d["key_tasks"]["rows"]
    yield "key_tasks", [
        (doc_id, str(r["no"]), i, r["task"], r["q1"], r["q2"], r["q3"], r["q4"], r["lead"], r["departments"],
         r["remark"], r["pages"])
        for i, r in enumerate(tasks, start=1)
    ]
    year = document_year(d)
    yield "key_tasks_long", [
        (doc_id, str(r["no"]), q, f"{year}Q{q}" if year else "", r[f"q{q}"]) for r in tasks for q in range(1, 5)
    ]
    tables = d.get("tables") or []
    yield "tables", [
        (doc_id, t["no"], t["file"], t["title"], t["pages"], t["header_rows"], t["columns"], t["row_count"],
         t["notes"])
        for t in tables
    ]
    yield "table_cells", [
        (doc_id, t["no"], c["row"], c["col"], t["columns"][c["col"]], c.get("row_span", 1), c.get("col_span", 1),
         c["text"], pages_of(c["where"]))
        for t in tables
        for c in t["cells"]
    ]
    yield from _enrichment_rows(doc_id, d, points, tasks)
    yield "anomalies", [
        (doc_id, i, a["field"], a.get("page"), a["kind"], a["text"], a.get("detail"))
        for i, a in enumerate(d["normalization"].get("anomalies", []), start=1)
    ]
    yield "normalization_changes", _changes(found)


def _document_row(found: Found, d: dict[str, Any], sha: str) -> Row:
    source, notice, quality = d["source"], d["notice"], d["quality"]
    year = document_year(d)
    return (
        found.doc_id, source["file"], source["sha256"], notice.get("genre"), notice.get("issuer"),
        notice.get("issuers") or [], notice.get("doc_number"), notice.get("title"), _date(notice.get("date")),
        int(year) if year else None, source["pages"], quality.get("status"), quality.get("reasons") or [],
        notice.get("recipients") or [], notice.get("signatures") or [], quality.get("anomalies"),
        (quality.get("coverage") or {}).get("unassigned_chars"), source.get("producer"), d["schema_version"],
        d.get("generator"), sha,
    )


def _enrichment_rows(
    doc_id: str, d: dict[str, Any], points: list[tuple[dict[str, Any], dict[str, Any]]], tasks: list[dict[str, Any]]
) -> Iterator[tuple[str, list[Row]]]:
    e = d.get("enrichment") or {}
    titles = {(s["no"], p["no"]): p["title"] for s, p in points}
    task_text = {str(r["no"]): r["task"] for r in tasks}
    yield "links", [
        (doc_id, _text(k["task_no"]), task_text.get(_text(k["task_no"]), ""), k["rank"], k["section_no"],
         k["point_no"], titles.get((k["section_no"], k["point_no"]), ""), k["score"], k["shared_terms"])
        for k in e.get("links", [])
    ]
    yield "targets", [
        (doc_id, i, t["source"], _text(t["task_no"]), t["section_no"], t["point_no"], t["field"], t["quarter"],
         t["subject"], t["value"], t["value_max"], t["unit"], t["bound"], t["text"], t["start"], t["end"],
         t["context"], t["pages"], t["series"])
        for i, t in enumerate(e.get("targets", []), start=1)
    ]
    yield "series", [
        (doc_id, s["id"], _text(s["task_no"]), s["subject"], s["unit"], v["quarter"], v["value"], v["bound"],
         s["trend"], s["annual"])
        for s in e.get("series", [])
        for v in s["values"]
    ]
    yield "keywords", [
        (doc_id, i, k["source"], _text(k["task_no"]), k["section_no"], k["point_no"], rank, term["term"],
         term["weight"])
        for i, (k, rank, term) in enumerate(
            ((k, rank, term) for k in e.get("keywords", []) for rank, term in enumerate(k["terms"], start=1)),
            start=1,
        )
    ]


def walk(nodes: list[dict[str, Any]], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, node) depth-first in reading order, numbered as outline.csv numbers them (2.3.1)."""
    for i, node in enumerate(nodes, start=1):
        path = f"{prefix}{i}"
        yield path, node
        yield from walk(node.get("children") or [], f"{path}.")


def document_year(d: dict[str, Any]) -> str | None:
    """The year key-task periods are named by: the notice's date, else the PDF's creation date (as the export)."""
    for value in (d["notice"].get("date"), d["source"].get("creation_date")):
        if value:
            return str(value)[:4]
    return None


def pages_of(where: list[dict[str, Any]]) -> list[int]:
    return sorted({w["page"] for w in where})


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _changes(found: Found) -> list[Row]:
    path = found.folder / CHANGES_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "is missing; run extract again on the document's input") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    # Folders written before the detail column was added load with it empty.
    if header not in (CHANGE_COLUMNS, CHANGE_COLUMNS[:-1]):
        raise InputError(str(path), f"does not start with the header {','.join(CHANGE_COLUMNS)}")
    width = len(header or [])
    rows = []
    for i, r in enumerate(reader, start=1):
        if len(r) != width:
            raise InputError(str(path), f"row {i} has {len(r)} fields, not {width}")
        r = r + [""] * (len(CHANGE_COLUMNS) - width)
        try:
            page = int(r[1]) if r[1] else None
            box = [float(v) for v in r[2].split()] if r[2] else None
        except ValueError:
            raise InputError(str(path), f"row {i} has a page or box that is not a number") from None
        rows.append((found.doc_id, i, r[0], page, box, r[3], r[4], r[5], r[6], r[7]))
    return rows


def _check_changes(found: Found, d: dict[str, Any], rows: list[Row]) -> None:
    counts = d["normalization"]
    expected = sum(v for block in ("published_text", "pdf_layout") for v in (counts.get(block) or {}).values())
    if expected != len(rows):
        raise InputError(
            str(found.folder / CHANGES_FILE),
            f"lists {len(rows)} changes but {DOCUMENT_FILE} counts {expected}; the two files are from different runs",
        )


def _check_keys(path: Path, rows: dict[str, list[Row]]) -> None:
    """Each table's key is present and unique within the document, and what a row refers to is there
    (a broken or hand-edited export, said for its document rather than by the database for a batch)."""
    keys: dict[str, set[tuple[Any, ...]]] = {}
    for name, table_rows in rows.items():
        table = BY_NAME[name]
        at = [table.names.index(k) for k in table.key]
        seen = keys[name] = set()
        for row in table_rows:
            key = tuple(row[i] for i in at)
            if any(v is None for v in key) or key in seen:
                what = "no key" if any(v is None for v in key) else "a second row with the key"
                raise InputError(str(path), f"{name} has {what} {_shown(table.key, key)}; run extract again on it")
            seen.add(key)
    for name, table_rows in rows.items():
        for fk in BY_NAME[name].foreign:
            if fk.table == "documents":
                continue
            at = [BY_NAME[name].names.index(c) for c in fk.columns]
            for row in table_rows:
                ref = tuple(row[i] for i in at)
                if None not in ref and ref not in keys[fk.table]:
                    raise InputError(
                        str(path), f"{name} refers to {fk.table} {_shown(fk.refers, ref)}, which is not there;"
                        " run extract again on its input"
                    )


def _shown(columns: tuple[str, ...], values: tuple[Any, ...]) -> str:
    return ", ".join(f"{c}={v}" for c, v in zip(columns[1:], values[1:], strict=True))
