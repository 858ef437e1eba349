"""transaudit from Python: lint article texts and get a verdict per document.

    >>> import transaudit
    >>> linter = transaudit.Linter(lang="fr")      # compiled once, reused
    >>> [f["rule"] for f in linter.check("Il a parcouru 55 miles.")]
    ['unit/imperial']
    >>> linter.check_batch(["Le conseil a voté le budget."])[0]["verdict"]
    'clean'

Findings are dicts with the fields of the JSON format (``rule``,
``category``, ``severity``, ``message``, ``line``, ``column``,
``end_line``, ``end_column``, ``byte_start``, ``byte_end``, ``scope``,
``fix``); offsets are into the UTF-8 bytes of the text, so slice
``text.encode()[f["byte_start"]:f["byte_end"]]``.
"""

from ._transaudit import Linter, TransauditError

__all__ = ["Linter", "TransauditError", "char_span"]


def char_span(text: str, finding: dict) -> "tuple[int, int]":
    """The ``str`` indices of a finding in ``text`` (its offsets are bytes)."""
    data = text.encode("utf-8")
    start = len(data[: finding["byte_start"]].decode("utf-8", errors="ignore"))
    end = start + len(
        data[finding["byte_start"] : finding["byte_end"]].decode("utf-8", errors="ignore")
    )
    return start, end

