"""One Parquet file per table of a corpus database, for pandas, polars, Spark or Dask.

DuckDB writes the files itself (no pyarrow needed). Rows are ordered by each table's primary key
and written by one thread, so the same database content gives the same files. The folder is
written beside its place and swapped in whole, so an earlier export survives a failed one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import InputError
from ..export.outputs import replace_dir
from .database import open_corpus
from .schema import TABLES, quote


def write_parquet(db: Path, out_dir: Path) -> list[Path]:
    """``out_dir/<table>.parquet`` for every table of the database at ``db``; the files written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(p.suffix != ".parquet" for p in out_dir.iterdir())):
        raise InputError(
            str(out_dir), "holds other files than Parquet files and would be replaced; give a new or empty folder"
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    tmp.chmod(0o755)
    con = open_corpus(Path(db))
    try:
        con.execute("SET threads = 1")
        for table in TABLES:
            order = ", ".join(map(quote, table.key))
            target = str(tmp / f"{table.name}.parquet").replace("'", "''")
            con.execute(
                f"COPY (SELECT * FROM {table.name} ORDER BY {order}) TO '{target}' "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
        con.close()
        replace_dir(tmp, out_dir)
    except BaseException:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(out_dir.glob("*.parquet"))
