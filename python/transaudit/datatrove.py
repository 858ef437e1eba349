"""A datatrove filter: ``TransauditFilter`` drops the documents transaudit
rejects (machine-translation residue, scraped page chrome) from a datatrove
pipeline, and records each kept document's verdict in its metadata.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from transaudit.datatrove import TransauditFilter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("crawl/"),
        TransauditFilter(drop=("reject",), exclusion_writer=JsonlWriter("dropped/")),
        JsonlWriter("kept/"),
    ], tasks=4).run()

Needs ``pip install datatrove`` (``pip install transaudit[datatrove]``).
"""

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

from ._transaudit import Linter

FilterResult = Union[bool, Tuple[bool, str]]


class TransauditFilter(BaseFilter):
    """Keeps a document unless its transaudit verdict is in ``drop``.

    Documents are linted ``batch_size`` at a time with
    :meth:`transaudit.Linter.check_batch` (in parallel, without the GIL).
    Each document's ``metadata`` gains ``transaudit_verdict``,
    ``transaudit_density`` and ``transaudit_categories``; a dropped
    document's reason is ``transaudit_<verdict>`` (in the exclusion writer's
    output and the stats), or ``transaudit_error`` for a text that cannot be
    linted (kept unless ``drop_errors``).
    """

    name = "🈂 transaudit"

    def __init__(
        self,
        lang: Optional[str] = None,
        config: Optional[str] = None,
        drop: Iterable[str] = ("reject",),
        drop_errors: bool = False,
        markup: str = "plain",
        review_density: Optional[float] = None,
        reject_density: Optional[float] = None,
        min_findings: Optional[int] = None,
        exclusion_writer: Any = None,
        batch_size: int = 256,
    ) -> None:
        super().__init__(exclusion_writer, batch_size)
        self.drop = frozenset(drop)
        unknown = self.drop - {"clean", "review", "reject"}
        if unknown:
            raise ValueError(f"drop: unknown verdicts {sorted(unknown)}; use clean, review, reject")
        self.drop_errors = drop_errors
        self._options: Dict[str, Any] = dict(
            lang=lang,
            config=config,
            markup=markup,
            review_density=review_density,
            reject_density=reject_density,
            min_findings=min_findings,
        )
        self._linter: Optional[Linter] = None

    @property
    def linter(self) -> Linter:
        """Compiled on first use, in the worker (a Linter is not pickled)."""
        if self._linter is None:
            self._linter = Linter(self._options["lang"], self._options["config"], **{
                k: v for k, v in self._options.items() if k not in ("lang", "config")
            })
        return self._linter

    def __getstate__(self) -> Dict[str, Any]:
        state = self.__dict__.copy()
        state["_linter"] = None
        return state

    def _judge(self, doc: Document, result: Dict[str, Any]) -> FilterResult:
        if "error" in result:
            doc.metadata["transaudit_error"] = result["error"]
            self.stat_update("transaudit_error")
            return (False, "transaudit_error") if self.drop_errors else True
        verdict = result["verdict"]
        doc.metadata["transaudit_verdict"] = verdict
        doc.metadata["transaudit_density"] = result["density"]
        doc.metadata["transaudit_categories"] = dict(result["categories"])
        self.stat_update(f"transaudit_{verdict}")
        if verdict in self.drop:
            return False, f"transaudit_{verdict}"
        return True

    def filter(self, doc: Document) -> FilterResult:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: List[Document]) -> List[FilterResult]:
        results = self.linter.check_batch([doc.text for doc in batch])
        return [self._judge(doc, r) for doc, r in zip(batch, results)]
