"""The ``db`` and ``search`` verbs: what they print and their exit codes.

Bad input (no processed documents, a damaged ``document.json``, a file that is not a corpus
database) is one ``error:`` line on stderr and exit 2, and the database is left as it was.
Anything unexpected is said the same way, naming the exception (``EXTRACT_TRACEBACK=1`` adds
the traceback for a bug report).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError


def run_db(folders: list[Path], out: Path, parquet: Path | None = None, jobs: int = 1) -> int:
    from .database import load_corpus

    bar: list[Any] = []

    def progress(done: int, total: int) -> None:
        """A progress bar on stderr, only on a terminal and for more than one batch."""
        if not bar and sys.stderr.isatty() and total > done:
            from tqdm import tqdm

            bar.append(tqdm(total=total, unit="doc", file=sys.stderr, leave=False))
        if bar:
            bar[0].update(done - bar[0].n)

    def work() -> None:
        try:
            report = load_corpus(folders, out, progress=progress, jobs=jobs)
        finally:
            if bar:
                bar[0].close()
        rows = sum(n for name, n in report.rows.items() if not name.startswith("search_"))
        if report.rebuilt:
            print(f"note: {out} was made by another version of this program; rebuilt from the folders given")
            if report.dropped:
                dropped = _count(len(report.dropped), "document")
                print(f"note: dropped {dropped} not under them: {', '.join(report.dropped)}")
        print(
            f"db: {len(report.loaded)} loaded, {report.unchanged} unchanged -> {out} "
            f"({_count(report.rows.get('documents', 0), 'document')}, {rows:,} rows; {report.seconds:.1f} s)"
        )
        if parquet is not None:
            from .parquet import write_parquet

            files = write_parquet(out, parquet)
            print(f"parquet: {len(files)} tables -> {parquet}")

    return _guarded(work, "loading the database", out)


def run_search(db: Path, query: list[str], limit: int, kinds: list[str] | None, as_json: bool) -> int:
    from .index import KINDS
    from .search import format_hits, search

    def work() -> None:
        if limit < 1:
            raise InputError("--limit", "give 1 or more results")
        hits = search(db, " ".join(query), limit=limit, kinds=tuple(kinds or KINDS))
        if as_json:
            print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        elif hits:
            print("\n".join(format_hits(hits)))
        if not hits:
            print(f"no matches for {' '.join(query)!r}", file=sys.stderr)

    return _guarded(work, "searching", db)


def _guarded(work: Callable[[], None], doing: str, database: Path) -> int:
    """Run ``work``; every failure one ``error:`` line, and DuckDB's own (``TransactionContext Error: ...``)
    naming the database file, which they do not."""
    import duckdb

    try:
        work()
    except BrokenPipeError:  # the reader (head, less) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except InputError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except (duckdb.Error, OSError) as exc:
        message = _one_line(str(exc))
        if str(database) not in message:
            message = f"{database}: {message}"
        print(f"error: {message}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for a user; the exception named for a bug report
        if os.environ.get("EXTRACT_TRACEBACK"):
            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}"
        print(f"error: internal error while {doing} ({_one_line(detail)}); please report it", file=sys.stderr)
        return 2
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
