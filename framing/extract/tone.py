"""Tone: sentence sentiment per article, per field and per target.

Every sentence of every field read (headline, captions, body by default) is
scored on its own with a sentiment lexicon, then averaged:

* **per article**: the mean score over all sentences of all fields read, the
  share of positive and of negative sentences, and the number of sentences;
* **per field**: the mean over that field's sentences (the headline's tone
  apart from the body's: ``tone__title__polarity``);
* **per target**: the mean over the sentences that mention a target (a person,
  a group, a concept of a lexicon), e.g. ``tone__target__sharaa__polarity``.

Two scorers (``backend``):

``"textblob"`` (default)
    TextBlob's default ``PatternAnalyzer``: the pattern sentiment lexicon with
    intensifiers, negation, exclamation marks and emoticons [1]_, computed by
    :func:`framing.text.sentiment.polarity_subjectivity_many` with numbers
    identical to ``TextBlob(sentence).sentiment``. Scores ``polarity``
    (-1 to 1) and ``subjectivity`` (0 to 1).
``"vader"``
    VADER [2]_ (package ``vaderSentiment``, ``pip install framing[vader]``):
    ``compound`` (-1 to 1, normalized sum of valences), ``pos``, ``neg`` and
    ``neu`` (proportions of the text that are positive, negative, neutral).

Choices
-------
* The unit is the sentence (:func:`framing.text.sentences.sentence_spans`);
  means are **unweighted means over sentences**, not weighted by words: the
  scorer already averages within a sentence, and weighting by length would
  let a few long sentences set an article's tone.
* Sentences without any word of the lexicon score 0 and count: a neutral,
  factual sentence is part of an article's tone.
* A sentence is **positive** when its main score (``polarity`` or
  ``compound``) is ``>= threshold`` and **negative** when ``<= -threshold``.
  Default thresholds: 0.1 for TextBlob (pattern's own ``positive()``
  threshold [1]_), 0.05 for VADER (its authors' recommended cut-off [2]_).
* **Missing evidence is NaN, not zero**: a mean or share over no sentence (an
  empty field, an empty article, a target never mentioned) is NaN, and the
  matching ``n_sentences`` is 0. A field of punctuation only is one sentence
  scoring 0. Impute (e.g. ``sklearn.impute.SimpleImputer``) before models that
  refuse NaN.
* A target is mentioned in a sentence when one of its phrases starts in it
  (:class:`framing.text.match.PhraseMatcher` rules: word boundaries, case
  folding, longest match wins). Each target has its own matcher, so targets
  may share words (``al-Sharaa`` for ``sharaa`` and ``President al-Sharaa``
  for ``president``); a lexicon target uses its lexicon's matcher, so the
  lexicon's own longest-match rule decides between its labels.

References
----------
.. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal of
   Machine Learning Research 13, 2063-2067.
.. [2] Hutto, C. J. and Gilbert, E. (2014). VADER: a parsimonious rule-based
   model for sentiment analysis of social media text. Proceedings of the
   Eighth International AAAI Conference on Weblogs and Social Media (ICWSM
   2014), 216-225.

Examples
--------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a"], "title": ["Good news for Sharaa"],
...                        "text": ["Sharaa won. The weather was terrible."]})
>>> tone = ToneFeatures(targets={"sharaa": ["Sharaa", "al-Sharaa"]}, fields=("title", "text"))
>>> features, mentions = tone.fit(corpus).extract(corpus)
>>> features[["tone__title__polarity", "tone__target__sharaa__polarity",
...           "tone__target__sharaa__n_sentences"]].round(3).values.tolist()
[[0.7, 0.35, 2.0]]
>>> mentions[["field", "matched", "polarity", "targets"]].values.tolist()
[['title', 'Good news for Sharaa', 0.7, 'sharaa'], ['text', 'Sharaa won.', 0.0, 'sharaa'], ['text', 'The weather was terrible.', -1.0, '']]
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, sentence_id_at
from framing.text.match import PhraseMatcher
from framing.text.sentences import sentence_spans

__all__ = [
    "ToneFeatures",
    "TargetSpec",
    "BACKEND_SCORES",
    "DEFAULT_THRESHOLDS",
    "score_sentences",
    "resolve_targets",
]

log = logging.getLogger(__name__)

#: Score columns per backend; the first one decides positive/negative sentences.
BACKEND_SCORES: dict[str, tuple[str, ...]] = {
    "textblob": ("polarity", "subjectivity"),
    "vader": ("compound", "pos", "neg", "neu"),
}

#: Default positive/negative cut-off on the main score, per backend.
DEFAULT_THRESHOLDS: dict[str, float] = {"textblob": 0.1, "vader": 0.05}

_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$")


# ---------------------------------------------------------------------------
# scoring


@lru_cache(maxsize=1)
def _vader_analyzer() -> Any:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "backend='vader' needs the vaderSentiment package, which is not installed: "
            "pip install framing[vader] (or pip install vaderSentiment), or use backend='textblob'"
        ) from exc
    return SentimentIntensityAnalyzer()


def _check_backend(backend: Any) -> str:
    if backend not in BACKEND_SCORES:
        raise ValueError(f"backend must be one of {sorted(BACKEND_SCORES)}, got {backend!r}")
    return backend


def _scorer(backend: str) -> Callable[[list[str]], list[tuple[float, ...]]]:
    if backend == "textblob":
        from framing.text.sentiment import _model, _score

        model = _model()

        def score_textblob(sentences: list[str]) -> list[tuple[float, ...]]:
            return [_score(model.records(s)) if s else (0.0, 0.0) for s in sentences]

        return score_textblob
    analyzer = _vader_analyzer()

    def score_vader(sentences: list[str]) -> list[tuple[float, ...]]:
        out = []
        for s in sentences:
            d = analyzer.polarity_scores(s)
            out.append((d["compound"], d["pos"], d["neg"], d["neu"]))
        return out

    return score_vader


def score_sentences(sentences: Sequence[str], backend: str = "textblob") -> np.ndarray:
    """Score each sentence with a backend; columns as :data:`BACKEND_SCORES`.

    Parameters
    ----------
    sentences : sequence of str
        The sentences (any texts) to score, each on its own.
    backend : {"textblob", "vader"}
        ``"textblob"`` gives ``polarity, subjectivity`` identical to
        ``TextBlob(s).sentiment``; ``"vader"`` gives ``compound, pos, neg, neu``.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(sentences), n_scores)``.

    Raises
    ------
    ValueError
        For an unknown backend.
    ImportError
        For ``"vader"`` when ``vaderSentiment`` is not installed.

    References
    ----------
    .. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. JMLR 13, 2063-2067.
    .. [2] Hutto, C. J. and Gilbert, E. (2014). VADER. ICWSM 2014, 216-225.

    Examples
    --------
    >>> score_sentences(["Great news.", "Bad news."]).round(2).tolist()
    [[0.8, 0.75], [-0.7, 0.67]]
    """
    backend = _check_backend(backend)
    items = list(sentences)
    for k, s in enumerate(items):
        if not isinstance(s, str):
            raise TypeError(f"sentence {k} is {type(s).__name__} ({s!r:.60}), expected str")
    rows = _scorer(backend)(items)
    width = len(BACKEND_SCORES[backend])
    return np.asarray(rows, dtype=float).reshape(len(items), width)


# ---------------------------------------------------------------------------
# targets


@dataclass(frozen=True)
class TargetSpec:
    """What counts as a mention of one target.

    Either ``phrases`` (plain phrases, matched case-insensitively) or a lexicon
    selection: ``lexicon`` (a :class:`framing.lexicons.schema.Lexicon`),
    ``concept`` and optionally ``label``.
    """

    name: str
    phrases: tuple[str, ...] = ()
    lexicon: Any = None
    concept: str | None = None
    label: str | None = None

    def describe(self) -> str:
        """A short human-readable description."""
        if self.lexicon is None:
            return f"phrases {list(self.phrases)}"
        sel = self.concept if self.label is None else f"{self.concept}:{self.label}"
        return f"lexicon {self.lexicon.name}:{sel}"


def _load_lexicon(ref: Any) -> Any:
    try:
        from framing.lexicons import load_lexicon  # type: ignore[attr-defined]
    except ImportError:
        try:
            from framing.lexicons.schema import load_lexicon
        except ImportError as exc:  # pragma: no cover - only without the lexicon package
            raise ImportError(
                "lexicon references in ToneFeatures(targets=...) need framing.lexicons.load_lexicon; "
                "give targets as phrase lists instead, e.g. {'sharaa': ['Sharaa', 'al-Sharaa']}"
            ) from exc
    return load_lexicon(ref)


def _lexicon_list(lexicons: Any) -> list[Any]:
    if lexicons is None:
        return []
    if isinstance(lexicons, (str, bytes)) or not isinstance(lexicons, Sequence):
        lexicons = [lexicons]
    return [_load_lexicon(x) for x in lexicons]


def _check_name(name: Any, where: str) -> str:
    if not isinstance(name, str) or not _NAME_RE.match(name) or "__" in name:
        raise ValueError(
            f"{where}: target name {name!r} is not usable in column names; use letters, digits, "
            "'_' or '-' (no spaces, no '__'), e.g. 'sharaa'"
        )
    return name


def _parse_reference(name: str, ref: str, known: dict[str, Any]) -> TargetSpec:
    parts = ref.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError(
            f"target {name!r}: {ref!r} is not a lexicon reference; write 'lexicon:concept' or "
            "'lexicon:concept:label' (e.g. 'syria-transition:anti_assad_forces'), or give a list of "
            "phrases to match them literally, e.g. ['Sharaa']"
        )
    lex = known.get(parts[0])
    if lex is None:
        lex = _load_lexicon(parts[0])
    if len(parts) == 3:
        concept, label = parts[1], parts[2]
        if concept not in lex.concepts or label not in lex.concepts[concept].labels:
            raise ValueError(
                f"target {name!r}: lexicon {lex.name!r} has no label {concept}:{label}; "
                f"its labels are {[f'{c}:{lab}' for c, lab in lex.labels()][:30]}"
            )
        return TargetSpec(name, lexicon=lex, concept=concept, label=label)
    key = parts[1]
    if key in lex.concepts:
        return TargetSpec(name, lexicon=lex, concept=key)
    owners = [c for c, lab in lex.labels() if lab == key]
    if len(owners) == 1:
        return TargetSpec(name, lexicon=lex, concept=owners[0], label=key)
    if len(owners) > 1:
        raise ValueError(
            f"target {name!r}: label {key!r} occurs in concepts {owners} of lexicon {lex.name!r}; "
            f"write '{lex.name}:<concept>:{key}'"
        )
    raise ValueError(
        f"target {name!r}: lexicon {lex.name!r} has no concept or label {key!r}; "
        f"concepts are {sorted(lex.concepts)}"
    )


def resolve_targets(targets: Any = None, lexicons: Any = None) -> dict[str, TargetSpec]:
    """Turn the ``targets`` and ``lexicons`` arguments into named :class:`TargetSpec` objects.

    Parameters
    ----------
    targets : dict, list of str or None
        * ``{name: [phrase, ...]}``: a target per name, mentioned by any phrase;
        * ``{name: "lexicon:concept"}`` or ``{name: "lexicon:concept:label"}``
          (``"lexicon:label"`` also works when the label name is unique): the
          variants of that concept or label in a lexicon;
        * ``["lexicon:concept", ...]``: references named after their last part.
    lexicons : str, Lexicon or list of them, optional
        Lexicons (shipped names, YAML paths or loaded objects). Every concept
        becomes a target named ``<lexicon slug>__<concept>``, and references
        in ``targets`` look these lexicons up by name first.

    Returns
    -------
    dict
        Target name -> :class:`TargetSpec`, in the order given (explicit
        targets first).

    Raises
    ------
    ValueError, TypeError
        For malformed targets, unknown lexicon parts or duplicate names; the
        message names the target.

    Examples
    --------
    >>> specs = resolve_targets({"sharaa": ["Sharaa", "al-Sharaa"]})
    >>> specs["sharaa"].phrases
    ('Sharaa', 'al-Sharaa')
    """
    lexes = _lexicon_list(lexicons)
    known = {lex.name: lex for lex in lexes}
    specs: dict[str, TargetSpec] = {}

    def add(spec: TargetSpec) -> None:
        if spec.name in specs:
            raise ValueError(
                f"two targets are named {spec.name!r} ({specs[spec.name].describe()} and "
                f"{spec.describe()}); name them apart with a dict, e.g. {{'{spec.name}_2': ...}}"
            )
        specs[spec.name] = spec

    if targets is None:
        pass
    elif isinstance(targets, Mapping):
        for name, value in targets.items():
            _check_name(name, "targets")
            if isinstance(value, str):
                add(_parse_reference(name, value, known))
            elif isinstance(value, Sequence) and not isinstance(value, bytes):
                phrases = tuple(value)
                if not phrases:
                    raise ValueError(f"target {name!r} has no phrases; give at least one, e.g. ['{name}']")
                for p in phrases:
                    if not isinstance(p, str) or not p.strip():
                        raise ValueError(f"target {name!r}: phrases must be non-empty strings, found {p!r}")
                add(TargetSpec(name, phrases=phrases))
            else:
                raise TypeError(
                    f"target {name!r}: expected a list of phrases or a 'lexicon:concept' reference, "
                    f"found {type(value).__name__}"
                )
    elif isinstance(targets, Sequence) and not isinstance(targets, (str, bytes)):
        for ref in targets:
            if not isinstance(ref, str):
                raise TypeError(
                    f"targets as a list must hold 'lexicon:concept' references, found {ref!r}; "
                    "for phrases use a dict such as {'sharaa': ['Sharaa', 'al-Sharaa']}"
                )
            name = ref.rsplit(":", 1)[-1].replace(" ", "_")
            add(_parse_reference(_check_name(name, f"targets ({ref!r})"), ref, known))
    else:
        raise TypeError(
            "targets must be a dict such as {'sharaa': ['Sharaa', 'al-Sharaa']}, a list of "
            f"'lexicon:concept' references, or None; found {type(targets).__name__}"
        )
    for lex in lexes:
        for concept in lex.concepts:
            add(TargetSpec(f"{lex.slug}__{concept}", lexicon=lex, concept=concept))
    return specs


class _TargetFinder:
    """Sentence ids of target mentions in a text, one matcher per phrase target and per lexicon."""

    def __init__(self, specs: Mapping[str, TargetSpec]) -> None:
        self.names = list(specs)
        self.phrase_matchers: list[tuple[str, PhraseMatcher]] = []
        by_lexicon: dict[int, tuple[Any, list[TargetSpec]]] = {}
        for spec in specs.values():
            if spec.lexicon is None:
                self.phrase_matchers.append((spec.name, PhraseMatcher((p, spec.name) for p in spec.phrases)))
            else:
                by_lexicon.setdefault(id(spec.lexicon), (spec.lexicon, []))[1].append(spec)
        self.lexicon_matchers = [(lex.matcher(), sel) for lex, sel in by_lexicon.values()]

    def find(self, text: str, spans: Sequence[tuple[int, int]]) -> dict[str, set[int]]:
        """Target name -> ids of the sentences (``spans`` of ``text``) where it is mentioned."""
        found: dict[str, set[int]] = {}
        if not text or not spans:
            return found

        def sid(offset: int) -> int:
            return sentence_id_at(spans, offset)

        for name, matcher in self.phrase_matchers:
            for hit in matcher.find(text):
                found.setdefault(name, set()).add(sid(hit.start))
        for matcher, selections in self.lexicon_matchers:
            for hit in matcher.find(text):
                for spec in selections:
                    if any(
                        getattr(p, "concept", None) == spec.concept
                        and (spec.label is None or getattr(p, "label", None) == spec.label)
                        for p in hit.payloads
                    ):
                        found.setdefault(spec.name, set()).add(sid(hit.start))
        return found


# ---------------------------------------------------------------------------
# the extractor


def _mean(rows: list[tuple[float, ...]], j: int) -> float:
    if not rows:
        return math.nan
    return sum(r[j] for r in rows) / len(rows)


class ToneFeatures(BaseExtractor):
    """Sentence tone per article, per field and per target (prefix ``tone``).

    Parameters
    ----------
    targets : dict or list, optional
        Targets whose tone to measure: ``{name: [phrase, ...]}``,
        ``{name: "lexicon:concept[:label]"}`` or a list of such references
        (see :func:`resolve_targets`).
    backend : {"textblob", "vader"}, default "textblob"
        The sentence scorer (see the module docstring).
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns to read.
    lexicons : str, Lexicon or list, optional
        Lexicons whose every concept becomes a target
        ``<lexicon slug>__<concept>``; references in ``targets`` use them first.
    threshold : float, optional
        Cut-off on the main score for positive (``>= threshold``) and negative
        (``<= -threshold``) sentences; default 0.1 (textblob) or 0.05 (vader).

    Attributes
    ----------
    targets_ : dict
        Target name -> :class:`TargetSpec`.
    scores_ : tuple of str
        Score names of the backend.
    threshold_ : float
        The threshold in use.

    Notes
    -----
    Columns (``<s>`` is each score: ``polarity, subjectivity`` for textblob;
    ``compound, pos, neg, neu`` for vader):

    ``tone__<s>``
        mean over all sentences of all fields read (NaN when there is none);
    ``tone__share_positive``, ``tone__share_negative``
        share of those sentences whose main score is ``>= threshold`` /
        ``<= -threshold`` (NaN when there is no sentence);
    ``tone__n_sentences``
        number of sentences over the fields read;
    ``tone__<field>__<s>``, ``tone__<field>__n_sentences``
        the same mean and count within one field (``tone__title__polarity``);
    ``tone__target__<name>__<s>``, ``tone__target__<name>__n_sentences``
        mean over the sentences (any field) mentioning the target; NaN and 0
        when no sentence mentions it.

    The mentions table has one row per sentence scored: ``doc_id, field,
    sentence_id, start, end, matched`` (the sentence, with offsets into the
    field), the scores, and ``targets`` (names of the targets it mentions,
    joined by ``;``, empty when none).

    References
    ----------
    .. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal
       of Machine Learning Research 13, 2063-2067.
    .. [2] Hutto, C. J. and Gilbert, E. (2014). VADER: a parsimonious
       rule-based model for sentiment analysis of social media text. ICWSM
       2014, 216-225.

    Examples
    --------
    >>> tone = ToneFeatures(fields=("text",)).fit(["Good."])
    >>> list(tone.get_feature_names_out())[:3]
    ['tone__polarity', 'tone__subjectivity', 'tone__share_positive']
    >>> tone.transform(["What a wonderful day. It rained.", ""]).round(2).tolist()[0]
    [0.5, 0.5, 0.5, 0.0, 2.0, 0.5, 0.5, 2.0]
    """

    prefix = "tone"

    def __init__(
        self,
        *,
        targets: Any = None,
        backend: str = "textblob",
        fields: Sequence[str] = DEFAULT_FIELDS,
        lexicons: Any = None,
        threshold: float | None = None,
    ) -> None:
        self.targets = targets
        self.backend = backend
        self.fields = fields
        self.lexicons = lexicons
        self.threshold = threshold

    @property
    def mention_columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """Columns after the shared ones: the backend's scores, then ``targets``."""
        backend = self.backend if self.backend in BACKEND_SCORES else "textblob"
        return (*BACKEND_SCORES[backend], "targets")

    def _fit(self, docs: list[Document]) -> None:
        backend = _check_backend(self.backend)
        if backend == "vader":
            _vader_analyzer()  # fail now, with the install hint, not at transform time
        threshold = DEFAULT_THRESHOLDS[backend] if self.threshold is None else self.threshold
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
            raise ValueError(
                f"threshold must be a number in (0, 1] (sentences >= threshold are positive, "
                f"<= -threshold negative), got {self.threshold!r}"
            )
        self.threshold_ = float(threshold)
        self.scores_ = BACKEND_SCORES[backend]
        self.targets_ = resolve_targets(self.targets, self.lexicons)
        self._finder = None

    def _feature_names(self) -> list[str]:
        scores = self.scores_
        names = [*scores, "share_positive", "share_negative", "n_sentences"]
        for f in self._fields():
            names += [f"{f}__{s}" for s in scores] + [f"{f}__n_sentences"]
        for t in self.targets_:
            names += [f"target__{t}__{s}" for s in scores] + [f"target__{t}__n_sentences"]
        return names

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_finder", None)  # matchers are rebuilt on demand
        state.pop("_score_fn", None)
        return state

    def _target_finder(self) -> _TargetFinder:
        finder = getattr(self, "_finder", None)
        if finder is None:
            finder = self._finder = _TargetFinder(self.targets_)
        return finder

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        score_fn = getattr(self, "_score_fn", None)
        if score_fn is None:
            score_fn = self._score_fn = _scorer(self.backend)
        scores = self.scores_
        finder = self._target_finder() if self.targets_ else None
        values: dict[str, float] = {}
        mentions: list[dict[str, Any]] = []
        all_rows: list[tuple[float, ...]] = []
        target_rows: dict[str, list[tuple[float, ...]]] = {t: [] for t in self.targets_}
        for field in self._fields():
            text = doc.fields.get(field, "")
            spans = sentence_spans(text) if text else []
            sentences = [text[s:e] for s, e in spans]
            rows = score_fn(sentences)
            all_rows.extend(rows)
            for j, s in enumerate(scores):
                values[f"{field}__{s}"] = _mean(rows, j)
            values[f"{field}__n_sentences"] = float(len(rows))
            by_sentence: dict[int, list[str]] = {}
            if finder is not None and spans:
                found = finder.find(text, spans)
                for name in self.targets_:
                    for k in sorted(found.get(name, ())):
                        target_rows[name].append(rows[k])
                        by_sentence.setdefault(k, []).append(name)
            for k, ((start, end), sentence, row) in enumerate(zip(spans, sentences, rows)):
                m = {"field": field, "sentence_id": k, "start": start, "end": end, "matched": sentence}
                m.update(zip(scores, row))
                m["targets"] = ";".join(by_sentence.get(k, ()))
                mentions.append(m)
        n = len(all_rows)
        for j, s in enumerate(scores):
            values[s] = _mean(all_rows, j)
        cut = self.threshold_
        values["share_positive"] = sum(r[0] >= cut for r in all_rows) / n if n else math.nan
        values["share_negative"] = sum(r[0] <= -cut for r in all_rows) / n if n else math.nan
        values["n_sentences"] = float(n)
        for name, rows in target_rows.items():
            for j, s in enumerate(scores):
                values[f"target__{name}__{s}"] = _mean(rows, j)
            values[f"target__{name}__n_sentences"] = float(len(rows))
        return values, mentions
