"""Processed documents loaded into a DuckDB database, safely and incrementally.

- **Never damaged**: the database is built in a temporary file beside it (a copy of it when it
  exists) that replaces it only once complete, so bad input or a crash leaves the earlier file as
  it was. A file that is not one of ours is refused, never overwritten.
- **Incremental**: each document's row in ``documents`` keeps the SHA-256 of the files it was
  loaded from; a document whose files are unchanged is skipped, and when none changed the file is
  not touched at all. A document that changed has its rows replaced in the same transaction as
  the others of its batch: readers see the old rows or the new ones, never a mix.
- **Versioned**: ``corpus_meta`` holds the digest of the loading code, the search tokenizer and the
  table format; a database made by other code is rebuilt from the folders given.
- **Linear**: documents are read, indexed and inserted in batches (one DataFrame per table and
  batch), so the cost per document stays flat as the corpus grows (see benchmarks/corpus.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from .index import index_rows
from .load import DocumentRows, Found, Row, find_documents, read_document
from .schema import BY_NAME, DELETE_STEPS, FORMAT, META_DDL, TABLES, Table, quote

BATCH = 50  # documents per transaction and per INSERT
BLOCK_SIZE = 64 * 1024


@dataclass(slots=True)
class LoadReport:
    """What a load did."""

    path: Path
    found: int = 0
    loaded: list[str] = field(default_factory=list)
    unchanged: int = 0
    rebuilt: bool = False
    dropped: list[str] = field(default_factory=list)  # in the old database, not in the folders given
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@lru_cache(maxsize=1)
def loader_version() -> str:
    """Digest of what decides the rows: this package, the search tokenizer and its dictionaries, the format."""
    from ..cache import code_version

    modules = ("corpus/", "enrich/lexicon.py", "enrich/links.py", "data/userdict.txt", "data/stopwords.txt")
    return f"{FORMAT}-{code_version(modules, ('jieba',))}"


def connect(path: Path, read_only: bool = False) -> Any:
    """A DuckDB connection that never installs or downloads an extension.

    A new file gets 64 KiB blocks instead of DuckDB's 256 KiB: every table, column and key index
    takes whole blocks, which made a one-document database 14 MB, and 300 documents take less room
    too (24 MB instead of 32). DuckDB reads the block size of an existing file from its header.
    """
    import duckdb

    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if not read_only:
        config["default_block_size"] = str(BLOCK_SIZE)
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise InputError(str(path), f"cannot be opened as a DuckDB database ({_first_line(exc)})") from None


def open_corpus(path: Path) -> Any:
    """A read-only connection to the corpus database at ``path``; InputError when it is none."""
    import duckdb

    if path.is_dir():
        raise InputError(str(path), "is a folder; give the database file (extract db --out FILE)")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise InputError(str(path), "no such database; build it with: python -m extract db DIR --out FILE") from None
    if head[8:12] != b"DUCK":  # DuckDB's magic bytes
        raise InputError(str(path), "is not a DuckDB database; give the corpus database (extract db --out FILE)")
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise InputError(
            str(path), f"has a write-ahead log ({wal.name}): another program has it open or stopped while writing;"
            " close that program, or open the file once with duckdb to finish its writes, then retry"
        )
    con = connect(path, read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    except duckdb.Error as exc:
        con.close()
        raise InputError(str(path), f"cannot be read ({_first_line(exc)})") from None
    if "corpus_meta" not in tables or "documents" not in tables:
        con.close()
        raise InputError(str(path), "is not a corpus database made by this program; give another --out")
    return con


def read_state(path: Path) -> tuple[str | None, dict[str, str]]:
    """The loader version and each document's content hash of an existing corpus database."""
    import duckdb

    con = open_corpus(path)
    try:
        version = con.execute("SELECT value FROM corpus_meta WHERE key = 'loader_version'").fetchone()
        hashes = dict(con.execute("SELECT doc_id, content_sha256 FROM documents").fetchall())
        return (version[0] if version else None), hashes
    except duckdb.Error as exc:
        raise InputError(str(path), f"cannot be read ({_first_line(exc)})") from None
    finally:
        con.close()


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document read and cut into index terms, ready to insert."""

    doc: DocumentRows
    items: list[Row]
    terms: list[Row]


def prepare(found: Found, sha: str, cache_dir: str | None = None) -> Prepared:
    doc = read_document(found, sha)
    items, terms = index_rows(doc, cache_dir)
    return Prepared(doc, items, terms)


def _prepared(todo: list[Found], hashes: dict[str, str], cache_dir: str | None, jobs: int) -> Iterator[Prepared]:
    """Each document prepared, in order: in ``jobs`` worker processes when more than one (most of
    a document's cost is cutting its text into terms), the inserts staying in this process."""
    if jobs <= 1 or len(todo) < 2:
        for found in todo:
            yield prepare(found, hashes[found.doc_id], cache_dir)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=context) as pool:
        shas = [hashes[f.doc_id] for f in todo]
        yield from pool.map(prepare, todo, shas, [cache_dir] * len(todo), chunksize=8)


def load_corpus(
    folders: Sequence[Path],
    path: Path,
    cache_dir: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> LoadReport:
    """Load every processed document under ``folders`` into the database at ``path``;
    ``progress(done, total)`` is told of each batch of documents loaded. With ``jobs`` ≥ 2 the
    documents are read and indexed in that many worker processes; the database is the same."""
    start = time.perf_counter()
    path = Path(path)
    report = LoadReport(path)
    found = find_documents(folders)
    report.found = len(found)
    hashes = {f.doc_id: f.content_sha256() for f in found}
    version, prior = read_state(path) if path.exists() else (None, {})
    existing = path.exists()
    if existing and version != loader_version():
        report.rebuilt = True
        report.dropped = sorted(set(prior) - set(hashes))
        prior = {}
    todo = [f for f in found if prior.get(f.doc_id) != hashes[f.doc_id]]
    report.unchanged = len(found) - len(todo)
    if todo or not existing:
        with _replacing(path, keep=existing and not report.rebuilt) as tmp:
            con = connect(tmp)
            # One checkpoint at the end instead of one per 16 MB of log: each rewrites every index,
            # and the blocks they leave behind stay in the file as free space.
            con.execute("SET checkpoint_threshold = '64GB'")
            try:
                if not existing or report.rebuilt:
                    create_schema(con)
                ready = _prepared(todo, hashes, cache_dir, jobs)
                for batch in _batches(todo, BATCH):
                    docs = [next(ready) for _ in batch]
                    _load_batch(con, docs, set(prior))
                    report.loaded.extend(d.doc.doc_id for d in docs)
                    if progress is not None:
                        progress(len(report.loaded), len(todo))
                report.rows = table_counts(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
    else:
        report.rows = _counts_of(path)
    report.seconds = time.perf_counter() - start
    return report


def create_schema(con: Any) -> None:
    con.execute("BEGIN")
    con.execute(META_DDL)
    for table in TABLES:
        con.execute(table.ddl())
    con.execute("INSERT INTO corpus_meta VALUES ('loader_version', ?), ('format', ?)", [loader_version(), str(FORMAT)])
    con.execute("COMMIT")


def table_counts(con: Any) -> dict[str, int]:
    return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES}


def _counts_of(path: Path) -> dict[str, int]:
    con = open_corpus(path)
    try:
        return table_counts(con)
    finally:
        con.close()


def _load_batch(con: Any, docs: list[Prepared], present: set[str]) -> None:
    """Replace the batch's documents' rows: new rows are inserted, and the documents rows updated,
    in one transaction.

    DuckDB checks foreign keys eagerly: a row deleted in the same transaction as the rows that
    referred to it still counts as referenced, and an update of a row with list columns is a
    delete and an insert. So the old rows of documents loaded before are deleted first, children
    before parents, a transaction for each level of the key graph. All of this happens in the
    private copy that replaces the database file only when the whole load is done, so no reader
    ever sees a document half replaced.
    """
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for ready in docs:
        for name, table_rows in ready.doc.rows.items():
            rows[name].extend(table_rows)
        rows["search_items"].extend(ready.items)
        rows["search_terms"].extend(ready.terms)
    replaced = [d.doc.doc_id for d in docs if d.doc.doc_id in present]
    if replaced:
        for step in DELETE_STEPS:
            with _transaction(con):
                for name in step:
                    con.execute(f"DELETE FROM {name} WHERE list_contains(?, doc_id)", [replaced])
    with _transaction(con):
        if replaced:
            _insert(con, BY_NAME["documents"], [r for r in rows["documents"] if r[0] in present], update=True)
            rows["documents"] = [r for r in rows["documents"] if r[0] not in present]
        for table in TABLES:
            _insert(con, table, rows[table.name])


@contextlib.contextmanager
def _transaction(con: Any) -> Iterator[None]:
    con.execute("BEGIN")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _insert(con: Any, table: Table, rows: list[Row], update: bool = False) -> None:
    if not rows:
        return
    names = table.names
    frame = _frame(table, rows)
    select = ", ".join(f"CAST(frame.{quote(n)} AS {_base_type(t)}) AS {quote(n)}" for n, t in table.columns)
    con.register("frame", frame)
    try:
        if update:
            sets = ", ".join(f"{quote(n)} = new.{quote(n)}" for n in names[1:])
            con.execute(
                f"UPDATE {table.name} SET {sets} FROM (SELECT {select} FROM frame) AS new "
                f"WHERE {table.name}.doc_id = new.doc_id"
            )
        else:
            con.execute(f"INSERT INTO {table.name} SELECT {select} FROM frame")
    finally:
        con.unregister("frame")


def _frame(table: Table, rows: list[Row]) -> Any:
    """The rows as a DataFrame whose columns DuckDB scans as one type each: numbers as numpy arrays
    (JSON mixes 5 and 5.5 in one field; a missing number is NaN, which DuckDB reads as NULL), the
    rest as the Python objects they are (lists of one type each, as the loader makes them)."""
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(rows, columns=table.names, dtype=object)
    for name, type_ in table.columns:
        base = _base_type(type_)
        if base in ("INTEGER", "DOUBLE"):
            values = frame[name].to_numpy()
            try:
                frame[name] = np.array(values, dtype=np.int64 if base == "INTEGER" else np.float64)
            except TypeError:  # a None among the integers
                frame[name] = np.array(values, dtype=np.float64)
    return frame


def _base_type(type_: str) -> str:
    return type_.replace(" NOT NULL", "")


def _batches(items: list[Found], size: int) -> Iterator[list[Found]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@contextlib.contextmanager
def _replacing(path: Path, keep: bool) -> Iterator[Path]:
    """A temporary database file beside ``path`` (a copy of it when ``keep``) that replaces it on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        if keep:
            shutil.copyfile(path, tmp)
        else:
            tmp.unlink()  # DuckDB creates the file itself
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
