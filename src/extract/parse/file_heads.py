"""What a file's first bytes say it is, before any reader is loaded: shared by the check of an input
(:mod:`.source`) and the OFD reader, which refuses a package that is not a ZIP."""

from __future__ import annotations


def is_zip_head(head: bytes) -> bool:
    """Whether bytes start a ZIP archive (a local file header, or an empty archive's end record)."""
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06")
