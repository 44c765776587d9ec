"""Export stage: the document model to files — JSON, CSV, xlsx, the data package and the quality account.

Entry point: :func:`write_outputs`, which writes every file of one document at
once (atomically, deterministically). ``document.json`` and the CSV tables are
made in :mod:`.outputs` (the outline's block and ``outline.csv`` in
:mod:`.outline_table`, ``where`` in :mod:`.provenance`), ``datapackage.json`` in
:mod:`.datapackage`, and ``quality.json`` with the coverage account in :mod:`.quality`. Asked for
(``review=``), the review page for people, ``review.html`` with its page images, comes from
:mod:`.review`.
"""

from .outputs import SCHEMA_VERSION, document_json, work_point_table, write_outputs

__all__ = ["SCHEMA_VERSION", "document_json", "work_point_table", "write_outputs"]
