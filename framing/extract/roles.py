"""Narrative roles of actors: hero, villain or victim, from grammar, tone and cue words (a baseline).

Stories cast their actors in roles: the **villain** who causes a problem, the
**victim** who suffers from it, the **hero** who solves it or fights the villain
(the drama triangle of the Narrative Policy Framework [1]_; annotated in news
by Frermann et al. [2]_). This module is a transparent, unsupervised baseline
that scores each role for an actor from the sentences that mention it:

* **grammatical position** (from the shared parser): an actor written before
  the first verb of its clause, in the active voice, is an *agent*; one written
  after a verb, or as the subject of a passive (``residents were displaced``),
  is a *patient*; the ``by`` agent of a passive is an agent;
* **tone** of those sentences (TextBlob-identical polarity,
  :func:`framing.text.sentiment.polarity_subjectivity`);
* **cue words** in those sentences (:data:`CUES`: solving, harming, suffering)
  and in the actor's own name (:data:`ENTITY_CUES`: ``residents``, ``species``
  are likely victims, ``polluters`` and ``fossil fuel companies`` likely
  villains, ``solar`` and ``agreement`` likely heroes).

The scores (:func:`role_scores`) are

* hero = agent mentions in positive sentences + hero cues + hero name cues,
* villain = agent mentions in negative sentences + villain cues + villain name cues,
* victim = patient mentions + victim cues + victim name cues,

each divided by the number of mentions (name cues count once, with weight 1);
the role is the highest score, ties and actors without any cue going to
``villain``, the most frequent role in the annotated data. This is a baseline
to compare learned models against; ``docs/results_frames.md`` reports how it
does on the Narrative Frames annotations (against a majority baseline).

References
----------
.. [1] Shanahan, E. A., Jones, M. D., & McBeth, M. K. (2018). How to conduct a
   Narrative Policy Framework study. *The Social Science Journal*, 55(3), 332-345.
.. [2] Frermann, L., Li, J., Khanehzar, S., & Mikolajczak, G. (2023). Conflicts,
   Villains, Resolutions: Towards models of Narrative Media Framing. *ACL 2023*,
   8712-8732.
.. [3] Fowler, R. (1991). *Language in the News: Discourse and Ideology in the
   Press*. London: Routledge.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, sentence_id_at
from framing.text.match import PhraseMatcher

__all__ = ["CUES", "ENTITY_CUES", "ROLES", "RoleFeatures", "assign_roles", "role_cues", "role_scores"]

log = logging.getLogger(__name__)

#: The three roles, in column order.
ROLES: tuple[str, ...] = ("hero", "villain", "victim")

#: Cue words in an actor's sentences, per role (written for this module; word forms listed).
CUES: dict[str, tuple[str, ...]] = {
    "hero": (
        "solve", "solves", "solved", "solving", "solution", "solutions", "save", "saves", "saved", "saving",
        "protect", "protects", "protected", "protecting", "help", "helps", "helped", "helping", "lead", "leads",
        "led the", "leading", "leadership", "fight", "fights", "fighting", "fought", "tackle", "tackles",
        "tackling", "combat", "combating", "commit", "commits", "committed to", "commitment", "pledge", "pledged",
        "pledges", "invest", "invests", "invested", "investing", "innovate", "innovation", "reduce", "reduces",
        "reduced", "reducing", "cut emissions", "clean", "renewable", "support", "supports", "supported",
        "champion", "champions", "praised", "welcomed", "ambitious", "progress", "success", "successful",
        "breakthrough", "restore", "restored", "defend", "defended", "urged", "called for", "push for",
    ),
    "villain": (
        "blame", "blamed", "blames", "responsible for", "cause", "caused", "causes", "causing", "destroy",
        "destroyed", "destroying", "pollute", "polluted", "polluting", "polluter", "polluters", "emit", "emits",
        "emitted", "emitting", "deny", "denied", "denies", "denying", "denier", "deniers", "reject", "rejected",
        "rejects", "rolled back", "roll back", "rollback", "repeal", "repealed", "withdraw", "withdrew",
        "withdrawn", "undermine", "undermined", "undermining", "attack", "attacked", "attacks", "lie", "lied",
        "lies", "mislead", "misled", "hoax", "greed", "greedy", "profit", "profits", "fault", "accused",
        "criticized", "criticised", "slammed", "refused", "refuses", "ignored", "ignores", "failed", "fails",
        "threaten", "threatens", "threatened to", "exploit", "exploited", "corrupt", "corruption", "alarmist",
        "alarmists", "hypocrite", "hypocrisy", "dangerous", "reckless",
    ),
    "victim": (
        "suffer", "suffers", "suffered", "suffering", "affected", "affect", "impacted", "vulnerable", "victim",
        "victims", "threatened by", "at risk", "endangered", "harmed", "hurt", "killed", "died", "dying", "die",
        "displaced", "forced to", "lost", "lose", "losing", "struggle", "struggled", "struggling", "flooded",
        "devastated", "damaged", "destroyed by", "hit by", "hit hard", "face", "faces", "facing", "exposed",
        "poor", "poorest", "homeless", "refugees", "starving", "drought", "famine", "extinction", "extinct",
        "endanger", "burden", "pay the price", "bear the brunt",
    ),
}

#: Words in an actor's own name that suggest a role (weight 1 each, once per actor).
ENTITY_CUES: dict[str, tuple[str, ...]] = {
    "hero": (
        "agreement", "accord", "policy", "policies", "law", "bill", "plan", "deal", "solar", "wind", "renewable",
        "renewables", "technology", "innovation", "scientists", "researchers", "activists", "green new deal",
        "paris agreement", "electric", "clean energy", "carbon tax",
    ),
    "villain": (
        "polluters", "fossil fuel", "fossil fuels", "oil", "coal", "gas", "industry", "companies", "corporations",
        "exxon", "exxonmobil", "emissions", "greenhouse gas", "deniers", "alarmists", "lobby", "lobbyists",
        "carbon dioxide", "co2", "climate change", "global warming", "capitalism",
    ),
    "victim": (
        "people", "residents", "citizens", "public", "families", "children", "kids", "generations", "farmers",
        "communities", "workers", "consumers", "taxpayers", "americans", "planet", "earth", "world", "environment",
        "nature", "species", "animals", "wildlife", "ocean", "oceans", "forests", "reef", "coral", "polar bears",
        "islands", "coastal", "poor", "health", "economy", "future",
    ),
}

_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_VERB = frozenset(("VB", "VBD", "VBZ", "VBP", "VBN", "VBG", "MD"))
_BE = frozenset(("be", "get"))
_CLAUSE_BREAK = frozenset((",", ";", ":", "that", "which", "who", "and", "but", "while", "because", "when", "if"))
_POS_CUT = 0.1


def _cue_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for role, words in CUES.items():
        for w in words:
            m.add(w, role)
    return m


_CUES = _cue_matcher()
_ENTITY_RES = {role: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))
                                + r")(?!\w)", re.IGNORECASE) for role, ws in ENTITY_CUES.items()}


def _position(tokens: Sequence[Any], start: int, end: int) -> str:
    """``agent``, ``patient`` or ``other`` for a mention at ``start:end`` within one parsed sentence."""
    inside = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
    if not inside:
        return "other"
    i, j = inside[0], inside[-1] + 1
    # agent of a passive: "... were displaced by <mention>"
    if i >= 1 and tokens[i - 1].text.lower() == "by" and i >= 2 and tokens[i - 2].pos in ("VBN", "VBD"):
        return "agent"
    # the first verb after the mention within its clause
    for k in range(j, min(len(tokens), j + 8)):
        t = tokens[k]
        if t.text.lower() in _CLAUSE_BREAK and t.pos not in _VERB:
            break
        if t.pos in _VERB:
            if t.lemma in _BE:  # passive subject: "<mention> were displaced"
                for u in tokens[k + 1 : k + 4]:
                    if u.pos == "VBN":
                        return "patient"
                    if u.pos not in ("RB", "RBR", "RBS", "VBN", "VB", "VBG") and u.lemma not in _BE:
                        break
            if t.pos == "VBN" and k == j:  # "<mention> built ...": a past tense the tagger read as a participle,
                nxt = tokens[k + 1].text.lower() if k + 1 < len(tokens) else ""  # unless a by-agent follows
                return "patient" if nxt == "by" else "agent"
            return "agent" if t.pos in _FINITE or t.pos == "VB" else "other"
    # a verb before the mention in the same clause: object position
    for k in range(i - 1, max(-1, i - 6), -1):
        t = tokens[k]
        if t.text.lower() in _CLAUSE_BREAK and t.pos not in _VERB:
            break
        if t.pos in _VERB or t.pos == "IN" and k > 0 and tokens[k - 1].pos in _VERB:
            return "patient"
    return "other"


def role_cues(text: str, spans: Sequence[tuple[int, int]], entity: str = "") -> dict[str, float]:
    """Role cues of one actor from its mentions ``spans`` in ``text``.

    Parameters
    ----------
    text : str
        The text (one field of an article).
    spans : sequence of (start, end)
        Character spans of the actor's mentions in ``text``.
    entity : str
        The actor's name, for the name cues.

    Returns
    -------
    dict
        ``n_mentions, n_sentences, agent, patient, agent_positive, agent_negative,
        polarity`` (mean over the actor's sentences), ``cue_hero, cue_villain,
        cue_victim`` (cue words in those sentences, outside the mention), and
        ``name_hero, name_villain, name_victim`` (0/1).

    Examples
    --------
    >>> t = "Residents were displaced by the floods. The council will help residents."
    >>> c = role_cues(t, [(0, 9), (62, 71)], "residents")
    >>> c["patient"], c["cue_victim"], c["cue_hero"], c["name_victim"]
    (2.0, 1.0, 1.0, 1.0)
    """
    from framing.text.parse import parse_sentences
    from framing.text.sentences import sentence_spans
    from framing.text.sentiment import polarity_subjectivity

    out = dict.fromkeys(("n_mentions", "n_sentences", "agent", "patient", "agent_positive", "agent_negative",
                         "polarity", "cue_hero", "cue_villain", "cue_victim"), 0.0)
    for role in ROLES:
        out[f"name_{role}"] = float(bool(entity) and _ENTITY_RES[role].search(entity) is not None)
    if not spans or not text:
        return out
    sents = sentence_spans(text)
    parsed = parse_sentences(text)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for s, e in spans:
        by_sentence.setdefault(sentence_id_at(sents, s), []).append((s, e))
    polarities = []
    for sid, items in by_sentence.items():
        s0, e0 = sents[sid] if sid < len(sents) else (0, len(text))
        sentence = text[s0:e0]
        pol = polarity_subjectivity(sentence)[0]
        polarities.append(pol)
        tokens = parsed[sid] if sid < len(parsed) else []
        for s, e in items:
            out["n_mentions"] += 1
            pos = _position(tokens, s, e)
            if pos == "agent":
                out["agent"] += 1
                out["agent_positive"] += pol >= _POS_CUT
                out["agent_negative"] += pol <= -_POS_CUT
            elif pos == "patient":
                out["patient"] += 1
        for hit in _CUES.find(sentence):
            a, b = s0 + hit.start, s0 + hit.end
            if any(a < e and s < b for s, e in items):
                continue  # the mention itself is not a cue for its own sentence
            for role in hit.payloads:
                out[f"cue_{role}"] += 1
    out["n_sentences"] = float(len(by_sentence))
    out["polarity"] = float(np.mean(polarities)) if polarities else 0.0
    return out


def role_scores(cues: dict[str, float]) -> dict[str, float]:
    """Hero, villain and victim scores from :func:`role_cues` (see the module docstring).

    Examples
    --------
    >>> role_scores({"n_mentions": 2, "agent_positive": 1, "agent_negative": 0, "patient": 1, "cue_hero": 1,
    ...              "cue_villain": 0, "cue_victim": 0, "name_hero": 0, "name_villain": 0, "name_victim": 1})
    {'hero': 1.0, 'villain': 0.0, 'victim': 1.5}
    """
    n = max(float(cues.get("n_mentions", 0.0)), 1.0)
    return {
        "hero": (cues["agent_positive"] + cues["cue_hero"]) / n + cues["name_hero"],
        "villain": (cues["agent_negative"] + cues["cue_villain"]) / n + cues["name_villain"],
        "victim": (cues["patient"] + cues["cue_victim"]) / n + cues["name_victim"],
    }


def _pick(scores: dict[str, float], default: str = "villain") -> str:
    best = max(scores.values())
    if best <= 0:
        return default
    winners = [r for r in ROLES if scores[r] == best]
    return default if default in winners or len(winners) > 1 else winners[0]


def _entity_spans(text: str, entity: str) -> list[tuple[int, int]]:
    m = PhraseMatcher([(entity, 0)])
    return [(h.start, h.end) for h in m.find(text)]


def assign_roles(text: str, entities: Sequence[str]) -> pd.DataFrame:
    """Score and assign a role to each of ``entities`` (found in ``text`` by case-insensitive phrase match).

    Returns
    -------
    DataFrame
        One row per entity: ``entity, role, hero, villain, victim`` and the cues
        of :func:`role_cues`. An entity that does not occur gets its name cues
        only (and ``villain`` when it has none).

    Examples
    --------
    >>> t = "Oil companies polluted the river. Fishermen suffered. Volunteers helped clean it."
    >>> assign_roles(t, ["oil companies", "fishermen", "volunteers"])[["entity", "role"]].values.tolist()
    [['oil companies', 'villain'], ['fishermen', 'victim'], ['volunteers', 'hero']]
    """
    rows = []
    for entity in entities:
        spans = _entity_spans(text, entity) if entity and entity.strip() else []
        cues = role_cues(text, spans, entity)
        scores = role_scores(cues)
        rows.append({"entity": entity, "role": _pick(scores), **scores, **cues})
    cols = ["entity", "role", *ROLES, *role_cues("", [], "")]
    return pd.DataFrame(rows, columns=cols)


class RoleFeatures(BaseExtractor):
    """Hero, villain and victim roles of each article's named actors (prefix ``roles``).

    Actors are the named actors found by
    :class:`~framing.extract.labels.LabelDiscovery` (names linked within and
    across articles); each actor's mentions in a field are scored with
    :func:`role_cues` and :func:`role_scores` (see the module docstring: a
    transparent baseline, not a trained model).

    Parameters
    ----------
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns read.
    min_mentions : int, default 1
        Actors with fewer mentions in an article are not scored.

    Notes
    -----
    Columns: ``roles__n_actors`` (actors scored), ``roles__n_hero``,
    ``roles__n_villain``, ``roles__n_victim`` (actors assigned each role) and
    ``roles__share_hero``, ``roles__share_villain``, ``roles__share_victim``
    (over the actors scored; 0 when there is none).

    The mentions table has one row per actor mention: ``doc_id, field,
    sentence_id, start, end, matched, actor, role, hero, villain, victim`` (the
    actor's role and scores in that field).

    References
    ----------
    .. [1] Frermann, L., Li, J., Khanehzar, S., & Mikolajczak, G. (2023).
       Conflicts, Villains, Resolutions: Towards models of Narrative Media
       Framing. *ACL 2023*, 8712-8732.

    Examples
    --------
    >>> corpus = ["Senator Ann Smith blamed Acme Corp for the spill. Acme Corp polluted the bay."]
    >>> rf = RoleFeatures(fields=("text",)).fit(corpus)
    >>> feats, mentions = rf.extract(corpus)
    >>> sorted(set(zip(mentions.actor, mentions.role)))
    [('Acme Corp', 'villain'), ('Ann Smith', 'villain')]
    """

    prefix = "roles"
    mention_columns = ("actor", "role", "hero", "villain", "victim")

    def __init__(self, *, fields: Sequence[str] = DEFAULT_FIELDS, min_mentions: int = 1) -> None:
        self.fields = fields
        self.min_mentions = min_mentions

    def _fit(self, docs: list[Document]) -> None:
        from framing.extract.labels import LabelDiscovery

        if isinstance(self.min_mentions, bool) or not isinstance(self.min_mentions, (int, np.integer)) \
                or self.min_mentions < 1:
            raise ValueError(f"min_mentions must be a positive integer, got {self.min_mentions!r}")
        frame = pd.DataFrame({"doc_id": [d.doc_id for d in docs],
                              **{f: [d.fields[f] for d in docs] for f in self._fields()}})
        if "text" not in frame:
            frame["text"] = ""
        self.labels_ = LabelDiscovery(fields=self._fields()).fit(frame)

    def _feature_names(self) -> list[str]:
        return ["n_actors", *(f"n_{r}" for r in ROLES), *(f"share_{r}" for r in ROLES)]

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        frame = pd.DataFrame({"doc_id": [doc.doc_id], **{f: [t] for f, t in doc.fields.items()}})
        if "text" not in frame:
            frame["text"] = ""
        names = self.labels_.actor_mentions(frame)
        counts = dict.fromkeys(ROLES, 0)
        mentions: list[dict[str, Any]] = []
        n_actors = 0
        for (field, actor), group in names.groupby(["field", "actor"], sort=False):
            if len(group) < self.min_mentions:
                continue
            text = doc.fields[field]
            spans = list(zip(group["start"], group["end"]))
            scores = role_scores(role_cues(text, spans, actor))
            role = _pick(scores)
            n_actors += 1
            counts[role] += 1
            for row in group.itertuples():
                mentions.append({"field": field, "sentence_id": int(row.sentence_id), "start": int(row.start),
                                 "end": int(row.end), "matched": row.matched, "actor": actor, "role": role,
                                 **scores})
        values = {"n_actors": float(n_actors)}
        for r in ROLES:
            values[f"n_{r}"] = float(counts[r])
            values[f"share_{r}"] = counts[r] / n_actors if n_actors else 0.0
        return values, mentions
