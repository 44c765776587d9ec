"""The naive pass a user would write: open the PDF with pdfplumber, extract_text() and extract_tables() on every page.

This is the baseline that ``benchmarks/bench.py`` compares the full command line
against, run in a fresh Python process just like the command line::

    python benchmarks/naive.py data/raw/qingpu-2022.pdf [--close-pages]

``--close-pages`` also releases each page after use (``page.close()``), which a
careful user might add; the default is the loop as most people write it.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    import pdfplumber

    paths = [a for a in argv if not a.startswith("--")]
    close = "--close-pages" in argv
    if len(paths) != 1:
        print("usage: python benchmarks/naive.py PDF [--close-pages]", file=sys.stderr)
        return 2
    texts: list[str] = []
    tables: list[list] = []
    with pdfplumber.open(paths[0]) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text())
            tables.append(page.extract_tables())
            if close:
                page.close()
    chars = sum(len(t or "") for t in texts)
    print(f"{len(texts)} pages, {sum(len(t) for t in tables)} tables, {chars} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
