"""Agency: who is shown as doing what.

:class:`AgencyFeatures` counts two grammatical ways of reporting an event while
leaving its doer out, and whether the doer appears anyway:

* **passive clauses**: a form of *be* or *get* followed (after adverbs) by a past
  participle, with or without a ``by`` agent: ``civilians were killed`` (agentless)
  / ``civilians were killed by government forces`` (agent ``government forces``);
* **event nominalizations**: nouns from the ``nominalizations`` lexicon that name
  violent or political events (``the killing of``, ``clashes``, ``the fall of``,
  ``the collapse of``), with or without an agent.

Rules
-----
Passive
    A token with lemma *be* or *get* tagged as a verb, then adverbs / ``not`` /
    *being* / *been*, then a token tagged ``VBN`` (or ``VBD``, which the
    context-free tagger gives some participles). Reduced relatives without *be*
    (``rebels led by Sharaa``) are not counted. The agent is the noun phrase
    after a ``by`` that follows the participle within six tokens, with no verb or
    punctuation in between; ``by`` + a time expression (``by Friday``, ``by 2020``)
    is not an agent.
Nominalization agent
    A nominalization names its agent when (1) ``by NP`` or ``at the hands of NP``
    follows it, after any chain of prepositional phrases headed by *of, in, on,
    at, against, during, across, near, among, within, from, between, over*;
    (2) for transitive nouns, a capitalised premodifier (``Israeli strikes``,
    ``Russian invasion``) or an ``actor_modifier`` from the lexicon (``police
    shooting``, ``government crackdown``) stands before it; or (3) for transitive
    nouns whose lexicon tag ``possessor`` is ``agent``, a possessive stands before
    it (``the regime's crackdown``, ``Russia's invasion``). A possessive before a
    ``possessor: patient`` noun (``Khashoggi's killing``, ``his arrest``) or before
    an intransitive noun (``Assad's fall``) names who the event happened to, not
    who did it. An ``of`` phrase is never an agent (``the killing of protesters``
    names the victims) and neither is a ``to`` phrase: in ``the fall of Assad to
    rebels`` the rebels are where power went, and a reader may infer that they
    caused the fall, but the phrase presents the fall as something that happened
    to Assad, so the mention is agentless.
Clauses
    ``n_clauses`` approximates the number of clauses by the number of verb
    chunks that contain a finite verb (``VBD``, ``VBZ``, ``VBP`` or ``MD``).

References
----------
.. [1] Trew, T. (1979). Theory and ideology at work. In R. Fowler, B. Hodge,
   G. Kress and T. Trew, *Language and Control* (pp. 94-116). London: Routledge.
.. [2] Fowler, R. (1991). *Language in the News: Discourse and Ideology in the
   Press*. London: Routledge.
.. [3] Henley, N. M., Miller, M. and Beazley, J. A. (1995). Syntax, semantics,
   and sexual violence: agency and the passive voice. *Journal of Language and
   Social Psychology* 14(1-2), 60-84.
.. [4] Billig, M. (2008). The language of critical discourse analysis: the case
   of nominalization. *Discourse & Society* 19(6), 783-800.

Examples
--------
>>> from framing.text.parse import parse_tokens
>>> t = "Two men were killed by gunmen. Aid was blocked."
>>> [(p.matched, p.agent) for p in find_passives(t, parse_tokens(t))]
[('were killed by gunmen', 'gunmen'), ('was blocked', '')]
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress
from typing import Any, NamedTuple

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, sentence_id_at
from framing.text.parse import ParsedText, _Memo, lemma, parse_columns

__all__ = ["AgencyFeatures", "Passive", "Nominalization", "find_passives", "find_nominalizations"]

log = logging.getLogger(__name__)

_SKIP_IN_VP = frozenset("RB RBR RBS".split())
_PARTICIPLE = frozenset(("VBN", "VBD"))
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_NP_INNER = frozenset("NN NNS NNP NNPS JJ JJR JJS DT PDT PRP$ POS CD VBN VBG".split())
_NP_HEAD = frozenset("NN NNS NNP NNPS PRP CD".split())
_PREMOD = frozenset("NN NNS NNP NNPS JJ JJR JJS DT PDT PRP$ POS CD VBN".split())
_PP_CHAIN = frozenset("of in on at against during across near among within inside throughout from between over".split())
_STOP_AGENT = frozenset(", . ; : ! ? \" ' “ ” ‘ ’ ( ) -- — –".split())
#: Heads that make ``by X`` a time expression rather than an agent.
_TIME_HEADS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december end time midnight noon dawn morning evening night afternoon
    year years month months week weeks day days hour hours minute minutes today tomorrow tonight then now
    far mistake accident default""".split()
)
_MAX_NP = 10
_NOMINAL_LEFT = frozenset("DT PDT PRP$ POS JJ JJR JJS CD".split())
_BE_GET = frozenset(("be", "get"))


# The parser's lemma of a verb depends on its text only (``lemma(w, tag)`` is the same for
# every ``VB*`` tag), so these two questions are answered once per distinct word, without
# building a (text, tag) pair per verb token.
#: Whether a token text tagged as a verb is a form of *be* or *get* (a passive auxiliary).
_BE_GET_FORM = _Memo(lambda w: lemma(w, "VB") in _BE_GET)
#: Whether a token text tagged as a verb is a form of *be* ("being", "been" inside a verb group).
_BE_FORM = _Memo(lambda w: lemma(w, "VB") == "be")
#: Whether a Penn tag is a verb tag (``VB*``); tags are few, so one lookup per token is cheap.
_VERB_TAG = _Memo(lambda tag: tag.startswith("VB"))


class Passive(NamedTuple):
    """A passive clause: ``start:end`` covers auxiliary to participle (to the agent when there is one)."""

    start: int
    end: int
    matched: str
    head: str
    agent: str
    sentence_tok: int


class Nominalization(NamedTuple):
    """An event nominalization: ``start:end`` covers its noun phrase and prepositional chain."""

    start: int
    end: int
    matched: str
    head: str
    agent: str
    label: str


def _agent_after(toks: ParsedText, k: int, hi: int) -> tuple[int, int] | None:
    """Token span of the noun phrase starting at ``k`` when it can be an agent (not a time)."""
    tags = toks.tags
    j = k
    while j < hi and j - k < _MAX_NP:
        tag = tags[j]
        if tag not in _NP_INNER and tag != "PRP":
            break
        if j > k and tag in ("DT", "PDT", "PRP$") and tags[j - 1] not in ("IN",):
            break
        j += 1
        if tag == "PRP":
            break
    while j > k and tags[j - 1] in ("VBG", "VBN", "JJ", "DT", "POS"):
        j -= 1
    if j == k or tags[j - 1] not in _NP_HEAD:
        return None
    if toks.texts[j - 1].lower() in _TIME_HEADS or tags[j - 1] == "CD":
        return None
    # "members of the militia": one "of" link
    if j + 1 < hi and toks.texts[j].lower() == "of" and tags[j - 1] in ("NN", "NNS"):
        tail = _agent_after(toks, j + 1, hi)
        if tail is not None:
            return k, tail[1]
    return k, j


def find_passives(text: str, tokens: Sequence[Any], ranges: Sequence[tuple[int, int]] | None = None) -> list[Passive]:
    """Passive clauses of a parsed text.

    Parameters
    ----------
    text : str
        The text that was parsed.
    tokens : sequence of Token
        ``framing.text.parse.parse_tokens(text)``.
    ranges : sequence of (int, int), optional
        Token ranges of the sentences, in text order and not overlapping (the
        agent search stays inside one); without them the whole text is one
        range.

    Returns
    -------
    list of Passive
        In text order; ``agent`` is ``''`` for an agentless passive.

    Examples
    --------
    >>> from framing.text.parse import parse_tokens
    >>> t = "The city was not recaptured by 2020. He got arrested by police."
    >>> [(p.head, p.agent) for p in find_passives(t, parse_tokens(t))]
    [('recaptured', ''), ('arrested', 'police')]
    """
    cols = ParsedText.from_tokens([tokens])
    return _passives(text, cols, [(0, len(cols.texts))] if ranges is None else ranges)


def _passives(text: str, toks: ParsedText, ranges: Sequence[tuple[int, int]]) -> list[Passive]:
    """:func:`find_passives` over the columns of a parsed text (``ranges`` in text order, disjoint)."""
    texts, starts, ends, tags = toks.texts, toks.starts, toks.ends, toks.tags
    # the verbs that can open a passive (a form of "be" or "get"), in order
    verbs = list(compress(range(len(tags)), map(_VERB_TAG.__getitem__, tags)))
    aux = list(compress(verbs, map(_BE_GET_FORM.__getitem__, map(texts.__getitem__, verbs))))
    out: list[Passive] = []
    if not aux:
        return out
    used: set[int] = set()
    # each auxiliary looks up its sentence: there are far fewer of them than sentences
    range_starts = [lo for lo, _ in ranges]
    for i in aux:
        r = bisect_right(range_starts, i) - 1
        if r < 0:
            continue
        hi = ranges[r][1]
        if i >= hi:
            continue  # between two ranges
        k = i + 1
        while k < hi and (tags[k] in _SKIP_IN_VP or texts[k].lower() in ("not", "n't")
                          or (tags[k] in ("VBG", "VBN") and _BE_FORM[texts[k]])):
            k += 1
        if k >= hi or k in used or tags[k] not in _PARTICIPLE:
            continue
        if tags[k] == "VBD" and not texts[k].lower().endswith("ed"):
            continue
        used.add(k)
        end = ends[k]
        agent = ""
        m = k + 1
        while m < hi and m - k <= 6:
            tm, tag = texts[m], tags[m]
            if tm.lower() == "by" and tag == "IN":
                span = _agent_after(toks, m + 1, hi)
                if span is not None:
                    agent = text[starts[span[0]]:ends[span[1] - 1]]
                    end = ends[span[1] - 1]
                break
            if tm in _STOP_AGENT or tag.startswith("VB") or tag in ("CC", "WDT", "WP", "TO", "MD"):
                break
            m += 1
        out.append(Passive(starts[i], end, text[starts[i]:end], texts[k], agent, i))
    return out


def _is_verb_use(toks: ParsedText, i: int, j: int, hi: int) -> bool:
    """'Rebels attack the city': the context-free tagger says noun, the context says verb."""
    if i == 0 or j >= hi:
        return False
    tags = toks.tags
    return tags[i - 1] in ("NNS", "NNPS", "PRP") and toks.texts[i - 1].lower() not in ("its", "their") and \
        tags[j] in ("DT", "PRP", "PRP$", "NNP", "NNPS", "CD")


def find_nominalizations(text: str, tokens: Sequence[Any], hits: Sequence[Any], info: dict[tuple[str, str], dict[str, str]],
                         ranges: Sequence[tuple[int, int]] | None = None) -> list[Nominalization]:
    """Event nominalizations of a parsed text and their agents.

    Parameters
    ----------
    text : str
        The text that was parsed.
    tokens : sequence of Token
        ``framing.text.parse.parse_tokens(text)``.
    hits : sequence of Hit
        Matches of the ``nominalizations`` lexicon's matcher in ``text``.
    info : dict
        ``(concept, label) -> tags`` of that lexicon (``valency``, ``possessor``).
    ranges : sequence of (int, int), optional
        Token ranges of the sentences.

    Returns
    -------
    list of Nominalization
        ``agent`` is ``''`` when the event is reported without its doer.

    Examples
    --------
    >>> from framing.lexicons.schema import load_lexicon
    >>> from framing.text.parse import parse_tokens
    >>> lex = load_lexicon("nominalizations")
    >>> info = {(c, l): lex.concepts[c].labels[l].tags for c, l in lex.labels()}
    >>> t = "The killing of protesters by soldiers. Israeli airstrikes. Khashoggi's killing. The regime's crackdown."
    >>> [(n.matched, n.agent) for n in find_nominalizations(t, parse_tokens(t), lex.matcher().find(t), info)]
    [('The killing of protesters by soldiers', 'soldiers'), ('Israeli airstrikes', 'Israeli'), ("Khashoggi's killing", ''), ("The regime's crackdown", 'The regime')]
    """
    if not tokens or not hits:
        return []
    cols = ParsedText.from_tokens([tokens])
    return _nominalizations(text, cols, hits, info, [(0, len(cols.texts))] if ranges is None else ranges)


def _nominalizations(text: str, toks: ParsedText, hits: Sequence[Any], info: dict[tuple[str, str], dict[str, str]],
                     ranges: Sequence[tuple[int, int]]) -> list[Nominalization]:
    """:func:`find_nominalizations` over the columns of a parsed text."""
    texts, starts, ends, tags = toks.texts, toks.starts, toks.ends, toks.tags
    n = len(texts)
    if not n or not hits:
        return []
    range_starts = [lo for lo, _ in ranges]
    quant_end: dict[int, int] = {}  # token index just after a quantifier -> token index of its start
    actor_toks: set[int] = set()
    events = []
    for h in hits:
        sense = h.payloads[0]
        i = bisect_left(starts, h.start)
        if i >= n or starts[i] != h.start:
            continue
        j = i
        while j < n and starts[j] < h.end:
            j += 1
        if sense.concept == "event_quantifier":
            quant_end[j] = i
        elif sense.concept == "actor_modifier":
            actor_toks.update(range(i, j))
        else:
            events.append((i, j, sense))
    out: list[Nominalization] = []
    for i, j, sense in events:
        r = bisect_left(range_starts, i + 1) - 1
        lo, hi = ranges[max(r, 0)]
        head = texts[j - 1]
        if not tags[j - 1].startswith("NN"):
            # the context-free tagger calls "killing", "shooting" VBG: a noun after a
            # determiner, possessive or adjective, or before "of"
            prev_pos = tags[i - 1] if i - 1 >= lo else ""
            if not (prev_pos in _NOMINAL_LEFT or (j < hi and texts[j].lower() == "of")):
                continue
        elif _is_verb_use(toks, i, j, hi):
            continue
        lex_tags = info.get((sense.concept, sense.label), {})
        transitive = lex_tags.get("valency") == "transitive"
        # premodifiers
        L = i
        while L - 1 >= lo and tags[L - 1] in _PREMOD and i - L < 8:
            L -= 1
            if tags[L] in ("DT", "PDT"):
                break
        if sense.label == "fall" and head.lower() == "fall" and not any(
                tags[x] in ("DT", "PRP$", "POS") for x in range(L, i)):
            continue  # "in the fall" is caught by the determiner rule; "fall" alone is too ambiguous
        agent = ""
        if transitive:
            poss = max((x for x in range(L, i) if tags[x] in ("POS", "PRP$")), default=-1)
            if poss >= 0 and lex_tags.get("possessor") == "agent":
                # "the regime's crackdown", "their invasion"
                first = L if tags[poss] == "POS" else poss
                agent = text[starts[first]:ends[poss - 1 if tags[poss] == "POS" else poss]]
            else:
                # a capitalised or actor premodifier after any possessor: "Israeli airstrikes",
                # "police shooting", "Khashoggi's [patient] killing" has none
                for x in range(max(L, poss + 1), i):
                    if x in actor_toks or tags[x] in ("NNP", "NNPS") or (tags[x].startswith("JJ") and texts[x][:1].isupper()):
                        agent = texts[x]
                        break
        # prepositional chain after the head
        end_tok = j
        m = j
        while m < hi:
            w = texts[m].lower()
            if w == "by" and not agent:
                span = _agent_after(toks, m + 1, hi)
                if span is not None:
                    agent = text[starts[span[0]]:ends[span[1] - 1]]
                    end_tok = span[1]
                break
            if w == "at" and m + 3 < hi and texts[m + 1].lower() == "the" and \
                    texts[m + 2].lower() == "hands" and texts[m + 3].lower() == "of" and not agent:
                span = _agent_after(toks, m + 4, hi)
                if span is not None:
                    agent = text[starts[span[0]]:ends[span[1] - 1]]
                    end_tok = span[1]
                break
            if w in _PP_CHAIN and m + 1 < hi:
                q = m + 1
                while q < hi and tags[q] in _NP_INNER and q - m <= _MAX_NP:
                    q += 1
                if q == m + 1:
                    break
                m = end_tok = q
                continue
            break
        start_tok = L
        if L in quant_end:
            q0 = quant_end[L]
            while q0 - 1 >= lo and tags[q0 - 1] in ("DT", "JJ", "CD", "PRP$") and quant_end[L] - q0 < 3:
                q0 -= 1
            start_tok = q0
        s, e = starts[start_tok], ends[end_tok - 1]
        out.append(Nominalization(s, e, text[s:e], head, agent, sense.label))
    return out


def _count_clauses(chunks: Sequence[str], tags: Sequence[str]) -> int:
    """Verb chunks (``B-VP`` then any ``I-VP``) holding a finite verb, given the chunk tags and Penn tags
    of a text's tokens.

    Examples
    --------
    >>> _count_clauses(["B-NP", "B-VP", "I-VP", "B-VP", "O"], ["NNS", "MD", "VB", "VBG", "."])
    1
    """
    # One verb chunk in eight tokens or so: tuple.index finds the next chunk start in C, and
    # only the chunk's own tokens are read in Python.
    n = 0
    end = len(chunks)
    find = chunks.index
    b = -1
    while True:
        try:
            b = find("B-VP", b + 1)
        except ValueError:
            return n
        k = b
        while True:
            if tags[k] in _FINITE:
                n += 1
                break
            k += 1
            if k == end or chunks[k] != "I-VP":
                break


FEATURES: tuple[str, ...] = (
    "n_words", "n_clauses", "n_passive", "n_passive_agentless", "passive_rate", "agentless_passive_rate",
    "agentless_passive_share", "n_nominalizations", "n_agentless_nominalizations", "nominalizations_per_1k",
    "agentless_nominalizations_per_1k",
)


class AgencyFeatures(BaseExtractor):
    """Who is shown as doing what: passives and event nominalizations, with or without agents.

    Parameters
    ----------
    fields : sequence of str, default ("title", "captions", "text")
        Text columns to read; counts are summed over them.
    nominalizations : str, path or Lexicon, default "nominalizations"
        Lexicon of event nouns (concepts other than ``event_quantifier`` and
        ``actor_modifier``), with ``valency`` and ``possessor`` tags.

    Notes
    -----
    Feature columns (prefix ``agency__``), one row per article:

    ``n_words``
        White-space separated words of the fields read.
    ``n_clauses``
        Verb chunks with a finite verb (an approximation of clauses).
    ``n_passive``, ``n_passive_agentless``
        Passive clauses, and those without a ``by`` agent.
    ``passive_rate``
        ``n_passive / n_clauses``; NaN when there is no clause.
    ``agentless_passive_rate``
        ``n_passive_agentless / n_clauses``; NaN when there is no clause.
    ``agentless_passive_share``
        ``n_passive_agentless / n_passive``; NaN when there is no passive.
    ``n_nominalizations``, ``n_agentless_nominalizations``
        Event nominalizations, and those without an agent.
    ``nominalizations_per_1k``, ``agentless_nominalizations_per_1k``
        The same per 1,000 words; NaN when there are no words.

    Mentions columns: ``doc_id, field, sentence_id, start, end, matched, kind,
    agent, agentless, head``. ``kind`` is ``passive`` (span from the auxiliary
    to the participle, or to the end of the agent) or ``nominalization`` (span
    over the noun phrase, a quantifier such as ``a wave of``, and its
    prepositional chain); ``agent`` is ``''`` when ``agentless`` is True;
    ``head`` is the participle or the event noun.

    References
    ----------
    .. [1] Fowler, R. (1991). *Language in the News*. London: Routledge.
    .. [2] Henley, N. M., Miller, M. and Beazley, J. A. (1995). Syntax, semantics,
       and sexual violence: agency and the passive voice. *Journal of Language
       and Social Psychology* 14(1-2), 60-84.

    Examples
    --------
    >>> af = AgencyFeatures(fields=("text",)).fit([""])
    >>> feats, ments = af.extract(["Moscow is concerned by a wave of sectarian killings. Aid was blocked."])
    >>> feats[["agency__n_passive", "agency__n_passive_agentless", "agency__n_agentless_nominalizations"]].values.tolist()
    [[2.0, 1.0, 1.0]]
    >>> ments[["kind", "matched", "agent"]].values.tolist()[1]
    ['nominalization', 'a wave of sectarian killings', '']
    """

    prefix = "agency"
    mention_columns = ("kind", "agent", "agentless", "head")

    def __init__(self, *, fields: Sequence[str] = DEFAULT_FIELDS, nominalizations: Any = "nominalizations") -> None:
        self.fields = fields
        self.nominalizations = nominalizations

    def _fit(self, docs: list[Document]) -> None:
        from framing.lexicons.schema import load_lexicon

        if self.nominalizations is None:
            raise ValueError("nominalizations is None: give a lexicon name such as 'nominalizations', a path or a Lexicon")
        lex = load_lexicon(self.nominalizations)
        self.nominal_info_ = {(c, lab): dict(lex.concepts[c].labels[lab].tags) for c, lab in lex.labels()}
        self.nominal_matcher_ = lex.matcher()

    def _feature_names(self) -> list[str]:
        return list(FEATURES)

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.parse import gc_paused

        # the tokens made for this article die with it: no collection needs to see them
        with gc_paused():
            return self._extract_fields(doc)

    def _extract_fields(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.sentences import sentence_spans

        n_words = n_clauses = n_pass = n_pass_al = n_nom = n_nom_al = 0
        mentions: list[dict[str, Any]] = []
        for field in self._fields():
            text = doc.fields.get(field, "")
            if not text or text.isspace():
                continue
            hits, n = self.nominal_matcher_.find_counting(text)
            n_words += n
            toks = parse_columns(text)
            ranges = toks.sentence_ranges()
            n_clauses += _count_clauses(toks.chunks, toks.tags)
            spans = sentence_spans(text)
            found: list[tuple[str, Any]] = [("passive", p) for p in _passives(text, toks, ranges)]
            found += [("nominalization", x) for x in _nominalizations(text, toks, hits, self.nominal_info_, ranges)]
            found.sort(key=lambda kx: (kx[1].start, kx[1].end))
            for kind, x in found:
                if kind == "passive":
                    n_pass += 1
                    n_pass_al += not x.agent
                else:
                    n_nom += 1
                    n_nom_al += not x.agent
                mentions.append({"field": field, "sentence_id": sentence_id_at(spans, x.start), "start": x.start,
                                 "end": x.end, "matched": x.matched, "kind": kind, "agent": x.agent,
                                 "agentless": not x.agent, "head": x.head})
        values = {
            "n_words": float(n_words),
            "n_clauses": float(n_clauses),
            "n_passive": float(n_pass),
            "n_passive_agentless": float(n_pass_al),
            "passive_rate": n_pass / n_clauses if n_clauses else math.nan,
            "agentless_passive_rate": n_pass_al / n_clauses if n_clauses else math.nan,
            "agentless_passive_share": n_pass_al / n_pass if n_pass else math.nan,
            "n_nominalizations": float(n_nom),
            "n_agentless_nominalizations": float(n_nom_al),
            "nominalizations_per_1k": 1000.0 * n_nom / n_words if n_words else math.nan,
            "agentless_nominalizations_per_1k": 1000.0 * n_nom_al / n_words if n_words else math.nan,
        }
        return values, mentions
