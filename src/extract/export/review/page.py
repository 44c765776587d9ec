"""The review page: the template with its style, its script and the data filled in.

Everything the page needs is inside the one HTML file except the page images beside it, so it opens
from ``file://`` with no server and no network. The data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped (no document text can
close the block or open a tag), and a Content-Security-Policy lets the page run only its own script
and style (by hash), load only images beside it and connect nowhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
from importlib import resources
from typing import Any


def asset(name: str) -> str:
    """A file of the page's template (``review.html``, ``review.css``, ``review.js``), shipped in the package."""
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """JSON safe inside a script block: ``</script>`` or ``<!--`` in a value stays text."""
    import orjson

    text = orjson.dumps(data).decode("utf-8")
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def review_html(payload: dict[str, Any], title: str, generator: str) -> str:
    css, js = asset("review.css"), asset("review.js")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src {_sha256(css)}",
            f"script-src {_sha256(js)}",
            # 'self' alone: Chromium lets a file:// page load its neighbours, but per the CSP spec a file's
            # origin is opaque and matches nothing, so browsers that follow it would block the images.
            "img-src 'self' file:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    fills = {
        "{{csp}}": csp,
        "{{generator}}": html.escape(generator),
        "{{title}}": html.escape(title),
        "{{css}}": css,
        "{{js}}": js,
        "{{data}}": embed_json(payload),
    }
    page = asset("review.html")
    # One pass over the template's own markers: a filled-in value is never searched for markers again.
    out, rest = [], page
    while "{{" in rest:
        head, _, tail = rest.partition("{{")
        name, _, rest = tail.partition("}}")
        out.append(head)
        out.append(fills["{{" + name + "}}"])
    out.append(rest)
    return "".join(out)
