"""Many documents at once: processed documents loaded into one DuckDB database, Parquet, search.

Entry points: :func:`~extract.corpus.database.load_corpus` (folders of ``extract run`` outputs into
a database), :func:`~extract.corpus.parquet.write_parquet` (one Parquet file per table) and
:func:`~extract.corpus.search.search` (BM25 over jieba terms). :mod:`.schema` names the tables,
:mod:`.load` reads a processed folder, :mod:`.index` builds a document's search index.
"""
