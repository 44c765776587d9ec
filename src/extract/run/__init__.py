"""How documents are run, not what is extracted: batches, worker processes, Dask, per-document limits.

:func:`~extract.run.batch.run_batch` runs :func:`~extract.run.batch.process_document`
(one input through :mod:`extract.pipeline` and :mod:`extract.export`, never raising
for the document's sake) over many inputs; :mod:`.dask_runner` submits the same
function to a cluster; :mod:`.limits` holds the per-document time limit. The
public names are re-exported by :mod:`extract.batch`.
"""
