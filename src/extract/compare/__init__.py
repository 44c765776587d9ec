"""Compare two documents of one series (year over year): what is new, dropped, reworded, moved.

Entry point: :func:`run_diff` (the ``diff`` command: two inputs → ``diff.json``, ``diff.csv``,
``diff.html``). The steps, each its own module: :mod:`.load` reads a side (a PDF or text dump
through the pipeline, or a processed folder's ``document.json``); :mod:`.pairing` pairs work
points, key tasks and sections by text similarity and an optimal assignment; :mod:`.changes`
labels each pair and diffs its fields; :mod:`.targets` finds numbers that changed;
:mod:`.diff` puts them together (:func:`compare`); :mod:`.outputs` and :mod:`.report_html`
write the files.

It sits beside :mod:`extract.run` in the layers: it runs the pipeline and reads the export
stage's ``document.json``, and nothing in the pipeline depends on it.
"""

from .command import run_diff
from .diff import Diff, compare
from .load import Side, load_side
from .outputs import diff_json, write_diff

__all__ = ["Diff", "Side", "compare", "diff_json", "load_side", "run_diff", "write_diff"]
