"""The checks every free-text query passes before it is searched, without heavy imports.

``hs suggest`` must answer from a cold shell in under a second, so its path may not import
pandas; :mod:`coopatlas.match.names` does (it builds frames), hence this small module that
both ``find`` and ``hs suggest`` call.
"""

from __future__ import annotations

from coopatlas.errors import UserError

MAX_QUERY = 500


def check_query(text: str) -> str:
    """The query stripped, or a :class:`UserError` saying why it cannot be searched."""
    clean = text.strip()
    if not clean:
        raise UserError("empty query: give a name or some words to search for")
    if len(clean) > MAX_QUERY:
        raise UserError(f"query too long: {len(clean)} characters (at most {MAX_QUERY})")
    if "\x00" in clean or not any(ch.isalnum() for ch in clean):
        raise UserError("query has no letters or digits to search for")
    printable = sum(ch.isprintable() for ch in clean) / len(clean)
    if printable < 0.9:
        raise UserError("query looks like binary data, not text")
    return clean
