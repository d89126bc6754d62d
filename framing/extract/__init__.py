"""Feature extractors: scikit-learn transformers from a corpus table to features and mentions.

Each family lives in its own module; :data:`EXTRACTORS` maps the short names used
by the command line and run configs to the classes, imported on first use.

Examples
--------
>>> sorted(EXTRACTORS)[:3]
['agency', 'dictionary', 'frames']
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EXTRACTORS", "get_extractor_class", "make_extractor"]

#: short name -> "module:Class"
EXTRACTORS: dict[str, str] = {
    "wording": "framing.extract.wording:WordingFeatures",
    "tone": "framing.extract.tone:ToneFeatures",
    "labels": "framing.extract.labels:LabelDiscovery",
    "sourcing": "framing.extract.sourcing:SourcingFeatures",
    "agency": "framing.extract.agency:AgencyFeatures",
    "frames": "framing.extract.frames:FrameFeatures",
    "policy_frames": "framing.extract.frames:PolicyFrameFeatures",
    "dictionary": "framing.extract.dictionary:DictionaryFeatures",
    "roles": "framing.extract.roles:RoleFeatures",
}


def get_extractor_class(name: str) -> type:
    """The extractor class registered under ``name``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.
    """
    target = EXTRACTORS.get(name)
    if target is None:
        raise ValueError(f"unknown extractor {name!r}; choose from {sorted(EXTRACTORS)}")
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)


def make_extractor(name: str, **params: Any) -> Any:
    """Build the extractor registered under ``name`` with keyword ``params``."""
    return get_extractor_class(name)(**params)


def __getattr__(name: str) -> Any:
    for target in EXTRACTORS.values():
        module, cls = target.split(":")
        if cls == name:
            return getattr(importlib.import_module(module), cls)
    raise AttributeError(f"module 'framing.extract' has no attribute {name!r}")
