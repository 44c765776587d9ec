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

from typing import Any

from .version import __version__


def __getattr__(name: str) -> Any:
    # ``extract.extract`` is the pipeline's own function, its signature and docs included; it is
    # imported on first use because the pipeline brings every stage and its libraries, which
    # ``import extract`` (the CLI's --version among others) does not need.
    if name == "extract":
        from .pipeline import extract

        return extract
    raise AttributeError(f"module 'extract' has no attribute {name!r}")


__all__ = ["__version__", "extract"]
