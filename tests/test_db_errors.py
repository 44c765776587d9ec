"""DuckDB's own errors name the database file they concern (DuckDB's messages do not)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from extract.corpus.commands import _guarded


@pytest.mark.parametrize("exc", [duckdb.TransactionException("TransactionContext Error: Failed to commit"),
                                 duckdb.IOException("IO Error: disk full")])
def test_duckdb_errors_name_the_database(tmp_path: Path, capsys, exc: Exception) -> None:
    db = tmp_path / "corpus.duckdb"

    def work() -> None:
        raise exc

    assert _guarded(work, "loading the database", db) == 2
    assert capsys.readouterr().err == f"error: {db}: {exc}\n"
