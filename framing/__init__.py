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
    "CORPUS_COLUMNS": "framing.corpus.schema",
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
