"""The corpus database (extract db), its Parquet files, search, and the corpus notebook.

One module-scoped corpus: the committed output of data/raw's document and a variant of its text
dump (another district and year, edited points) processed here, loaded by the real CLI.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from conftest import ROOT, run_cli

QINGPU = ROOT / "data" / "processed" / "qingpu-2022"
VARIANT_INDEX = 17  # a district and year other than the original's


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


variants = _load(ROOT / "benchmarks" / "variants.py", "corpus_variants")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: the database's content regardless of storage order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: sorted(con.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        con.close()


def _data_tables(db: Path) -> list[str]:
    return [r[0] for r in _query(db, "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'corpus_meta'")]


def _file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    stem = variants.stem(VARIANT_INDEX)
    inputs = base / "inputs"
    variants.write_variants(1, inputs, start=VARIANT_INDEX)
    proc = run_cli("run", str(inputs / f"{stem}.txt"), "--out", str(base / "variants"), "--no-summary")
    assert proc.returncode == 0, proc.stderr
    db = base / "corpus.duckdb"
    proc = run_cli("db", str(QINGPU), str(base / "variants"), "--out", str(db), "--parquet", str(base / "parquet"))
    assert proc.returncode == 0, proc.stderr
    return SimpleNamespace(base=base, db=db, stem=stem, variant=base / "variants" / stem, stdout=proc.stdout)


def test_load_reports_documents_and_rows(corpus):
    assert corpus.stdout.startswith(f"db: 2 loaded, 0 unchanged -> {corpus.db} (2 documents, ")
    assert "parquet: 15 tables ->" in corpus.stdout
    assert _query(corpus.db, "SELECT doc_id FROM documents ORDER BY doc_id") == [(corpus.stem,), ("qingpu-2022",)]


def test_rows_equal_the_csvs_of_the_official_document(corpus):
    def rows(table: str, order: str, columns: str = "*") -> list[tuple]:
        return _query(corpus.db, f"SELECT {columns} FROM {table} WHERE doc_id = 'qingpu-2022' ORDER BY {order}")

    def pages(values: list[int]) -> str:
        return ";".join(map(str, values))

    points = rows("work_points", "section_no, point_no", "section_no, section_title, point_no, title, body, pages")
    assert len(points) == 25
    assert [(str(s), st, str(p), t, b, pages(pg)) for s, st, p, t, b, pg in points] == [
        tuple(r.values()) for r in _csv(QINGPU / "work_points.csv")
    ]
    tasks = rows("key_tasks", "row_no", "no, task, q1, q2, q3, q4, lead, departments, remark")
    assert len(tasks) == 20
    assert [(*r[:7], "、".join(r[7]), r[8] or "") for r in tasks] == [
        tuple(r.values()) for r in _csv(QINGPU / "key_tasks.csv")
    ]
    long = rows("key_tasks_long", "CAST(no AS INTEGER), quarter", "no, quarter, period, milestone")
    assert len(long) == 80
    expected = [tuple(r.values()) for r in _csv(QINGPU / "key_tasks_long.csv")]
    assert [(n, str(q), p, m) for n, q, p, m in long] == expected
    outline = rows("outline_nodes", "part, string_split(path, '.')::INTEGER[]",
                   "part, path, level, label, no, title, body, pages")
    assert [(*map(str, r[:7]), pages(r[7])) for r in outline] == [
        tuple(r.values()) for r in _csv(QINGPU / "outline.csv")
    ]
    changes = rows("normalization_changes", "seq", "field, page, box, rule, before, after, origin, detail")
    assert [(f, str(p), " ".join(map(str, b)) if b else "", *rest) for f, p, b, *rest in changes] == [
        tuple(r.values()) for r in _csv(QINGPU / "normalization.csv")
    ]
    cells = rows("table_cells", "table_no, row, col", "row, col, row_span, col_span, text")
    table = [list(r.values()) for r in _csv(QINGPU / "tables" / "01.csv")]
    assert len(cells) == 180
    # the spans give back the CSV, where a merged cell's text fills every slot it covers
    slots = {(r + i, c + j): text for r, c, rs, cs, text in cells for i in range(rs) for j in range(cs)}
    assert all(table[r][c] == text for (r, c), text in slots.items())
    filled = {(r, c) for r, row in enumerate(table) for c, v in enumerate(row) if v}
    assert {key for key, text in slots.items() if text} == filled
    for name, csv_file in [("links", "links.csv"), ("targets", "targets.csv"), ("series", "series.csv"),
                           ("keywords", "keywords.csv")]:
        assert len(rows(name, "1")) == len(_csv(QINGPU / csv_file)), name
    quality = json.loads((QINGPU / "quality.json").read_text(encoding="utf-8"))
    assert len(rows("anomalies", "seq")) == len(quality["anomaly_list"]) == 2
    assert rows("documents", "1", "file, genre, issuers, doc_number, date::VARCHAR, year, pages, status") == [
        ("qingpu-2022.pdf", "通知", ["上海市青浦区教育局"], "青教〔2022〕1号", "2022-01-19", 2022, 22, "ok")
    ]


def test_the_variant_is_keyed_by_its_own_doc_id(corpus):
    year = variants.year(VARIANT_INDEX)
    district = variants.DISTRICTS[VARIANT_INDEX % len(variants.DISTRICTS)][0]
    assert _query(corpus.db, "SELECT year, issuer FROM documents WHERE doc_id = ?", [corpus.stem]) == [
        (year, f"上海市{district}区教育局")
    ]
    periods = _query(corpus.db, "SELECT doc_id, min(period), count(*) FROM key_tasks_long GROUP BY 1 ORDER BY 1")
    assert periods == [(corpus.stem, f"{year}Q1", 80), ("qingpu-2022", "2022Q1", 80)]
    assert _query(corpus.db, "SELECT count(*) FROM work_points GROUP BY doc_id") == [(25,), (25,)]


JOINS = {
    "key_tasks_long": "JOIN key_tasks k ON k.doc_id = t.doc_id AND k.no = t.no",
    "links": "JOIN key_tasks k ON k.doc_id = t.doc_id AND k.no = t.task_no "
             "JOIN work_points p ON p.doc_id = t.doc_id AND p.section_no = t.section_no AND p.point_no = t.point_no",
    "series": "JOIN key_tasks k ON k.doc_id = t.doc_id AND k.no = t.task_no",
    "table_cells": "JOIN tables k ON k.doc_id = t.doc_id AND k.table_no = t.table_no",
    "search_terms": "JOIN search_items k ON k.doc_id = t.doc_id AND k.item_id = t.item_id",
    "targets": "LEFT JOIN key_tasks k ON k.doc_id = t.doc_id AND k.no = t.task_no "
               "LEFT JOIN work_points p ON p.doc_id = t.doc_id AND p.section_no = t.section_no "
               "AND p.point_no = t.point_no WHERE (t.task_no IS NULL) <> (k.no IS NULL) "
               "OR (t.point_no IS NULL) <> (p.point_no IS NULL)",
}


@pytest.mark.parametrize("table", sorted(JOINS))
def test_joins_on_the_keys_lose_no_row(corpus, table):
    total = _query(corpus.db, f"SELECT count(*) FROM {table}")[0][0]
    joined = _query(corpus.db, f"SELECT count(*) FROM {table} t {JOINS[table]}")[0][0]
    assert total > 0
    assert joined == (0 if table == "targets" else total)


def test_keys_are_declared_and_enforced(corpus, tmp_path):
    tables = _data_tables(corpus.db)
    for table in tables:
        orphans = _query(corpus.db, f"SELECT count(*) FROM {table} t LEFT JOIN documents d USING (doc_id) "
                                    "WHERE d.doc_id IS NULL")
        assert orphans == [(0,)], table
    kinds = _query(corpus.db, "SELECT table_name, constraint_type FROM duckdb_constraints() "
                              "WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')")
    # the search index's terms are keyed by convention only (test_joins_on_the_keys_lose_no_row holds them to it)
    assert {t for t, k in kinds if k == "PRIMARY KEY"} == {*tables, "corpus_meta"} - {"search_terms"}
    assert {t for t, k in kinds if k == "FOREIGN KEY"} == set(tables) - {"documents", "search_terms"}
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(corpus.db, copy)
    con = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO key_tasks_long VALUES ('qingpu-2022', '99', 1, '2022Q1', 'x')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO work_points VALUES ('qingpu-2022', 1, 'x', 1, 'x', 'x', [1])")
    finally:
        con.close()


def test_reloading_unchanged_documents_is_a_no_op(corpus):
    before = _file_state(corpus.db)
    proc = run_cli("db", str(QINGPU), str(corpus.variant), "--out", str(corpus.db))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("db: 0 loaded, 2 unchanged")
    assert _file_state(corpus.db) == before


def test_loading_again_gives_the_same_content_and_parquet(corpus, tmp_path):
    from extract.corpus.database import load_corpus
    from extract.corpus.parquet import write_parquet

    again = tmp_path / "again.duckdb"
    report = load_corpus([corpus.variant.parent, QINGPU], again)  # the other order
    assert sorted(report.loaded) == sorted([corpus.stem, "qingpu-2022"])
    assert _snapshot(again) == _snapshot(corpus.db)
    files = write_parquet(again, tmp_path / "parquet")
    assert [f.name for f in files] == sorted(f.name for f in (corpus.base / "parquet").iterdir())
    for f in files:
        assert f.read_bytes() == (corpus.base / "parquet" / f.name).read_bytes(), f.name


def test_parquet_files_read_back_with_polars(corpus):
    pl = pytest.importorskip("polars")
    tables = set(_data_tables(corpus.db))
    paths = sorted((corpus.base / "parquet").glob("*.parquet"))
    assert {p.stem for p in paths} == tables
    for path in paths:
        frame = pl.read_parquet(path)
        assert len(frame) == _query(corpus.db, f"SELECT count(*) FROM {path.stem}")[0][0], path.name
    tasks = pl.read_parquet(corpus.base / "parquet" / "key_tasks.parquet")
    assert tasks.columns[:3] == ["doc_id", "no", "row_no"]
    first = tasks.filter(pl.col("doc_id") == "qingpu-2022").row(0, named=True)
    assert (first["no"], first["departments"], first["pages"]) == ("1", ["督导室"], [16])


def test_the_readmes_pandas_snippet_reads_the_parquet_files(corpus):
    """In the environment `make` sets up (pyarrow installed), pasted into a script beside parquet/."""
    from test_readme_snippets import run_script, snippet

    code = snippet("- **Parquet**:")
    assert "pd.read_parquet(" in code
    result = run_script(code, corpus.base)
    assert result.returncode == 0, result.stderr
    counts = {doc: int(n) for doc, n in (line.split() for line in result.stdout.splitlines()[1:-1])}
    expected = _query(corpus.db, "SELECT doc_id, count(*) FROM key_tasks_long GROUP BY doc_id")
    assert counts == dict(expected) and counts["qingpu-2022"] == 80


def test_a_changed_document_replaces_its_rows(corpus, tmp_path):
    db = tmp_path / "changed.duckdb"
    shutil.copyfile(corpus.db, db)
    edited = tmp_path / "edited" / corpus.stem
    shutil.copytree(corpus.variant, edited)
    data = json.loads((edited / "document.json").read_text(encoding="utf-8"))
    data["notice"]["title"] = "关于印发改过的工作要点的通知"
    data["sections"][0]["points"][0]["body"] = "新的正文：推进示范性劳动教育基地建设。"
    last = data["key_tasks"]["rows"].pop()["no"]  # a task dropped, with what the enrichment says of it
    for block in ("links", "targets", "series", "keywords"):
        data["enrichment"][block] = [e for e in data["enrichment"][block] if e.get("task_no") != last]
    (edited / "document.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    proc = run_cli("db", str(QINGPU), str(edited.parent), "--out", str(db))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("db: 1 loaded, 1 unchanged")
    title = _query(db, "SELECT title FROM documents WHERE doc_id = ?", [corpus.stem])
    assert title == [("关于印发改过的工作要点的通知",)]
    assert _query(db, "SELECT body FROM work_points WHERE doc_id = ? AND section_no = 1 AND point_no = 1",
                  [corpus.stem]) == [("新的正文：推进示范性劳动教育基地建设。",)]
    assert _query(db, "SELECT doc_id, count(*) FROM key_tasks GROUP BY 1 ORDER BY 1") == [
        (corpus.stem, 19), ("qingpu-2022", 20)
    ]
    assert _query(db, "SELECT count(*) FROM key_tasks_long WHERE doc_id = ?", [corpus.stem]) == [(76,)]
    after, before = _snapshot(db), _snapshot(corpus.db)
    for table, table_rows in before.items():
        if table != "corpus_meta":
            kept = [r for r in table_rows if r[0] == "qingpu-2022"]
            assert [r for r in after[table] if r[0] == "qingpu-2022"] == kept, table


def test_a_database_of_another_loader_version_is_rebuilt(corpus, tmp_path):
    db = tmp_path / "older.duckdb"
    shutil.copyfile(corpus.db, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE corpus_meta SET value = 'older' WHERE key = 'loader_version'")
    finally:
        con.close()
    proc = run_cli("db", str(QINGPU), "--out", str(db))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        f"note: {db} was made by another version of this program; rebuilt from the folders given",
        f"note: dropped 1 document not under them: {corpus.stem}",
    ]
    assert len(lines) == 3 and lines[2].startswith(f"db: 1 loaded, 0 unchanged -> {db} (1 document, ")
    assert _query(db, "SELECT doc_id FROM documents") == [("qingpu-2022",)]
    assert _query(db, "SELECT value FROM corpus_meta WHERE key = 'loader_version'") == _query(
        corpus.db, "SELECT value FROM corpus_meta WHERE key = 'loader_version'"
    )


def _one_error(proc) -> str:
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_a_folder_without_documents_fails_and_keeps_the_database(corpus, tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    before = _file_state(corpus.db)
    line = _one_error(run_cli("db", str(tmp_path / "empty"), "--out", str(corpus.db)))
    assert "no processed documents" in line and str(tmp_path / "empty") in line
    assert _file_state(corpus.db) == before


def test_documents_read_in_worker_processes_give_the_same_database(corpus, tmp_path):
    """--jobs 2: documents read and indexed in two worker processes, inserted in order by the main
    one: the same rows and byte-identical Parquet as one process."""
    parallel = tmp_path / "parallel.duckdb"
    proc = run_cli(
        "db", str(QINGPU), str(corpus.variant.parent), "--out", str(parallel), "--jobs", "2",
        "--parquet", str(tmp_path / "parquet"),
    )
    assert proc.returncode == 0, proc.stderr
    assert _snapshot(parallel) == _snapshot(corpus.db)
    for f in sorted((corpus.base / "parquet").iterdir()):
        assert (tmp_path / "parquet" / f.name).read_bytes() == f.read_bytes(), f.name


def test_a_damaged_document_read_in_a_worker_fails_as_in_one_process(corpus, tmp_path):
    damaged = tmp_path / "damaged" / "qingpu-2022"
    shutil.copytree(QINGPU, damaged)
    text = (damaged / "document.json").read_text(encoding="utf-8")
    (damaged / "document.json").write_text(text[: len(text) // 2], encoding="utf-8")
    line = _one_error(run_cli("db", str(corpus.variant), str(damaged.parent), "--out", str(tmp_path / "x.duckdb"),
                              "--jobs", "2"))
    assert f"{damaged / 'document.json'}: not valid JSON" in line
    assert not (tmp_path / "x.duckdb").exists()


def test_a_damaged_document_json_fails_and_keeps_the_database(corpus, tmp_path):
    damaged = tmp_path / "damaged" / "qingpu-2022"
    shutil.copytree(QINGPU, damaged)
    text = (damaged / "document.json").read_text(encoding="utf-8")
    (damaged / "document.json").write_text(text[: len(text) // 2], encoding="utf-8")
    before = _file_state(corpus.db)
    line = _one_error(run_cli("db", str(corpus.variant), str(damaged.parent), "--out", str(corpus.db)))
    assert f"{damaged / 'document.json'}: not valid JSON" in line
    assert _file_state(corpus.db) == before
    assert not [p for p in corpus.db.parent.iterdir() if p.name.startswith(".corpus.duckdb")]


def test_a_document_whose_rows_refer_to_nothing_is_refused_by_name(tmp_path):
    from extract.corpus.load import Found, read_document
    from extract.errors import InputError

    broken = tmp_path / "qingpu-2022"
    shutil.copytree(QINGPU, broken)
    data = json.loads((broken / "document.json").read_text(encoding="utf-8"))
    data["key_tasks"]["rows"] = data["key_tasks"]["rows"][1:]  # the links of task 1 stay
    (broken / "document.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(Found("qingpu-2022", broken))
    assert str(caught.value) == (
        f"{broken / 'document.json'}: links refers to key_tasks no=1, which is not there;"
        " run extract again on its input"
    )


def test_a_file_that_is_no_corpus_database_is_never_overwritten(tmp_path):
    other = tmp_path / "notes.duckdb"
    other.write_text("not a database\n", encoding="utf-8")
    line = _one_error(run_cli("db", str(QINGPU), "--out", str(other)))
    assert "is not a DuckDB database" in line
    assert other.read_text(encoding="utf-8") == "not a database\n"


def test_search_finds_the_point_a_phrase_comes_from_first(corpus):
    phrase = "落实青浦区深化新时代教育评价改革任务清单要求"  # in point 2 of the original, not in the variant
    assert phrase in _csv(QINGPU / "work_points.csv")[1]["body"]
    proc = run_cli("search", phrase, "--db", str(corpus.db), "--json", "--limit", "5")
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)
    first = hits[0]
    assert (first["doc_id"], first["kind"], first["part"], first["label"], first["ref"], first["page"]) == (
        "qingpu-2022", "point", "attachment 1", "2.", "1.2", 3
    )
    assert phrase in first["snippet"] and first["verbatim"]
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert all(not h["verbatim"] for h in hits[1:])  # the variant's point 2 names another district
    assert any(h["doc_id"] == variants.stem(VARIANT_INDEX) and h["ref"] == "1.2" for h in hits[1:])


def test_search_prints_document_part_label_page_and_snippet(corpus):
    bodies = _query(corpus.db, "SELECT section_no, point_no, body, pages FROM work_points WHERE doc_id = ?",
                    [corpus.stem])
    added = {t: [b for b in bodies if t.rstrip("。") in b[2]] for t in variants.TOPICS}
    topic, [(section, point, _, pages)] = next((t, b) for t, b in added.items() if len(b) == 1)
    label = _query(corpus.db, "SELECT label FROM outline_nodes WHERE doc_id = ? AND part = 'attachment 1' "
                              "AND path = ?", [corpus.stem, f"{section}.{point}"])[0][0]
    proc = run_cli("search", topic.rstrip("。"), "--db", str(corpus.db), "--kind", "point")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:5] == ["1", corpus.stem, "attachment", "1", label]
    assert f"p.{pages[0]}" in lines[0]
    assert topic.rstrip("。") in lines[1]


def test_search_errors_are_one_line(tmp_path):
    line = _one_error(run_cli("search", "双减", "--db", str(tmp_path / "absent.duckdb")))
    assert "no such database" in line


def test_corpus_notebook_executes_headless(corpus, monkeypatch, tmp_path):
    runner = _load(ROOT / "notebooks" / "run_notebooks.py", "run_notebooks")
    for name, value in runner.ENV_DEFAULTS.items():
        monkeypatch.setenv(name, os.environ.get(name, value))
    monkeypatch.setenv("DB", str(corpus.db))
    monkeypatch.setenv("QUERY", "双减")
    before = _file_state(corpus.db)

    executed = runner.execute(ROOT / "notebooks" / "02-corpus.ipynb", out_dir=tmp_path, timeout=120)

    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert corpus.stem in text and "qingpu-2022" in text
    assert "上海市青浦区教育局" in text and "results for '双减'" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # documents per year, the series
    assert _file_state(corpus.db) == before


def test_a_folder_written_before_the_detail_column_loads(tmp_path):
    """normalization.csv without its last column (detail), as earlier versions wrote it: its rows load
    with detail empty; a row of another width is refused by number."""
    from extract.corpus.load import Found, read_document
    from extract.errors import InputError

    old = tmp_path / "qingpu-2022"
    shutil.copytree(QINGPU, old)
    with (QINGPU / "normalization.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with (old / "normalization.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(r[:-1] for r in rows)
    new = read_document(Found("qingpu-2022", QINGPU)).rows["normalization_changes"]
    assert read_document(Found("qingpu-2022", old)).rows["normalization_changes"] == new
    with (old / "normalization.csv").open("a", encoding="utf-8-sig", newline="") as f:
        f.write("notice/title,1,,t2s,a,b,published,extra\n")
    with pytest.raises(InputError, match=f"row {len(rows)} has 8 fields, not 7"):
        read_document(Found("qingpu-2022", old))
