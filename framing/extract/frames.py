"""Frame indicators: generic news frames and policy framing dimensions, from lexicons and rules.

Two extractors count, per article, the words and patterns that give evidence of a frame:

:class:`FrameFeatures` (prefix ``frames``)
    the five generic news frames of Semetko and Valkenburg [1]_ (attribution of
    responsibility, human interest, conflict, morality, economic consequences),
    with indicators grouped by the coding question of their question battery
    that each one gives evidence for (:data:`QUESTIONS`), and a 0-1 score per
    frame that mirrors the battery: the share of the frame's questions with at
    least ``min_hits`` indicator hits.
:class:`PolicyFrameFeatures` (prefix ``policy_frames``)
    the framing dimensions of the Policy Frames Codebook [4]_ [5]_ (economic,
    capacity and resources, morality, ..., external regulation and reputation),
    with counts, rates and each dimension's share of the article's indicators.

Indicators, not codes
---------------------
Both work from word lists (``framing/lexicons/data/generic-frames.yaml`` and
``policy-frames.yaml``, one rationale per indicator) plus, for the generic
frames, a few regular-expression rules (:data:`RULES`). A hit shows that an
article uses a frame's vocabulary; whether a human coder would code the frame is
a separate, empirical question. ``docs/results_frames.md`` reports how well the
generic-frame indicators agree with the hand codes of the Narrative Frames
corpus; the policy-frame indicators have only a face-validity check
(``docs/frames.md``).

Matching
--------
Lexicon phrases are found with the shared :class:`~framing.text.match.PhraseMatcher`
(word boundaries, case folding, longest match wins within the lexicon; see
:func:`framing.extract.wording.find_mentions`). Rule hits are found with their
regular expression; a lexicon hit that overlaps a rule hit is dropped, so that
no characters are counted twice. Offsets are into the field's text as given.

References
----------
.. [1] Semetko, H. A., & Valkenburg, P. M. (2000). Framing European politics: A
   content analysis of press and television news. *Journal of Communication*,
   50(2), 93-109.
.. [2] Neuman, W. R., Just, M. R., & Crigler, A. N. (1992). *Common Knowledge:
   News and the Construction of Political Meaning*. University of Chicago Press.
.. [3] Iyengar, S. (1991). *Is Anyone Responsible? How Television Frames
   Political Issues*. University of Chicago Press.
.. [4] Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014).
   Tracking the development of media frames within and across policy issues.
   APSA 2014 Annual Meeting Paper.
.. [5] Card, D., Boydstun, A. E., Gross, J. H., Resnik, P., & Smith, N. A. (2015).
   The Media Frames Corpus: Annotations of frames across issues. *ACL-IJCNLP
   2015* (short papers), 438-444.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from sklearn.utils.validation import check_is_fitted

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, as_documents, sentence_id_at
from framing.extract.wording import find_mentions
from framing.lexicons.schema import Lexicon, load_lexicon
from framing.text.match import PhraseMatcher

__all__ = [
    "FRAMES",
    "POLICY_FRAMES",
    "QUESTIONS",
    "RULES",
    "FrameFeatures",
    "Indicator",
    "PolicyFrameFeatures",
    "Rule",
    "find_indicators",
]

log = logging.getLogger(__name__)

#: The five generic frames of Semetko & Valkenburg (2000), in column order.
FRAMES: tuple[str, ...] = ("responsibility", "human_interest", "conflict", "morality", "economic")

#: Coding questions of the Semetko & Valkenburg (2000) battery (paraphrased): id -> (frame, question).
#: ``hi5`` (visual information) has no text indicator and does not count in the frame score.
QUESTIONS: dict[str, tuple[str, str]] = {
    "resp1": ("responsibility", "Does the story suggest that some level of government can alleviate the problem?"),
    "resp2": ("responsibility", "Does the story suggest that some level of government is responsible for the issue?"),
    "resp3": ("responsibility", "Does the story suggest solutions to the problem?"),
    "resp4": ("responsibility", "Does the story suggest that an individual or group is responsible for the issue?"),
    "resp5": ("responsibility", "Does the story suggest that the problem requires urgent action?"),
    "hi1": ("human_interest", "Does the story give a human example or a human face on the issue?"),
    "hi2": ("human_interest", "Does the story use adjectives or personal vignettes that generate feelings of "
                              "outrage, empathy, sympathy or compassion?"),
    "hi3": ("human_interest", "Does the story emphasize how individuals and groups are affected by the issue?"),
    "hi4": ("human_interest", "Does the story go into the private or personal lives of the actors?"),
    "hi5": ("human_interest", "Does the story contain visual information that might generate such feelings? "
                              "(no text indicator)"),
    "co1": ("conflict", "Does the story reflect disagreement between parties, individuals, groups or countries?"),
    "co2": ("conflict", "Does one party, individual, group or country reproach another?"),
    "co3": ("conflict", "Does the story refer to two sides or to more than two sides of the problem?"),
    "co4": ("conflict", "Does the story refer to winners and losers?"),
    "mo1": ("morality", "Does the story contain a moral message?"),
    "mo2": ("morality", "Does the story make reference to morality, God and other religious tenets?"),
    "mo3": ("morality", "Does the story offer specific social prescriptions about how to behave?"),
    "ec1": ("economic", "Is there a mention of financial losses or gains now or in the future?"),
    "ec2": ("economic", "Is there a mention of the costs or degree of expense involved?"),
    "ec3": ("economic", "Is there a reference to economic consequences of pursuing or not pursuing a course of action?"),
}

#: The framing dimensions of the Policy Frames Codebook with indicators (``other`` has none by definition).
POLICY_FRAMES: tuple[str, ...] = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality_constitutionality",
    "policy_prescription", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political", "external_regulation",
)


@dataclass(frozen=True)
class Rule:
    """A pattern-based indicator: a regular expression whose matches answer one coding question."""

    name: str
    frame: str
    question: str
    pattern: re.Pattern[str]
    rationale: str


_NAME = r"[A-Z][a-z]+(?:[-'][A-Za-z]+)?"
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:million|billion|trillion|bn|mn|m|k)\b"
_AUTHORITY = (r"(?i:administration|Congress|lawmakers|legislators|policymakers|authorities|officials|regulators|"
              r"states|cities|countries|nations|leaders|ministers|parliaments?|the state|the city|the council|"
              r"councils?|agencies|the agency|the EPA|the ministry)")

#: Rules of the generic frames (used with ``rules=True``).
RULES: tuple[Rule, ...] = (
    Rule(
        "person_with_age", "human_interest", "hi1",
        re.compile(rf"(?<![\w-]){_NAME}(?: {_NAME}){{0,2}}(?:, (?:aged? )?\d{{1,3}},| \((?:aged? )?\d{{1,3}}\))"),
        "A named person with an age in apposition ('Maria Lopez, 34,' or 'Maria Lopez (34)'): the "
        "individualising device of the human-example question hi1 (Semetko & Valkenburg 2000).",
    ),
    Rule(
        "money_amount", "economic", "ec2",
        re.compile(rf"(?<![\w$£€])(?:US\$|A\$|C\$|[$£€¥])\s?{_AMOUNT}(?:\s?{_SCALE})?"
                   rf"|(?<![\w.,]){_AMOUNT}(?: (?:million|billion|trillion))? (?:dollars|euros|pounds|yuan|yen|rupees)\b"),
        "An amount of money ('$22 million', '20,000 euros'): the cost or degree of expense of ec2.",
    ),
    Rule(
        "authority_must_act", "responsibility", "resp1",
        re.compile(rf"\b{_AUTHORITY} (?:should|must|need to|needs to|have to|has to|ought to|could|can|will have to)\b"),
        "A public authority as the subject of a modal of obligation or ability ('Congress must', "
        "'regulators should'): government's ability to alleviate the problem (resp1).",
    ),
)


class Indicator(NamedTuple):
    """One indicator hit: ``text[start:end] == matched``."""

    start: int
    end: int
    matched: str
    frame: str
    question: str
    indicator: str


def _resolve_rules(rules: Any) -> tuple[Rule, ...]:
    if rules is True:
        return RULES
    if rules is False or rules is None:
        return ()
    if isinstance(rules, str):
        rules = [rules]
    try:
        items = list(rules)
    except TypeError:
        raise TypeError(f"rules must be True, False or a list of rule names, found {type(rules).__name__}") from None
    by_name = {r.name: r for r in RULES}
    out = []
    for item in items:
        if isinstance(item, Rule):
            out.append(item)
        elif item in by_name:
            out.append(by_name[item])
        else:
            raise ValueError(f"unknown frame rule {item!r}; known rules: {sorted(by_name)}")
    return tuple(out)


@dataclass(frozen=True)
class _Spec:
    """What a frame extractor matches and how hits map to frames and questions."""

    lexicon: Lexicon
    matcher: PhraseMatcher
    question_of: dict[tuple[str, str], str]  # (concept, label) -> question id
    frames: tuple[str, ...]
    questions: dict[str, tuple[str, ...]]  # frame -> its question ids (with indicators), in order
    rules: tuple[Rule, ...]


def _build_spec(lexicon: Any, rules: Any, *, need_questions: bool) -> _Spec:
    lex = load_lexicon(lexicon)
    frames = tuple(lex.concepts)
    question_of: dict[tuple[str, str], str] = {}
    questions: dict[str, list[str]] = {f: [] for f in frames}
    for cname, concept in lex.concepts.items():
        for lname, label in concept.labels.items():
            q = label.tags.get("question", lname) if need_questions else lname
            question_of[(cname, lname)] = q
            if q not in questions[cname]:
                questions[cname].append(q)
    active = []
    for rule in _resolve_rules(rules):
        if rule.frame not in questions:
            log.debug("frame rule %s skipped: lexicon %s has no frame %r", rule.name, lex.name, rule.frame)
            continue
        active.append(rule)
        if rule.question not in questions[rule.frame]:
            questions[rule.frame].append(rule.question)
    if need_questions:
        owner: dict[str, str] = {}
        for f, qs in questions.items():
            for q in qs:
                if q in owner and owner[q] != f:
                    raise ValueError(f"lexicon {lex.name!r}: question {q!r} is used by frames {owner[q]!r} and {f!r}; "
                                     "a question id must belong to one frame (tag the labels with distinct ids)")
                owner[q] = f
        # keep the order of the `question` tag declaration when there is one
        order = {v: i for i, v in enumerate(lex.tag_schema.get("question", ()))}
        questions = {f: sorted(qs, key=lambda q: (order.get(q, len(order)), qs.index(q))) for f, qs in questions.items()}
    return _Spec(lex, lex.matcher(), question_of, frames, {f: tuple(q) for f, q in questions.items()}, tuple(active))


def _find(text: str, spec: _Spec) -> list[Indicator]:
    if not text:
        return []
    rule_hits: list[Indicator] = []
    for rule in spec.rules:
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                rule_hits.append(Indicator(m.start(), m.end(), m.group(), rule.frame, rule.question, rule.name))
    rule_hits.sort(key=lambda h: (h.start, -h.end))
    if len(rule_hits) > 1:  # rules may overlap: keep the leftmost, the longest at the same start
        kept: list[Indicator] = []
        for h in rule_hits:
            if not kept or h.start >= kept[-1].end:
                kept.append(h)
        rule_hits = kept
    out = list(rule_hits)
    starts = [h.start for h in rule_hits]
    for m in find_mentions(text, spec.matcher):
        if rule_hits:
            k = int(np.searchsorted(starts, m.end)) - 1  # last rule hit starting before the mention ends
            if k >= 0 and rule_hits[k].end > m.start:
                continue
        out.append(Indicator(m.start, m.end, m.matched, m.concept, spec.question_of[(m.concept, m.label)], m.label))
    out.sort(key=lambda h: (h.start, h.end))
    return out


def find_indicators(text: str, lexicon: Any = "generic-frames", rules: Any = True) -> list[Indicator]:
    """Frame indicator hits in ``text``, in text order.

    Parameters
    ----------
    text : str
        Text to search; offsets refer to it as given.
    lexicon : name, path or Lexicon, default "generic-frames"
        A lexicon whose concepts are frames; labels tagged ``question`` give the
        question id (labels without the tag are their own question).
    rules : bool or list of rule names, default True
        Which of :data:`RULES` to apply (rules of frames the lexicon lacks are skipped).

    Returns
    -------
    list of Indicator

    Examples
    --------
    >>> hits = find_indicators("Critics accused the mayor. Maria Lopez, 34, lost her home; repairs cost $2 million.")
    >>> [(h.matched, h.frame, h.question, h.indicator) for h in hits]  # doctest: +NORMALIZE_WHITESPACE
    [('Critics', 'conflict', 'co3', 'sides'), ('accused', 'conflict', 'co2', 'reproach'),
     ('Maria Lopez, 34,', 'human_interest', 'hi1', 'person_with_age'),
     ('lost her home', 'human_interest', 'hi3', 'affected'), ('cost', 'economic', 'ec2', 'costs'),
     ('$2 million', 'economic', 'ec2', 'money_amount')]
    """
    if isinstance(lexicon, str) and isinstance(rules, bool):
        spec = _cached_spec(lexicon, rules)
    else:
        spec = _build_spec(lexicon, rules, need_questions=True)
    return _find(text, spec)


@lru_cache(maxsize=8)
def _cached_spec(lexicon: str, rules: bool) -> _Spec:
    return _build_spec(lexicon, rules, need_questions=True)


# ---------------------------------------------------------------------------
# extractors


class _FrameBase(BaseExtractor):
    """Shared machinery: a spec built at fit, per-field hits, sentence ids for mentions."""

    def _spec(self) -> _Spec:
        raise NotImplementedError

    def _fit(self, docs: list[Document]) -> None:
        self.spec_ = self._spec()
        self.frames_ = self.spec_.frames
        log.debug("%s: lexicon %s, %d frames, %d phrases, %d rules", type(self).__name__, self.spec_.lexicon.name,
                  len(self.frames_), len(self.spec_.matcher), len(self.spec_.rules))

    def _values(self, hits: Sequence[Indicator], n_words: int) -> dict[str, float]:
        raise NotImplementedError

    def _mention(self, h: Indicator) -> dict[str, Any]:
        raise NotImplementedError

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.sentences import sentence_spans

        mentions: list[dict[str, Any]] = []
        hits: list[Indicator] = []
        for field, text in doc.fields.items():
            found = _find(text, self.spec_)
            if not found:
                continue
            spans = sentence_spans(text)
            for h in found:
                hits.append(h)
                mentions.append({"field": field, "sentence_id": sentence_id_at(spans, h.start), "start": h.start,
                                 "end": h.end, "matched": h.matched, **self._mention(h)})
        return self._values(hits, doc.n_words()), mentions

    def transform(self, X: Any) -> np.ndarray:
        """Features, one row per article (no sentence splitting: the fast path)."""
        check_is_fitted(self, "spec_")
        docs = as_documents(X, self._fields())
        names = [n.split("__", 1)[1] for n in self.feature_names_]
        out = np.zeros((len(docs), len(names)))
        for i, doc in enumerate(docs):
            hits = [h for text in doc.fields.values() for h in _find(text, self.spec_)]
            values = self._values(hits, doc.n_words())
            out[i] = [values[n] for n in names]
        return out


def _per_1k(count: float, n_words: int) -> float:
    return count * 1000.0 / n_words if n_words > 0 else 0.0


class FrameFeatures(_FrameBase):
    """Generic news frame indicators per article: counts, rates and a 0-1 score (prefix ``frames``).

    Indicators for the five frames of Semetko & Valkenburg (2000) --
    ``responsibility``, ``human_interest``, ``conflict``, ``morality``,
    ``economic`` -- each tied to one question of their coding battery
    (:data:`QUESTIONS`): lexicon entries from ``generic-frames`` (one rationale
    each, see ``docs/frames.md``) and the rules in :data:`RULES`.

    Parameters
    ----------
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns searched.
    lexicon : name, path or Lexicon, default "generic-frames"
        The indicator lexicon: concepts are frames, labels are indicators, the
        ``question`` tag of a label names the question it answers (a label
        without the tag is a question of its own). Any lexicon in the same
        layout works (``docs/lexicons.md``).
    rules : bool or list of rule names, default True
        Pattern rules to add (:data:`RULES`); rules for frames that the lexicon
        lacks are skipped.
    min_hits : int, default 1
        Hits a question needs to count as answered in the score.

    Attributes
    ----------
    frames_ : tuple of str
        Frames in column order.
    spec_ : object
        The compiled matcher, question map and rules.

    Notes
    -----
    Columns, for each frame ``<f>`` and each of its questions ``<q>`` that has
    at least one indicator (``hi5``, visual information, has none):

    ``frames__<f>__count``
        indicator hits of the frame over the fields read;
    ``frames__<f>__per_1k``
        the same per 1,000 white-space words (0 for an empty article);
    ``frames__<f>__score``
        share of the frame's questions with at least ``min_hits`` hits, in
        [0, 1]: the indicator version of the Semetko & Valkenburg battery, where
        a frame's scale is built from its yes/no questions (4 questions for
        human interest, 5 for responsibility, 4 for conflict, 3 for morality and
        economic);
    ``frames__<f>__<q>__count``, ``frames__<f>__<q>__per_1k``
        hits and rate of one question's indicators.

    An article without any hit gets zeros, never NaN. The mentions table has
    ``doc_id, field, sentence_id, start, end, matched, frame, question,
    indicator`` (``indicator`` is the lexicon label or the rule name).

    References
    ----------
    .. [1] Semetko, H. A., & Valkenburg, P. M. (2000). Framing European
       politics: A content analysis of press and television news. *Journal of
       Communication*, 50(2), 93-109.
    .. [2] Neuman, W. R., Just, M. R., & Crigler, A. N. (1992). *Common
       Knowledge*. University of Chicago Press.
    .. [3] Iyengar, S. (1991). *Is Anyone Responsible?* University of Chicago Press.

    Examples
    --------
    >>> ff = FrameFeatures(fields=("text",)).fit(["x"])
    >>> feats, mentions = ff.extract(["Critics accused the council. Repairs will cost $2 million."])
    >>> feats[["frames__conflict__count", "frames__conflict__score", "frames__economic__ec2__count"]].values.tolist()
    [[2.0, 0.5, 2.0]]
    >>> mentions[["matched", "frame", "question", "indicator"]].values.tolist()[:2]
    [['Critics', 'conflict', 'co3', 'sides'], ['accused', 'conflict', 'co2', 'reproach']]
    """

    prefix = "frames"
    mention_columns = ("frame", "question", "indicator")

    def __init__(
        self,
        *,
        fields: Sequence[str] = DEFAULT_FIELDS,
        lexicon: Any = "generic-frames",
        rules: Any = True,
        min_hits: int = 1,
    ) -> None:
        self.fields = fields
        self.lexicon = lexicon
        self.rules = rules
        self.min_hits = min_hits

    def _spec(self) -> _Spec:
        if isinstance(self.min_hits, bool) or not isinstance(self.min_hits, (int, np.integer)) or self.min_hits < 1:
            raise ValueError(f"min_hits must be a positive integer (hits a question needs to count), got {self.min_hits!r}")
        return _build_spec(self.lexicon, self.rules, need_questions=True)

    def _feature_names(self) -> list[str]:
        names = []
        for f in self.frames_:
            names += [f"{f}__count", f"{f}__per_1k", f"{f}__score"]
            for q in self.spec_.questions[f]:
                names += [f"{f}__{q}__count", f"{f}__{q}__per_1k"]
        return names

    def _mention(self, h: Indicator) -> dict[str, Any]:
        return {"frame": h.frame, "question": h.question, "indicator": h.indicator}

    def _values(self, hits: Sequence[Indicator], n_words: int) -> dict[str, float]:
        per_q: dict[tuple[str, str], int] = {}
        for h in hits:
            per_q[(h.frame, h.question)] = per_q.get((h.frame, h.question), 0) + 1
        values: dict[str, float] = {}
        for f in self.frames_:
            qs = self.spec_.questions[f]
            counts = [per_q.get((f, q), 0) for q in qs]
            total = float(sum(counts))
            values[f"{f}__count"] = total
            values[f"{f}__per_1k"] = _per_1k(total, n_words)
            values[f"{f}__score"] = (sum(c >= self.min_hits for c in counts) / len(qs)) if qs else 0.0
            for q, c in zip(qs, counts):
                values[f"{f}__{q}__count"] = float(c)
                values[f"{f}__{q}__per_1k"] = _per_1k(c, n_words)
        return values


class PolicyFrameFeatures(_FrameBase):
    """Policy Frames Codebook dimension indicators per article (prefix ``policy_frames``).

    Counts words of the 14 framing dimensions of the Policy Frames Codebook
    (Boydstun et al. 2014; the dimensions coded in the Media Frames Corpus, Card
    et al. 2015) that have indicators -- all but ``other`` -- from the
    ``policy-frames`` lexicon (one rationale per indicator group). These are
    **indicators, not validated codes**: no data with codebook codes was used
    to write or check them; see the face-validity table in ``docs/frames.md``.

    Parameters
    ----------
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns searched.
    lexicon : name, path or Lexicon, default "policy-frames"
        The indicator lexicon: concepts are dimensions, labels indicator groups.

    Attributes
    ----------
    frames_ : tuple of str
        Dimensions in column order (:data:`POLICY_FRAMES` for the shipped lexicon).

    Notes
    -----
    Columns, for each dimension ``<f>``:

    ``policy_frames__<f>__count``
        indicator hits over the fields read;
    ``policy_frames__<f>__per_1k``
        the same per 1,000 white-space words (0 for an empty article);
    ``policy_frames__<f>__share``
        the dimension's hits over all dimension hits of the article (0 when the
        article has none: the shares then sum to 0 instead of 1);

    and ``policy_frames__total__count``, ``policy_frames__total__per_1k`` over all
    dimensions. The mentions table has ``doc_id, field, sentence_id, start,
    end, matched, frame, indicator``.

    References
    ----------
    .. [1] Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A.
       (2014). Tracking the development of media frames within and across
       policy issues. APSA 2014 Annual Meeting Paper.
    .. [2] Card, D., Boydstun, A. E., Gross, J. H., Resnik, P., & Smith, N. A.
       (2015). The Media Frames Corpus: Annotations of frames across issues.
       *ACL-IJCNLP 2015*, 438-444.

    Examples
    --------
    >>> pf = PolicyFrameFeatures(fields=("text",)).fit(["x"])
    >>> row = pf.set_output(transform="pandas").transform(["The court ruled that the tax is unconstitutional."]).iloc[0]
    >>> float(row["policy_frames__legality_constitutionality__count"]), float(row["policy_frames__economic__share"])
    (3.0, 0.25)
    """

    prefix = "policy_frames"
    mention_columns = ("frame", "indicator")

    def __init__(self, *, fields: Sequence[str] = DEFAULT_FIELDS, lexicon: Any = "policy-frames") -> None:
        self.fields = fields
        self.lexicon = lexicon

    def _spec(self) -> _Spec:
        spec = _build_spec(self.lexicon, False, need_questions=False)
        if "total" in spec.frames:
            raise ValueError(f"lexicon {spec.lexicon.name!r} has a concept named 'total', which clashes with the "
                             "total columns; rename it")
        return spec

    def _feature_names(self) -> list[str]:
        names = []
        for f in self.frames_:
            names += [f"{f}__count", f"{f}__per_1k", f"{f}__share"]
        return [*names, "total__count", "total__per_1k"]

    def _mention(self, h: Indicator) -> dict[str, Any]:
        return {"frame": h.frame, "indicator": h.indicator}

    def _values(self, hits: Sequence[Indicator], n_words: int) -> dict[str, float]:
        counts = dict.fromkeys(self.frames_, 0)
        for h in hits:
            counts[h.frame] += 1
        total = sum(counts.values())
        values: dict[str, float] = {}
        for f, c in counts.items():
            values[f"{f}__count"] = float(c)
            values[f"{f}__per_1k"] = _per_1k(c, n_words)
            values[f"{f}__share"] = c / total if total else 0.0
        values["total__count"] = float(total)
        values["total__per_1k"] = _per_1k(total, n_words)
        return values
