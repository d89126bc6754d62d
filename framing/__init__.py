"""framing: media bias and framing analysis for news corpora.

Articles in -> clean corpus (one row per article) -> features (scikit-learn
transformers) -> comparison across outlets -> figures and reproducible runs.

``import framing`` stays light: public names are loaded on first use.

Examples
--------
>>> import framing
>>> framing.__version__ == framing._version.__version__
True
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from framing._version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "read_corpus": "framing.corpus.read",
    "read_corpus_with_rejects": "framing.corpus.read",
    "parse_scraped": "framing.corpus.scrape",
    "normalize_text": "framing.corpus.text",
    "find_syndication": "framing.corpus.syndication",
    "load_dataset": "framing.datasets",
    "list_datasets": "framing.datasets",
    "sentences": "framing.text.sentences",
    "split_sentences": "framing.text.sentences",
    "CORPUS_COLUMNS": "framing.corpus.schema",
    "dedupe_syndicated": "framing.corpus.syndication",
    "load_lexicon": "framing.lexicons",
    "list_lexicons": "framing.lexicons",
    "PhraseMatcher": "framing.text.match",
    "WordingFeatures": "framing.extract.wording",
    "ToneFeatures": "framing.extract.tone",
    "LabelDiscovery": "framing.extract.labels",
    "SourcingFeatures": "framing.extract.sourcing",
    "AgencyFeatures": "framing.extract.agency",
    "FrameFeatures": "framing.extract.frames",
    "PolicyFrameFeatures": "framing.extract.frames",
    "DictionaryFeatures": "framing.extract.dictionary",
    "fighting_words": "framing.compare.terms",
    "FightingWords": "framing.compare.estimator",
    "label_choice": "framing.compare.labels",
    "compare_corpus": "framing.compare",
    "match_events": "framing.compare.events",
    "same_event_corpus": "framing.compare.events",
    "outlet_similarity": "framing.compare.similarity",
    "make_pipeline": "framing.classify",
    "evaluate": "framing.classify",
    "kwic": "framing.extract.evidence",
    "run": "framing.run",
    "load_config": "framing.config",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
