"""Turn Chinese official documents (公文, GB/T 9704 layout) into exact, auditable datasets.

The Python API is small:

* :func:`extract` — one PDF or text dump through every stage, as a
  :class:`~extract.model.Document`; :func:`extract.export.write_outputs` writes it;
* :func:`extract.batch.run_batch` — many documents, in worker processes if asked;
* the command line, ``python -m extract run …`` (:mod:`extract.cli`).

The stages live in one subpackage each, in the order the data flows:
:mod:`~extract.parse` → :mod:`~extract.normalize` → :mod:`~extract.structure` and
:mod:`~extract.tables` → :mod:`~extract.enrich` → :mod:`~extract.export`, over the
model in :mod:`extract.model`; :mod:`extract.pipeline` runs them for one input and
:mod:`extract.run` runs many inputs. ``docs/architecture.md`` draws the flow.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .parse.source import DEFAULT_MAX_PAGES
from .version import __version__

if TYPE_CHECKING:
    from .model import Document


def extract(
    path: str | Path,
    password: str | None = None,
    cache_dir: str | Path | None = None,
    enrich: bool = True,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    page_workers: int = 1,
) -> Document:
    """Run every stage on one PDF or text dump and return the document model.

    ``password`` opens an encrypted PDF; ``cache_dir`` keeps the parse stage's result
    for reruns; ``enrich=False`` skips jieba; ``max_pages`` refuses longer documents
    (None: no limit); ``page_workers`` ≥ 2 reads a PDF's pages in a second process.
    Bad input raises :class:`~extract.errors.InputError` with a message for the user.
    """
    from .pipeline import extract as run_pipeline

    return run_pipeline(path, password, cache_dir, enrich, max_pages, page_workers)


__all__ = ["__version__", "extract"]
