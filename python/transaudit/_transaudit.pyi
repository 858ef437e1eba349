"""Type stubs of the extension module (python/src/lib.rs)."""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

Finding = Dict[str, Any]
"""rule, category, severity, message, line, column, end_line, end_column,
byte_start, byte_end, scope, fix (None or {replacement, applicability})."""

Assessment = Dict[str, Any]
"""findings, density, categories, verdict ("clean" | "review" | "reject"),
words; or error (str) for a text that could not be linted."""

class TransauditError(Exception):
    """A config or rule-file error, or a bad argument."""

    path: Optional[str]
    """The file at fault (config or rule file), if any."""
    line: Optional[int]
    """1-based line in that file, when known."""

class Linter:
    """A compiled rule set: build it once, lint many texts."""

    def __init__(
        self,
        lang: Optional[str] = None,
        config: Optional[Union[str, os.PathLike[str]]] = None,
        *,
        markup: str = "plain",
        review_density: Optional[float] = None,
        reject_density: Optional[float] = None,
        min_findings: Optional[int] = None,
        select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
    ) -> None: ...
    def check(self, text: str) -> List[Finding]:
        """The findings in one text."""
    def check_batch(self, texts: Sequence[str]) -> List[Assessment]:
        """One assessment per text, in order; parallel, without the GIL."""
    @property
    def lang(self) -> str: ...
    @property
    def thresholds(self) -> Tuple[float, float, int]:
        """(review_density, reject_density, min_findings)."""

def run_cli(argv: List[str]) -> int:
    """Runs the transaudit command line in this process; the exit code."""
