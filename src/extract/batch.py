"""The public batch API: many documents at once, each failing alone (see :mod:`extract.run.batch`).

``from extract.batch import Options, run_batch`` is the documented way in; the
machinery lives in :mod:`extract.run`.
"""

from .run.batch import Options, Outcome, Progress, default_jobs, plan, process_document, run_batch, summary_lines

__all__ = ["Options", "Outcome", "Progress", "default_jobs", "plan", "process_document", "run_batch", "summary_lines"]
