"""The corpus database's tables: names, columns and keys, and the DDL that creates them.

Every table but ``documents`` starts with ``doc_id`` (the document's folder name, the input's stem)
and has it in its primary key and, but for the search index's terms, in a foreign key to
``documents``. Column names are those of the document's CSVs and ``datapackage.json``; values the
CSVs join into one string (pages ``2;3``, offices joined by 、, a box ``x0 top x1 bottom``) are
lists here. Key-task numbers are text
(a table may number its rows in other ways than 1, 2, 3), and ``row_no`` gives the table's order.
Tables without a natural key (targets, keywords, normalization changes, anomalies) number their
rows per document in ``seq``, in the document's own order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Raised whenever a table, a column or the search index changes shape; a database made with another
# format is rebuilt from its folders (see database.py).
FORMAT = 1


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    refers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, DuckDB type)
    key: tuple[str, ...]
    foreign: tuple[ForeignKey, ...] = field(default_factory=tuple)
    description: str = ""
    declared: bool = True  # the key declared to DuckDB (an index kept on every insert), or only documented

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def ddl(self) -> str:
        parts = [f"{quote(name)} {type_}" for name, type_ in self.columns]
        if not self.declared:
            return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(parts) + "\n)"
        parts.append(f"PRIMARY KEY ({', '.join(map(quote, self.key))})")
        for fk in self.foreign:
            parts.append(
                f"FOREIGN KEY ({', '.join(map(quote, fk.columns))}) "
                f"REFERENCES {fk.table} ({', '.join(map(quote, fk.refers))})"
            )
        return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(parts) + "\n)"


def quote(name: str) -> str:
    """An identifier quoted for SQL (``end`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _doc(*columns: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("doc_id", "VARCHAR NOT NULL"), *columns)


DOC = ForeignKey(("doc_id",), "documents", ("doc_id",))
TASK = ForeignKey(("doc_id", "task_no"), "key_tasks", ("doc_id", "no"))
POINT = ForeignKey(("doc_id", "section_no", "point_no"), "work_points", ("doc_id", "section_no", "point_no"))
INTS = "INTEGER[]"
TEXTS = "VARCHAR[]"

TABLES: tuple[Table, ...] = (
    Table(
        "documents",
        (
            ("doc_id", "VARCHAR NOT NULL"),
            ("file", "VARCHAR"),
            ("sha256", "VARCHAR"),
            ("genre", "VARCHAR"),
            ("issuer", "VARCHAR"),
            ("issuers", TEXTS),
            ("doc_number", "VARCHAR"),
            ("title", "VARCHAR"),
            ("date", "DATE"),
            ("year", "INTEGER"),
            ("pages", "INTEGER"),
            ("status", "VARCHAR"),
            ("reasons", TEXTS),
            ("recipients", TEXTS),
            ("signatures", TEXTS),
            ("anomalies", "INTEGER"),
            ("unassigned_chars", "INTEGER"),
            ("producer", "VARCHAR"),
            ("schema_version", "VARCHAR"),
            ("generator", "VARCHAR"),
            ("content_sha256", "VARCHAR"),
        ),
        ("doc_id",),
        description="one row per document: the notice's metadata, its status and the hash of the files loaded",
    ),
    Table(
        "outline_nodes",
        _doc(
            ("part", "VARCHAR NOT NULL"),
            ("path", "VARCHAR NOT NULL"),
            ("level", "INTEGER"),
            ("label", "VARCHAR"),
            ("no", "INTEGER"),
            ("title", "VARCHAR"),
            ("body", "VARCHAR"),
            ("pages", INTS),
        ),
        ("doc_id", "part", "path"),
        (DOC,),
        "outline.csv: one row per heading of every part",
    ),
    Table(
        "work_points",
        _doc(
            ("section_no", "INTEGER NOT NULL"),
            ("section_title", "VARCHAR"),
            ("point_no", "INTEGER NOT NULL"),
            ("title", "VARCHAR"),
            ("body", "VARCHAR"),
            ("pages", INTS),
        ),
        ("doc_id", "section_no", "point_no"),
        (DOC,),
        "work_points.csv: the numbered points of the first attachment",
    ),
    Table(
        "key_tasks",
        _doc(
            ("no", "VARCHAR NOT NULL"),
            ("row_no", "INTEGER"),
            ("task", "VARCHAR"),
            ("q1", "VARCHAR"),
            ("q2", "VARCHAR"),
            ("q3", "VARCHAR"),
            ("q4", "VARCHAR"),
            ("lead", "VARCHAR"),
            ("departments", TEXTS),
            ("remark", "VARCHAR"),
            ("pages", INTS),
        ),
        ("doc_id", "no"),
        (DOC,),
        "key_tasks.csv: the key-task table, one column per quarter",
    ),
    Table(
        "key_tasks_long",
        _doc(
            ("no", "VARCHAR NOT NULL"),
            ("quarter", "INTEGER NOT NULL"),
            ("period", "VARCHAR"),
            ("milestone", "VARCHAR"),
        ),
        ("doc_id", "no", "quarter"),
        (DOC, ForeignKey(("doc_id", "no"), "key_tasks", ("doc_id", "no"))),
        "key_tasks_long.csv: one row per task and quarter",
    ),
    Table(
        "tables",
        _doc(
            ("table_no", "INTEGER NOT NULL"),
            ("file", "VARCHAR"),
            ("title", "VARCHAR"),
            ("pages", INTS),
            ("header_rows", "INTEGER"),
            ("columns", TEXTS),
            ("row_count", "INTEGER"),
            ("notes", TEXTS),
        ),
        ("doc_id", "table_no"),
        (DOC,),
        "every table of the document (tables/NN.csv), as document.json's tables block describes it",
    ),
    Table(
        "table_cells",
        _doc(
            ("table_no", "INTEGER NOT NULL"),
            ("row", "INTEGER NOT NULL"),
            ("col", "INTEGER NOT NULL"),
            ("column_name", "VARCHAR"),
            ("row_span", "INTEGER"),
            ("col_span", "INTEGER"),
            ("text", "VARCHAR"),
            ("pages", INTS),
        ),
        ("doc_id", "table_no", "row", "col"),
        (DOC, ForeignKey(("doc_id", "table_no"), "tables", ("doc_id", "table_no"))),
        "one row per body cell of every table (row and col from 0, as in document.json)",
    ),
    Table(
        "links",
        _doc(
            ("task_no", "VARCHAR NOT NULL"),
            ("task", "VARCHAR"),
            ("rank", "INTEGER NOT NULL"),
            ("section_no", "INTEGER"),
            ("point_no", "INTEGER"),
            ("point_title", "VARCHAR"),
            ("score", "DOUBLE"),
            ("shared_terms", TEXTS),
        ),
        ("doc_id", "task_no", "rank"),
        (DOC, TASK, POINT),
        "links.csv: the work points each key task most likely implements (BM25)",
    ),
    Table(
        "targets",
        _doc(
            ("seq", "INTEGER NOT NULL"),
            ("source", "VARCHAR"),
            ("task_no", "VARCHAR"),
            ("section_no", "INTEGER"),
            ("point_no", "INTEGER"),
            ("field", "VARCHAR"),
            ("quarter", "INTEGER"),
            ("subject", "VARCHAR"),
            ("value", "DOUBLE"),
            ("value_max", "DOUBLE"),
            ("unit", "VARCHAR"),
            ("bound", "VARCHAR"),
            ("text", "VARCHAR"),
            ("start", "INTEGER"),
            ("end", "INTEGER"),
            ("context", "VARCHAR"),
            ("pages", INTS),
            ("series", "VARCHAR"),
        ),
        ("doc_id", "seq"),
        (DOC, TASK, POINT),
        "targets.csv: quantitative targets in points and key-task cells",
    ),
    Table(
        "series",
        _doc(
            ("series", "VARCHAR NOT NULL"),
            ("task_no", "VARCHAR"),
            ("subject", "VARCHAR"),
            ("unit", "VARCHAR"),
            ("quarter", "INTEGER NOT NULL"),
            ("value", "DOUBLE"),
            ("bound", "VARCHAR"),
            ("trend", "VARCHAR"),
            ("annual", "DOUBLE"),
        ),
        ("doc_id", "series", "quarter"),
        (DOC, TASK),
        "series.csv: quarterly target series of the key tasks",
    ),
    Table(
        "keywords",
        _doc(
            ("seq", "INTEGER NOT NULL"),
            ("source", "VARCHAR"),
            ("task_no", "VARCHAR"),
            ("section_no", "INTEGER"),
            ("point_no", "INTEGER"),
            ("rank", "INTEGER"),
            ("term", "VARCHAR"),
            ("weight", "DOUBLE"),
        ),
        ("doc_id", "seq"),
        (DOC, TASK, POINT),
        "keywords.csv: the heaviest terms of each point and key task",
    ),
    Table(
        "normalization_changes",
        _doc(
            ("seq", "INTEGER NOT NULL"),
            ("field", "VARCHAR"),
            ("page", "INTEGER"),
            ("box", "DOUBLE[]"),
            ("rule", "VARCHAR"),
            ("before", "VARCHAR"),
            ("after", "VARCHAR"),
            ("origin", "VARCHAR"),
            ("detail", "VARCHAR"),
        ),
        ("doc_id", "seq"),
        (DOC,),
        "normalization.csv: every character normalization changed",
    ),
    Table(
        "anomalies",
        _doc(
            ("seq", "INTEGER NOT NULL"),
            ("field", "VARCHAR"),
            ("page", "INTEGER"),
            ("kind", "VARCHAR"),
            ("text", "VARCHAR"),
            ("detail", "VARCHAR"),
        ),
        ("doc_id", "seq"),
        (DOC,),
        "anomalies normalization reported (document.json normalization.anomalies)",
    ),
    Table(
        "search_items",
        _doc(
            ("item_id", "INTEGER NOT NULL"),
            ("kind", "VARCHAR"),
            ("part", "VARCHAR"),
            ("label", "VARCHAR"),
            ("ref", "VARCHAR"),
            ("page", "INTEGER"),
            ("text", "VARCHAR"),
            ("length", "INTEGER"),
        ),
        ("doc_id", "item_id"),
        (DOC,),
        "what search ranks: outline headings (points), key tasks and table cells, with their jieba term count",
    ),
    Table(
        "search_terms",
        _doc(
            ("item_id", "INTEGER NOT NULL"),
            ("term", "VARCHAR NOT NULL"),
            ("tf", "INTEGER"),
        ),
        ("doc_id", "item_id", "term"),
        (ForeignKey(("doc_id", "item_id"), "search_items", ("doc_id", "item_id")),),
        "the search index: each item's jieba terms and their counts",
        # By far the longest table (thousands of rows a document): its key's index would be half
        # the file and a third of the load time, for rows written only from search_items' own.
        declared=False,
    ),
)

BY_NAME = {t.name: t for t in TABLES}


def _delete_steps() -> tuple[tuple[str, ...], ...]:
    """The tables but documents in groups, each group referred to only by groups before it."""
    left = [t for t in TABLES if t.name != "documents"]
    steps = []
    while left:
        step = [t for t in left if not any(fk.table == t.name for o in left for fk in o.foreign)]
        steps.append(tuple(t.name for t in step))
        left = [t for t in left if t not in step]
    return tuple(steps)


# Children before parents: the order a document's rows are deleted in, one transaction per step
# (DuckDB checks a foreign key against the rows its own transaction deleted).
DELETE_STEPS = _delete_steps()
META_DDL = "CREATE TABLE corpus_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
