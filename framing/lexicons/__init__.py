"""Concept lexicons: YAML word lists with a schema, validated on load.

See :mod:`framing.lexicons.schema` (and ``docs/lexicons.md``) for the file format.

Examples
--------
>>> from framing.lexicons import load_lexicon
>>> load_lexicon("syria-transition").concepts["anti_assad_forces"].labels["rebels"].tags
{'stance': 'neutral'}
"""

from __future__ import annotations

from framing.lexicons.schema import (
    Concept,
    Label,
    Lexicon,
    LexiconError,
    LexiconNotFoundError,
    Sense,
    Variant,
    available_lexicons,
    list_lexicons,
    load_lexicon,
    noun_forms,
    parse_lexicon,
    verb_forms,
)

__all__ = [
    "Concept",
    "Label",
    "Lexicon",
    "LexiconError",
    "LexiconNotFoundError",
    "Sense",
    "Variant",
    "available_lexicons",
    "list_lexicons",
    "load_lexicon",
    "noun_forms",
    "parse_lexicon",
    "verb_forms",
]
