"""How each outlet names each actor: titles, premodifiers, appositives and group labels.

:class:`LabelDiscovery` needs no lexicon of labels. It finds the named actors
of a corpus (proper-noun sequences: people, organizations, places used as
actors), links the ways they are written (``Ahmed al-Sharaa``, ``al-Sharaa``,
``Sharaa``, ``President Assad``) to one canonical actor, and collects the
descriptors each article attaches to them:

``title``
    words before the name, in its noun phrase, that end capitalized and hold a
    capitalized title word (:data:`TITLE_WORDS`):
    ``Syria's interim President Ahmed al-Sharaa`` -> ``interim President``;
    ``President Bashar al-Assad`` -> ``President``.
``premodifier``
    other words before the name in its noun phrase:
    ``Syrian leader Ahmed al-Sharaa`` -> ``Syrian leader``;
    ``Kremlin spokesman Dmitry Peskov`` -> ``Kremlin spokesman``.
``appositive``
    a noun phrase set off by a comma after the name, or before it when its head
    names a person (a title word or a person ending such as ``-er``, ``-ist``):
    ``Sharaa, a former al Qaeda commander,`` -> ``former al Qaeda commander``;
    ``Syria's new leader, Ahmed al-Sharaa,`` -> ``new leader``.
``group_label``
    a group named through the actor: ``rebels led by Sharaa``,
    ``Sharaa's rebels``, ``Sharaa-led rebels`` -> ``rebels``; ``the Assad
    regime`` -> ``regime`` (the actor as the modifier of a plural or collective
    noun).

Everything rests on the shared parser (:mod:`framing.text.parse`: one parse
per sentence, cached per text) and on small word lists kept as module data
(:data:`TITLE_WORDS`, :data:`MODIFIER_WORDS`, :data:`GROUP_NOUNS`,
:data:`GROUP_VERBS`, :data:`NOT_NAMES`, :data:`OFFICE_WORDS`), all but the last
replaceable through a parameter.

Finding names
-------------
In each noun-phrase chunk (split at coordinating conjunctions) the name is
the run of proper nouns (``NNP``/``NNPS``) at its end, read from right to left
and stopped by a lower-case word, an adjective, a title word (``President``,
``Sen.``), an affiliation word (``Democrat``, ``Russian``) or, after a
person's name, an office word (``State`` in ``Secretary of State Mike
Pompeo``). When that run holds only common words (``Army``, ``Party``,
``Department``), capitalized words before it join it (``Free Syrian Army``,
``Democratic Party``, ``Justice Department``). A run ending in a title word
(``the House Speaker``), ending in one of :data:`NOT_NAMES` (months, days), or
made of affiliation words after ``a``/``an`` (``a veteran Democrat``) is not a
name. Title-case headlines are tagged with lower-case lookups by the parser,
so ``Obama Mocks Congress`` holds two names, not one. Proper nouns elsewhere
in a phrase (``Kremlin`` in ``Kremlin spokesman Dmitry Peskov``) are names
too, used as modifiers.

Descriptors lose their leading determiners, possessives, numbers and
quantifiers (``the``, ``his``, ``many``, ``other``) and anything up to a word
of time the chunker glued on (``Last week Ms. Pelosi`` -> ``Ms.``); a lone
direction, ordinal or ``-ing`` word (``northern Syria``, ``14th Amendment``)
is no descriptor, nor is anything longer than ``max_descriptor_words``. A
title after ``<Title> of`` keeps it (``Secretary of State Mike Pompeo`` ->
``Secretary of State``). Group labels need a collective noun
(:data:`GROUP_NOUNS`) or a plural noun for people (``rebels``,
``loyalists``), so ``Putin's policies`` is not one.

Linking names to actors
-----------------------
Each written form is reduced to a key: lower-cased words, straight quotes,
the Arabic article dropped (``al-``, ``Al ``, ``el-`` ...), so ``al-Sharaa``,
``Al Sharaa`` and ``Sharaa`` share the key ``sharaa``. A key A is *part of* a
longer key B when A's words appear in B in order and end with B's last word
(``sharaa`` and ``ahmed sharaa`` are part of ``ahmed hussein sharaa``), unless
every extra word of B is a word the corpus also writes in lower case, an
affiliation or office word, or a direction (so ``House`` is not part of
``White House``, ``Korea`` not of ``North Korea``, ``Republicans`` not of
``Alabama Republicans``). Given names that are also English words (``Bill``,
``Mark``) always count as names. A key is *reliable* when it is written in at
least ``min_name_docs`` articles.

1. *Within an article*, a key goes to the longest key of the same article it
   is part of (ties: the one written first): ``President Assad`` and
   ``Assad's`` go to ``Bashar al-Assad`` when the article names him in full.
2. *Over the corpus* (learned in ``fit``), the key reached in step 1 goes to

   a. the best reliable key it is part of, among the reliable keys that are
      part of no other reliable key ("best": written in most articles, counting
      the articles of its parts; then most words; then alphabetical);
   b. else, for a key that is not reliable, the actor of its longest reliable
      part of two words or more (``Arizonan John McCain`` -> ``John McCain``);
   c. else, for a one-word key that is not an English common word, the best
      key over all keys it is part of (``Sharaa`` -> ``Ahmed al-Sharaa`` even
      when the full name is written once);
   d. else itself. A single affiliation word (``Republicans``) is always
      itself.
3. The actor's name is the most complete written form of its key (most
   words, then most characters, then most frequent, then alphabetical; forms
   in capitals only when there is no other), e.g. ``Ahmed al-Sharaa``; two
   actors written alike get their key appended. Names found only in
   ``transform`` use the same rules against the keys learned in ``fit``.

The procedure is deterministic: the same corpus, in any order, gives the
same actors.

Features are counts per article of ``(actor, descriptor)`` pairs found at
least ``min_count`` times in ``fit`` (descriptors compared in lower case), at
most ``max_features`` of them (most frequent first, ties alphabetical).

References
----------
.. [1] Entman, R. M. (1993). Framing: Toward clarification of a fractured
   paradigm. Journal of Communication 43(4), 51-58.
.. [2] Recasens, M., Danescu-Niculescu-Mizil, C. and Jurafsky, D. (2013).
   Linguistic models for analyzing and detecting biased language. ACL 2013,
   1650-1659.
.. [3] Abney, S. (1991). Parsing by chunks. In Principle-Based Parsing,
   257-278. Kluwer.
.. [4] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal of
   Machine Learning Research 13, 2063-2067.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, field as _dc_field
from functools import lru_cache, partial
from itertools import combinations, compress
from operator import itemgetter
from typing import Any, ClassVar

import pandas as pd

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, as_documents
from framing.text.parse import ParsedText, Token, _Memo, gc_paused, lemma, parse_columns
from framing.text.sentences import sentence_spans

__all__ = [
    "GROUP_NOUNS",
    "GROUP_VERBS",
    "LabelDiscovery",
    "MODIFIER_WORDS",
    "NOT_NAMES",
    "OFFICE_WORDS",
    "TITLE_WORDS",
    "find_labels",
    "label_table",
]

log = logging.getLogger(__name__)

#: Words of titles and roles written before a name (lower case). They end a
#: name read from the right, and a descriptor ending in one is a ``title``.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    president vice prime minister premier chancellor secretary undersecretary deputy assistant acting
    interim caretaker former ex then incoming outgoing elect president-elect king queen prince princess crown
    emir sheikh sultan ayatollah imam mullah pope cardinal archbishop bishop rev. reverend rabbi pastor
    general gen. lt. lieutenant col. colonel maj. major capt. captain sgt. sergeant adm. admiral commander
    cmdr. marshal brig. brigadier corporal cpl. pvt. private senator sen. sens. representative rep. reps.
    congressman congresswoman congressmember delegate governor gov. mayor speaker leader chairman
    chairwoman chair chief director spokesman spokeswoman spokesperson ambassador envoy judge justice
    attorney solicitor prosecutor sheriff commissioner councilman councilwoman councillor councilor
    mr. mrs. ms. miss mr mrs ms dr. dr prof. professor sir dame lord lady whip
    presidential candidate nominee hopeful challenger incumbent superintendent
    gov sen rep gen lt col maj capt sgt adm cmdr brig cpl pvt rev atty supt insp det amb pres
    counsel agent officer detective inspector adviser advisor aide
    """.split()
)

#: Words naming an office or a department (lower case): ``State`` in ``Secretary
#: of State Mike Pompeo`` ends the name; ``Justice`` in ``Justice Department``
#: is part of an institution's name.
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    state foreign defense defence interior finance treasury homeland security health justice supreme
    grand staff intelligence commerce education energy agriculture transportation affairs labor housing
    veterans environment trade budget communications policy national-security majority minority
    judiciary armed services appropriations oversight ethics
    """.split()
)

#: Capitalized words that describe a person's affiliation or origin rather than
#: name them (lower case): they end a name read from the right.
MODIFIER_WORDS: frozenset[str] = frozenset(
    """
    democrat democrats democratic republican republicans gop conservative conservatives liberal liberals
    labour labor tory tories socialist communist independent libertarian progressive green greens
    afghan albanian algerian american argentine armenian australian austrian azerbaijani bahraini
    belarusian belgian bolivian bosnian brazilian british bulgarian burmese cambodian canadian chilean
    chinese colombian croatian cuban cypriot czech danish dutch egyptian emirati english eritrean
    estonian ethiopian european filipino finnish french georgian german ghanaian greek haitian hungarian
    indian indonesian iranian iraqi irish israeli italian japanese jordanian kazakh kenyan korean kosovar
    kurdish kuwaiti lebanese libyan lithuanian malaysian malian mexican moldovan mongolian moroccan
    nepalese nicaraguan nigerian norwegian omani pakistani palestinian panamanian peruvian polish
    portuguese qatari romanian russian rwandan scottish serbian slovak slovenian somali
    spanish sudanese swedish swiss syrian taiwanese tajik tanzanian thai tunisian turkish
    turkmen ugandan ukrainian uzbek venezuelan vietnamese welsh yemeni zimbabwean sunni shiite shia
    alawite druze christian muslim jewish catholic evangelical islamist jihadist kremlin-backed
    """.split()
)

#: Collective nouns that make ``<actor> <noun>`` a group label even in the
#: singular (``the Assad regime``, ``the Trump administration``); plural
#: nouns always do (lower case).
GROUP_NOUNS: frozenset[str] = frozenset(
    """
    regime government administration family clan dynasty camp coalition alliance party movement group
    faction militia army force forces junta loyalists supporters followers allies troops cabinet
    organization organisation network cell wing team circle entourage establishment
    militias militants troops soldiers fighters officials aides allies advisers guards police henchmen
    men women people followers backers cronies partisans proxies residents students opponents dissidents
    insurgents militants migrants immigrants combatants assistants lieutenants servants participants
    descendants inhabitants agents adherents proponents constituents clients patients parents
    """.split()
)

# Endings of plural nouns for people ("rebels", "loyalists", "protesters", "Alawites").
_PEOPLE_SUFFIXES: tuple[str, ...] = (
    "ists", "ers", "ors", "ites", "ians", "ans", "ees", "els", "ards", "ots", "ias",
)

#: Verbs (base form) of ``<group> <verb> by <actor>``: ``rebels led by Sharaa``,
#: ``militias backed by Iran``; also ``<actor>-<past participle> <group>``
#: (``Sharaa-led rebels``).
GROUP_VERBS: frozenset[str] = frozenset(
    "lead back support arm fund finance command head sponsor control train direct found run organize".split()
)
_GROUP_PARTICIPLES: frozenset[str] = frozenset(
    "led backed supported armed funded financed commanded headed sponsored controlled trained directed "
    "founded run organized allied aligned linked affiliated inspired dominated".split()
)
#: Adjectives of ``<group> loyal to <actor>`` (with the preposition each takes).
_GROUP_ADJ: dict[str, frozenset[str]] = {
    "loyal": frozenset(("to",)),
    "allied": frozenset(("to", "with")),
    "aligned": frozenset(("with", "to")),
    "linked": frozenset(("to", "with")),
    "affiliated": frozenset(("with", "to")),
    "close": frozenset(("to",)),
    "faithful": frozenset(("to",)),
}

#: Capitalized words that are never a name on their own: months, week days
#: (lower case).
NOT_NAMES: frozenset[str] = frozenset(
    """
    january february march april may june july august september october november december jan. feb.
    mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. monday tuesday wednesday thursday friday saturday
    sunday i
    """.split()
)

# The Arabic article, dropped from linking keys ("al-Sharaa" ~ "Sharaa").
_ARTICLES = frozenset(("al", "el"))
_ARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|at|az|an)[-‐‑'’](?=\w)", re.IGNORECASE)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-"})
_DET = frozenset(("DT", "PDT", "WDT", "PRP$", "WP$", "POS"))
_NAME_TAGS = frozenset(("NNP", "NNPS"))
_NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))
_CLOSERS = frozenset((",", ".", ";", ":", ")", "--", "-", "!", "?", '"', "''", "]"))
_APPOS_PREPS = frozenset(("of", "for", "at", "in", "to", "with", "from"))
_HYPHEN_GROUP_RE = re.compile(r"^(.+?)-(" + "|".join(sorted(_GROUP_PARTICIPLES)) + r")$", re.IGNORECASE)
_SLUG_RE = re.compile(r"[^0-9a-z]+")
_ORDINAL_RE = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$")
_PARTY_STATE_RE = re.compile(r"^[DRI]-[A-Z]")

# Lone words before a name that say where, not who ("northern Syria").
_NOT_DESCRIPTORS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest southeast southwest
    northeastern northwestern southeastern southwestern upper lower greater inner outer neighboring
    neighbouring nearby mainland rural urban downtown occupied
    """.split()
)

# Given names that are also English words: they count as names when linking.
_GIVEN_NAMES = frozenset(
    "bill mark will rose hope grant jack frank ray rich don chuck pat may june guy dawn joy faith jean bob "
    "art bud buck sue rob bernie jerry harry jimmy tom terry dick bobby sandy carol penny grace iris".split()
)

MENTION_COLUMNS_LABELS: tuple[str, ...] = ("actor", "descriptor", "kind", "actor_start", "actor_end", "actor_text")


# --------------------------------------------------------------------------
# Word classes
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, str]:
    from framing.text.parse import _lexicon as lex

    return lex()


# Per-word answers are kept in bounded dicts (framing.text.parse._Memo) rather than LRU caches:
# a look-up is cheaper, and a dict of strings and booleans is nothing the garbage collector visits.


def _common_word(word: str) -> bool:
    w = word.lower().translate(_QUOTES)
    if w in _GIVEN_NAMES:
        return False
    tag = _lexicon().get(w)
    return tag is not None and not tag.startswith("NNP")


#: Whether a word's lower-case form is an English common word in the parser's lexicon.
_is_common_word = _Memo(_common_word).__getitem__
#: Whether a capitalized word's lower-case form is an adjective in the lexicon ("Congressional").
_is_adjective = _Memo(lambda word: _lexicon().get(word.lower().translate(_QUOTES), "").startswith("JJ")).__getitem__


def _is_affiliation(word: str, modifiers: AbstractSet[str]) -> bool:
    """An affiliation or origin word, singular or plural ("Republican", "Americans")."""
    return word in modifiers or (word.endswith("s") and word[:-1] in modifiers)


#: A word in lower case with straight quotes.
_norm_word = _Memo(lambda word: word.lower() if word.isascii() else word.lower().translate(_QUOTES)).__getitem__


def _key_words(words: Iterable[str]) -> tuple[str, ...]:
    """Linking key of a written name: lower case, the Arabic article dropped."""
    out: list[str] = []
    for w in words:
        w = _norm_word(w)
        if w in _ARTICLES:
            continue
        m = _ARTICLE_PREFIX_RE.match(w)
        if m is not None:
            w = w[m.end() :]
        w = w.strip("'-.")
        if w:
            out.append(w)
    return tuple(out)


def _slug(text: str) -> str:
    return _SLUG_RE.sub("_", text.lower().translate(_QUOTES)).strip("_") or "x"


class _WordSet(frozenset):
    """A set of words equal only to itself, so that the part-of and link tables, which are
    keyed by it, never compare two large sets word by word."""

    __slots__ = ()
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (_WordSet, (frozenset(self),))


def _part_of(a: tuple[str, ...], b: tuple[str, ...], common: AbstractSet[str] = frozenset()) -> bool:
    """Whether key ``a`` is part of the longer key ``b`` (see the module docstring).

    ``common`` holds the words written in lower case in the corpus: when all the
    words ``b`` has beyond ``a`` are such words (``white`` in ``White House``) or
    directions (``North Korea``), ``a`` is not part of ``b``.
    """
    if len(a) >= len(b) or not a or a[-1] != b[-1]:
        return False
    if isinstance(common, frozenset):
        return _part_of_checked(a, b, common)  # the same pairs come up again and again
    return _part_of_checked.__wrapped__(a, b, common)


@lru_cache(maxsize=65536)
def _part_of_checked(a: tuple[str, ...], b: tuple[str, ...], common: AbstractSet[str]) -> bool:
    """:func:`_part_of` for a shorter, non-empty ``a`` ending with the last word of ``b``."""
    if len(a) == 1:
        extra: Sequence[str] = b[:-1]
    else:
        # subsequence test
        it = iter(b)
        if not all(w in it for w in a):
            return False
        extra = list(b)
        for w in a:
            extra.remove(w)
    return not all((w in common and w not in _GIVEN_NAMES) or w in _NOT_DESCRIPTORS for w in extra)


# --------------------------------------------------------------------------
# Per-text analysis
# --------------------------------------------------------------------------


# Names and descriptors are plain tuples of strings and numbers, which Python's garbage collector
# stops tracking (it keeps tracking named tuples): the analyses of thousands of texts are kept
# between ``fit`` and ``extract``, and every collection would otherwise go through them again.
#
# A name: ``(field, sentence_id, start, end, text, key)``; ``text`` is the name as written (straight
# quotes), ``key`` its linking key (:func:`_key_words`).
_Name = tuple[str, int, int, int, str, tuple[str, ...]]
_N_FIELD, _N_SENTENCE, _N_START, _N_END, _N_TEXT, _N_KEY = range(6)
# A descriptor: ``(name, start, end, descriptor, kind)``, the descriptor's span and words.
_Label = tuple[_Name, int, int, str, str]
_L_NAME, _L_START, _L_END, _L_DESCRIPTOR, _L_KIND = range(5)
_name_key = itemgetter(_N_KEY)
_name_text = itemgetter(_N_TEXT)


@dataclass(frozen=True)
class _Config:
    titles: frozenset[str]
    modifiers: frozenset[str]
    group_nouns: frozenset[str]
    group_verbs: frozenset[str]
    not_names: frozenset[str]
    max_descriptor_words: int


def _is_title(text: str, cfg: _Config) -> bool:
    w = _norm_word(text)
    if w in cfg.titles:
        return True
    if "-" in w:  # "ex-President", "Speaker-to-be", "then-Sen."
        parts = w.split("-")
        return parts[0] in cfg.titles or parts[-1] in cfg.titles
    return False


def _is_modifier(text: str, pos: str, cfg: _Config) -> bool:
    return _norm_word(text) in cfg.modifiers or pos.startswith("JJ")


def _is_cap(text: str, pos: str) -> bool:
    return text[:1].isupper() or (pos in _NAME_TAGS and text[:1].isalpha())


# Word flags: what the rules ask of a token's text, worked out once per distinct word (and word
# lists) rather than at every token; see :func:`_word_flags`.
_F_UP1 = 1 << 0  # first character upper case
_F_ALPHA1 = 1 << 1  # first character a letter
_F_ALPHA = 1 << 2  # some letter
_F_TITLE = 1 << 3  # a title word (:func:`_is_title`)
_F_MOD = 1 << 4  # an affiliation word (``cfg.modifiers``)
_F_NOTNAME = 1 << 5  # ``cfg.not_names``
_F_OFFICE = 1 << 6  # :data:`OFFICE_WORDS`
_F_HYPH = 1 << 7  # ``Sharaa-led``: matches ``_HYPHEN_GROUP_RE``
_F_PARTY = 1 << 8  # ``D-Calif.``: matches ``_PARTY_STATE_RE``
_F_COMMON = 1 << 9  # :func:`_is_common_word`
_F_ADJ = 1 << 10  # :func:`_is_adjective`
_F_TIME = 1 << 11  # :data:`_TIME_WORDS`
_F_QUANT = 1 << 12  # :data:`_QUANTIFIERS`
_F_GROUP = 1 << 13  # ``cfg.group_nouns``
_F_PEOPLE = 1 << 14  # ends like a plural noun for people (:data:`_PEOPLE_SUFFIXES`)
_F_HYPHCAP = 1 << 15  # capitalized and hyphenated
_F_ING = 1 << 16  # ends in ``ing``
_F_TADJ = 1 << 17  # :data:`_TITLE_ADJECTIVES`
_F_CAPNNP = _F_UP1 | _F_ALPHA1  # :func:`_is_cap` of a proper noun
_F_STOP = _F_TITLE | _F_MOD | _F_NOTNAME | _F_HYPH  # ends a name read from the right

# Distinct words (and written names) remembered before a table starts afresh.
_FLAGS_LIMIT = 200_000


def _word_flags_of(text: str, cfg: _Config) -> int:
    """The ``_F_*`` flags of one token text (see the comments at their definitions)."""
    w = _norm_word(text)
    head = text[:1]
    f = 0
    if head.isupper():
        f |= _F_UP1
    if head.isalpha():
        f |= _F_ALPHA1 | _F_ALPHA
    elif any(c.isalpha() for c in text):
        f |= _F_ALPHA
    if w in cfg.titles:
        f |= _F_TITLE
    elif "-" in w:  # "ex-President", "Speaker-to-be", "then-Sen." (as :func:`_is_title`)
        parts = w.split("-")
        if parts[0] in cfg.titles or parts[-1] in cfg.titles:
            f |= _F_TITLE
    if w in cfg.modifiers:
        f |= _F_MOD
    if w in cfg.not_names:
        f |= _F_NOTNAME
    if w in OFFICE_WORDS:
        f |= _F_OFFICE
    if "-" in text:
        if _HYPHEN_GROUP_RE.match(text):
            f |= _F_HYPH
        if _PARTY_STATE_RE.match(text):
            f |= _F_PARTY
        if f & _F_UP1:
            f |= _F_HYPHCAP
    # _is_common_word and _is_adjective: the lower-case form's tag in the lexicon
    tag = _lexicon().get(w)
    if tag is not None:
        if not tag.startswith("NNP") and w not in _GIVEN_NAMES:
            f |= _F_COMMON
        if tag.startswith("JJ"):
            f |= _F_ADJ
    low = text.lower()
    if low in _TIME_WORDS:
        f |= _F_TIME
    if low in _QUANTIFIERS:
        f |= _F_QUANT
    if w in cfg.group_nouns:
        f |= _F_GROUP
    if w.endswith(_PEOPLE_SUFFIXES):
        f |= _F_PEOPLE
    if w.endswith("ing"):
        f |= _F_ING
    if w in _TITLE_ADJECTIVES:
        f |= _F_TADJ
    return f


@lru_cache(maxsize=8)
def _word_flags(cfg: _Config) -> _Memo:
    """Token text -> ``_F_*`` flags under the configuration ``cfg``, filled on first look-up."""
    return _Memo(partial(_word_flags_of, cfg=cfg), limit=_FLAGS_LIMIT)


def _name_form(ck: Any) -> tuple[tuple[str, ...], str]:
    """Linking key and written form of a name given the texts of its tokens (one text for a one-word name)."""
    words = (ck,) if isinstance(ck, str) else ck
    return _key_words(words), " ".join([w.translate(_QUOTES) for w in words])


#: :func:`_name_form` by the texts of a name's tokens.
_NAME_FORMS = _Memo(_name_form, limit=_FLAGS_LIMIT)


def _name_run(pos: list[str], texts: list[str], fl: list[int], i: int, j: int) -> tuple[int, int] | None:
    """The name at the end of tokens ``i:j`` as ``(a, j)``, or ``None`` (``pos``, ``texts``
    and ``fl`` are the tags, texts and :func:`_word_flags` of the sentence's tokens)."""
    if pos[j - 1] not in _NAME_TAGS:
        return None
    f = fl[j - 1]
    if not f & _F_CAPNNP or not f & _F_ALPHA or f & (_F_PARTY | _F_HYPH):
        return None
    if f & (_F_TITLE | _F_NOTNAME):
        # a role without a name ("the House Speaker", "Syria's President"), a month or a day
        return None
    a = j - 1
    common = f & _F_COMMON  # non-zero when every word of a:j is a common word
    while a > i:
        g = fl[a - 1]
        if pos[a - 1] not in _NAME_TAGS or not g & _F_CAPNNP or g & _F_STOP:
            break
        if g & _F_OFFICE and not common:
            break  # "Secretary of State Mike Pompeo": the person's name ends here
        a -= 1
        common &= g
    if common:
        # "Free Syrian Army", "Democratic Party", "Justice Department": capitalized words before a
        # generic head join it
        while a > i:
            g = fl[a - 1]
            p = pos[a - 1]
            if (not (g & _F_UP1 or (p in _NAME_TAGS and g & _F_ALPHA1)) or p in _DET or p == "CC"
                    or g & _F_NOTNAME or (g & _F_TITLE and not g & _F_OFFICE)):
                break
            a -= 1
    if texts[i] in _A_AN and all(fl[x] & _F_MOD for x in range(a, j)):
        return None  # "a veteran Democrat" describes, it does not name
    return a, j


_TEXT = itemgetter(0)
_POS = itemgetter(3)
_CHUNK = itemgetter(4)


def _segments(toks: list[Token], pos: list[str] | None = None, texts: list[str] | None = None) -> list[tuple[int, int]]:
    """Noun-phrase chunks (as :func:`framing.text.parse.chunks` groups them) split at
    coordinating conjunctions and commas, as ``(i, j)`` token ranges (``pos`` and ``texts``:
    the tags and texts of ``toks`` when known). The definition of a segment; the analysis
    finds the same segments only around proper nouns (:class:`_Segments`)."""
    if pos is None:
        pos = list(map(_POS, toks))
    if texts is None:
        texts = list(map(_TEXT, toks))
    out: list[tuple[int, int]] = []
    s = -1  # start of the open segment, -1 when none
    k = 0
    for c in map(_CHUNK, toks):
        if c == "I-NP" and s != -1:
            if pos[k] == "CC" or texts[k] == ",":
                if k > s:
                    out.append((s, k))
                s = k + 1
            k += 1
            continue
        if s != -1 and k > s:
            out.append((s, k))
        s = k if (c == "B-NP" or c == "I-NP") else -1
        k += 1
    if s != -1 and k > s:
        out.append((s, k))
    return out


# Leading words of a noun phrase that quantify rather than describe ("many Democrats").
_QUANTIFIERS = frozenset(
    "the a an many other others some several few various both all most more such same own certain numerous "
    "two three four five six seven eight nine ten dozens hundreds thousands millions each every any no".split()
)


# Words of time that the chunker may glue before a name ("Last week Ms. Pelosi").
_TIME_WORDS = frozenset(
    "week weeks month months year years day days time times today yesterday tonight morning afternoon evening "
    "night weekend decade decades century moment".split()
)


def _strip_det(s: _Sentence, i: int, j: int) -> int:
    """Start of the words of ``s[i:j]`` after its determiners, numbers and quantifiers (and
    anything up to a word of time)."""
    texts, pos = s.texts, s.pos
    for k in range(j - 1, i - 1, -1):
        if texts[k].lower() in _TIME_WORDS and pos[k] in ("NN", "NNS"):
            i = k + 1
            break
    while i < j and (pos[i] in _DET or pos[i] == "CD" or texts[i].lower() in _QUANTIFIERS):
        i += 1
    return i


def _descriptor(s: _Sentence, i: int, j: int) -> str:
    return " ".join([w.translate(_QUOTES) for w in s.texts[i:j]])


def _head_is_group(s: _Sentence, k: int, cfg: _Config) -> bool:
    """Whether token ``k`` is a collective noun (:data:`GROUP_NOUNS`) or a plural noun for people
    (``rebels``, ``loyalists``, ``protesters``: agent suffixes, see :data:`_PEOPLE_SUFFIXES`)."""
    w = _norm_word(s.texts[k])
    if w in cfg.group_nouns or s.lemma(k) in cfg.group_nouns:
        return True
    return s.pos[k] in ("NNS", "NNPS") and w.endswith(_PEOPLE_SUFFIXES)


def _strip_det_at(pos: list[str], fl: list[int], i: int, j: int) -> int:
    """:func:`_strip_det` over the tags and word flags of a sentence."""
    for k in range(j - 1, i - 1, -1):
        if fl[k] & _F_TIME and pos[k] in ("NN", "NNS"):
            i = k + 1
            break
    while i < j and (pos[i] in _DET or pos[i] == "CD" or fl[i] & _F_QUANT):
        i += 1
    return i


_NP_CHUNKS = frozenset(("B-NP", "I-NP"))
_A_AN = frozenset(("a", "an", "A", "An", "AN", "aN"))
# The word before a name that can link it to a group named before: "led by", "loyal to", "allied with".
_BY_PREPS = frozenset(("by", *(p for preps in _GROUP_ADJ.values() for p in preps)))


class _Sentence:
    """The tokens of one sentence column by column (slices of a :class:`~framing.text.parse.ParsedText`):
    token ``k`` is ``texts[k]`` at ``starts[k]:ends[k]``, tagged ``pos[k]`` and ``chunks[k]``, with
    lemma :meth:`lemma` (``lemmas[k]`` when the lemmas are given, else the parser's)."""

    __slots__ = ("texts", "starts", "ends", "pos", "chunks", "lemmas")

    def __init__(self, texts: Sequence[str], starts: Sequence[int], ends: Sequence[int], pos: Sequence[str],
                 chunks: Sequence[str], lemmas: Sequence[str] | None = None) -> None:
        self.texts = texts
        self.starts = starts
        self.ends = ends
        self.pos = pos
        self.chunks = chunks
        self.lemmas = lemmas

    def lemma(self, k: int) -> str:
        """Lemma of token ``k``."""
        if self.lemmas is None:
            return lemma(self.texts[k], self.pos[k])
        return self.lemmas[k]

    @classmethod
    def of_tokens(cls, toks: Sequence[Token]) -> "_Sentence":
        """The columns of a list of :class:`~framing.text.parse.Token` (their own lemmas kept)."""
        p = ParsedText.from_tokens([toks])
        return cls(p.texts, p.starts, p.ends, p.tags, p.chunks, tuple(t.lemma for t in toks))


class _Segments:
    """The segments of one sentence, found where they are needed rather than all at once.

    The same segments as :func:`_segments`: each is decided by its tokens and their
    immediate neighbours, since a conjunction or comma splits a noun phrase exactly when
    the token before it is in a noun phrase too.
    """

    __slots__ = ("chunks", "pos", "texts", "n")

    def __init__(self, chunks: list[str], pos: list[str], texts: list[str]) -> None:
        self.chunks = chunks
        self.pos = pos
        self.texts = texts
        self.n = len(chunks)

    def splits(self, k: int) -> bool:
        """Whether token ``k`` is a conjunction or comma that splits a noun phrase."""
        ch = self.chunks
        return (ch[k] == "I-NP" and k > 0 and ch[k - 1] in _NP_CHUNKS
                and (self.pos[k] == "CC" or self.texts[k] == ","))

    def inside(self, k: int) -> bool:
        """Whether token ``k`` belongs to a segment."""
        return self.chunks[k] in _NP_CHUNKS and not self.splits(k)

    def start(self, k: int) -> int:
        """Start of the segment holding token ``k`` (which must belong to one)."""
        ch, pos, texts = self.chunks, self.pos, self.texts
        while k > 0 and ch[k] == "I-NP":
            c = ch[k - 1]
            if c not in _NP_CHUNKS:
                break
            if c == "I-NP" and k > 1 and ch[k - 2] in _NP_CHUNKS and (pos[k - 1] == "CC" or texts[k - 1] == ","):
                break  # token k - 1 splits the noun phrase
            k -= 1
        return k

    def end(self, k: int) -> int:
        """End (exclusive) of the segment holding token ``k`` (which must belong to one)."""
        ch, pos, texts, n = self.chunks, self.pos, self.texts, self.n
        e = k + 1
        while e < n and ch[e] == "I-NP" and pos[e] != "CC" and texts[e] != ",":
            e += 1
        return e

    def starting_at(self, x: int) -> int | None:
        """End of the segment starting at token ``x``, or ``None`` when none starts there."""
        if x < self.n and self.inside(x) and self.start(x) == x:
            return self.end(x)
        return None

    def ending_at(self, e: int) -> int | None:
        """Start of the segment ending at ``e`` (exclusive), or ``None`` when none ends there."""
        if e < 1 or e > self.n or not self.inside(e - 1):
            return None
        if e < self.n and self.chunks[e] == "I-NP" and not self.splits(e):
            return None  # the segment goes on
        return self.start(e - 1)


def _analyze_sentence(
    toks: list[Token], field: str, sid: int, cfg: _Config, wf: _Memo | None = None
) -> tuple[list[_Name], list[_Label]]:
    """Names and descriptors of one sentence given as :class:`~framing.text.parse.Token` objects."""
    return _analyze_span(_Sentence.of_tokens(toks), field, sid, cfg, wf)


def _analyze_span(
    s: _Sentence, field: str, sid: int, cfg: _Config, wf: _Memo | None = None
) -> tuple[list[_Name], list[_Label]]:
    """Names and descriptors of the sentence ``s`` (number ``sid`` of the field ``field``)."""
    names: list[_Name] = []
    labels: list[_Label] = []
    pos = s.pos
    if "NNP" not in pos and "NNPS" not in pos:
        return names, labels  # every rule needs a proper noun
    texts, starts, ends = s.texts, s.starts, s.ends
    n = len(texts)
    nnp = list(map(_NAME_TAGS.__contains__, pos))
    segs = _Segments(s.chunks, pos, texts)
    # word flags of the tokens of segments holding a proper noun (the rules look nowhere else)
    flags_of = (wf if wf is not None else _word_flags(cfg)).__getitem__
    fl = [0] * n
    # name found at the end of a segment, by the segment's start
    seg_name: dict[int, _Name] = {}
    seg_run: dict[int, tuple[int, int]] = {}
    seg_stop: dict[int, int] = {}
    maxw = cfg.max_descriptor_words

    def make_name(a: int, b: int) -> _Name | None:
        form = _NAME_FORMS[texts[a] if b - a == 1 else tuple(texts[a:b])]
        if not form[0]:
            return None
        nm = (field, sid, starts[a], ends[b - 1], form[1], form[0])
        names.append(nm)
        return nm

    # the segments holding a proper noun, in order
    j = 0
    for k in compress(range(n), nnp):
        if k < j or not segs.inside(k):
            continue
        i = segs.start(k)
        j = segs.end(k)
        fl[i:j] = map(flags_of, texts[i:j])
        # names inside the segment, right to left: the final one is the head name
        end = j
        head_run = _name_run(pos, texts, fl, i, j) if nnp[j - 1] else None
        if head_run is not None:
            nm = make_name(*head_run)
            if nm is not None:
                seg_name[i] = nm
                seg_run[i] = head_run
                seg_stop[i] = j
                a = head_run[0]
                d0 = _strip_det_at(pos, fl, i, a)
                if d0 == i and i >= 2 and texts[i - 1].lower() in ("of", "for") and a > i:
                    # "Secretary of State Mike Pompeo", "Director of National Intelligence James Clapper"
                    prev = segs.ending_at(i - 1)
                    if prev is not None and flags_of(texts[i - 2]) & _F_TITLE and flags_of(texts[i - 2]) & _F_UP1:
                        fl[prev:i] = map(flags_of, texts[prev:i])  # the rules below look back there
                        d0 = _strip_det_at(pos, fl, prev, i - 1)
                d0 = _trim_prefix(s, d0, a, cfg, fl)
                if d0 < a and a - d0 <= maxw and _describes(s, d0, a, cfg):
                    is_title = bool(fl[a - 1] & _F_UP1) and any(
                        fl[x] & _F_TITLE and fl[x] & _F_UP1 for x in range(d0, a))
                    kind = "title" if is_title else "premodifier"
                    labels.append((nm, starts[d0], ends[a - 1], _descriptor(s, d0, a), kind))
                end = a
        # other names used as modifiers inside the segment ("Kremlin spokesman", "Assad regime")
        k = end - 1
        while k >= i:
            if nnp[k] and fl[k] & _F_CAPNNP:
                run = _name_run(pos, texts, fl, i, k + 1)
                if run is None:
                    k -= 1
                    continue
                a, b = run
                if all(fl[x] & (_F_MOD | _F_ADJ) for x in range(a, b)):
                    k = a - 1
                    continue
                nm = make_name(a, b)
                if nm is not None and head_run is None and b < j and b == k + 1:
                    # the actor modifies the head noun: "the Assad regime"
                    if pos[j - 1] in ("NN", "NNS") and _head_is_group(s, j - 1, cfg):
                        d0 = _strip_det_at(pos, fl, i, a)
                        words = [w.translate(_QUOTES) for w in texts[d0:a]] + [
                            w.translate(_QUOTES) for w in texts[b:j]
                        ]
                        if len(words) <= maxw:
                            labels.append(
                                (nm, starts[d0], ends[j - 1], " ".join(words), "group_label")
                            )
                k = a - 1
            else:
                k -= 1
        # "Sharaa-led rebels", "Iran-backed militias"
        for q in range(i, j):
            if fl[q] & _F_HYPHCAP and nnp[q]:
                tq = texts[q]
                m = _HYPHEN_GROUP_RE.match(tq.translate(_QUOTES))
                if m is not None and q + 1 < j and pos[j - 1] in ("NN", "NNS", "NNPS", "NNP"):
                    actor_text = tq[: m.end(1)]
                    key = _key_words(re.split(r"[\s]+", actor_text))
                    if key and len(key) <= 4:
                        nm = (field, sid, starts[q], starts[q] + len(actor_text), actor_text.translate(_QUOTES), key)
                        names.append(nm)
                        hr = seg_run.get(i)
                        stop = hr[0] if hr is not None else j
                        if stop > q + 1 and stop - q - 1 <= maxw:
                            labels.append(
                                (nm, starts[q + 1], ends[stop - 1], _descriptor(s, q + 1, stop),
                                       "group_label")
                            )

    if not seg_name:
        return names, labels  # every rule below needs a name at the end of a segment
    # the segments the rules below can act on: those ending in a name, and those ending one or two
    # tokens before a segment that does (appositive before, group led by an actor)
    todo = set(seg_name)
    for i2 in seg_name:
        if i2 < 2:
            continue
        before = texts[i2 - 1]
        # "<noun>, <name>" (appositive before) and "<group> led by <name>", "<group> loyal to <name>"
        e = i2 - 1 if before == "," else i2 - 2 if before.lower() in _BY_PREPS else -1
        if e > 0:
            s0 = segs.ending_at(e)
            if s0 is not None:
                todo.add(s0)
    for i in sorted(todo):
        nm = seg_name.get(i)
        j = seg_stop[i] if nm is not None else segs.end(i)
        run = seg_run.get(i)
        # possessive: "Sharaa's rebels"
        if nm is not None and run is not None and run[1] == j and j < n and pos[j] == "POS":
            j2 = segs.starting_at(j + 1)
            if j2 is not None and j + 1 not in seg_name:
                i2 = j + 1
                if _head_is_group(s, j2 - 1, cfg) and pos[j2 - 1] in ("NN", "NNS"):
                    d0 = _strip_det(s, i2, j2)
                    if d0 < j2 and j2 - d0 <= maxw:
                        labels.append((nm, starts[d0], ends[j2 - 1], _descriptor(s, d0, j2),
                                             "group_label"))
        # appositive after: "Sharaa, a former al Qaeda commander,"
        if nm is not None and run is not None and run[1] == j and j + 1 < n and texts[j] == ",":
            j2 = segs.starting_at(j + 1)
            if j2 is not None and j + 1 not in seg_name:
                i2 = j + 1
                if ((pos[j2 - 1] in ("NN", "NNS") or _norm_word(texts[j2 - 1]) in cfg.modifiers)
                        and (pos[i2] in _DET or pos[i2].startswith(("JJ", "NN", "VBN", "RB")))):
                    stop = _extend_pp(s, segs, j2, n)
                    if stop is not None:
                        d0 = _strip_det(s, i2, stop)
                        if d0 < stop and stop - d0 <= maxw:
                            labels.append((nm, starts[d0], ends[stop - 1],
                                                 _descriptor(s, d0, stop), "appositive"))
        # appositive before: "Syria's new leader, Ahmed al-Sharaa, said"
        if nm is None and j + 1 < n and texts[j] == "," and pos[j - 1] in ("NN", "NNS"):
            i2 = j + 1
            if i2 in seg_name:
                j2 = seg_stop[i2]
                a2, _ = seg_run[i2]
                before_ok = i == 0 or pos[i - 1] not in ("IN", "TO")
                after = texts[j2] if j2 < n else "."
                head = _norm_word(texts[j - 1])
                person = head in cfg.titles or head.endswith(_PERSON_ENDINGS)
                if a2 == _strip_det(s, i2, j2) and before_ok and after in _CLOSERS and person:
                    # only a noun for a person: not "Wednesday's vote, Pelosi, ..."
                    d0 = _strip_det(s, i, j)
                    if d0 < j and j - d0 <= maxw:
                        labels.append((seg_name[i2], starts[d0], ends[j - 1],
                                             _descriptor(s, d0, j), "appositive"))
        # group led by an actor: "rebels led by Sharaa", "militias loyal to Assad"
        if nm is None and j + 2 < n and pos[j - 1] in ("NN", "NNS") and _head_is_group(s, j - 1, cfg):
            target = None
            if pos[j] in ("VBN", "VBD") and s.lemma(j) in cfg.group_verbs and texts[j + 1].lower() == "by":
                target = j + 2
            elif _norm_word(texts[j]) in _GROUP_ADJ and texts[j + 1].lower() in _GROUP_ADJ[_norm_word(texts[j])]:
                target = j + 2
            if target is not None and target in seg_name:
                d0 = _strip_det(s, i, j)
                if d0 < j and j - d0 <= maxw:
                    labels.append((seg_name[target], starts[d0], ends[j - 1],
                                         _descriptor(s, d0, j), "group_label"))
    return names, labels


def _trim_prefix(s: _Sentence, i: int, a: int, cfg: _Config, fl: list[int] | None = None) -> int:
    """Start of the descriptor in tokens ``i:a`` of ``s`` (the words before a name).

    Before a capitalized title word only capitalized words, adjectives and title
    words stay (``former U.S. President``); other words the chunker glued on go
    (``support Judge`` -> ``Judge``, ``legislation incorporating Mr.`` -> ``Mr.``).
    ``fl`` holds the :func:`_word_flags` of the sentence's tokens when known.
    """
    if i >= a:
        return i
    if fl is None:
        wf = _word_flags(cfg)
        fl = [0] * i + [wf[t] for t in s.texts[i:a]]
    first_title = next((k for k in range(i, a) if fl[k] & _F_UP1 and fl[k] & _F_TITLE), None)
    if first_title is None:
        return i
    k = first_title
    pos = s.pos
    while k > i:
        g = fl[k - 1]
        if not (g & _F_UP1 or (pos[k - 1].startswith("JJ") and not g & _F_ING) or g & _F_TADJ):
            break
        k -= 1
    return k


def _describes(s: _Sentence, i: int, j: int, cfg: _Config) -> bool:
    """Whether tokens ``i:j`` of ``s`` before a name are a descriptor: some word that is not a name
    (a title, an affiliation, a common word), not a lone direction, ordinal, age or
    ``-ing`` word, and a lone lower-case noun only when it names a person (a title
    word or a word with a person ending: ``dictator``, ``strongman``, ``activist``)."""
    texts, pos = s.texts, s.pos
    if not any(not _name_like(texts[x], pos[x]) or _is_title(texts[x], cfg) or _is_modifier(texts[x], pos[x], cfg)
               for x in range(i, j)):
        return False
    if j - i == 1:
        t, tag = texts[i], pos[i]
        w = _norm_word(t)
        if w in _NOT_DESCRIPTORS or (w.endswith("ing") and w not in cfg.titles) or _ORDINAL_RE.match(w):
            return False
        if tag in ("NN", "NNS") and t.islower() and w not in cfg.titles and not w.endswith(_PERSON_ENDINGS):
            return False
        if tag in ("NN", "NNS") and t[:1].isupper() and w not in cfg.titles and w not in cfg.modifiers:
            return False  # a headline's given name read as a word: "Mitt Romney"
    if _AGE_RE.match(texts[j - 1]) or any(_norm_word(t) in cfg.not_names for t in texts[i:j]):
        return False
    return any(c.isalpha() for t in texts[i:j] for c in t)


# Lower-case words that may stand before a capitalized title ("former President").
_TITLE_ADJECTIVES = frozenset("former then acting interim caretaker ex incoming outgoing deputy vice elect late".split())

# Endings of nouns for people, for lone premodifiers ("dictator Assad", "activist Greta Thunberg").
_PERSON_ENDINGS: tuple[str, ...] = (
    "er", "or", "ist", "ian", "man", "woman", "ant", "ent", "aire", "ee", "ive", "crat", "ic", "ial", "ier",
    "ess", "eur", "arch", "ard", "ster", "ot", "ite", "ar", "ary",
)
_AGE_RE = re.compile(r"^(?:\d+-)?years?-old$", re.IGNORECASE)


def _name_like(text: str, pos: str) -> bool:
    return pos in _NAME_TAGS and _is_cap(text, pos)


def _extend_pp(s: _Sentence, segs: _Segments, j: int, n: int) -> int | None:
    """End of an appositive that starts with a noun phrase ending at ``j``: through up to two
    ``of/for/at/in``-phrases, then a closing mark or the end of the sentence; ``None`` when it
    does not close there (then it is no appositive)."""
    stop = j
    texts = s.texts
    for _ in range(2):
        nxt = segs.starting_at(stop + 1) if stop < n and texts[stop].lower() in _APPOS_PREPS else None
        if nxt is not None:
            stop = nxt
        else:
            break
    if stop >= n or texts[stop] in _CLOSERS:
        return stop
    return None


@lru_cache(maxsize=4096)
def _analyze_text(text: str, field: str, cfg: _Config) -> _Analysis:
    with gc_paused():
        return _analyze_sentences(_sentences_of(parse_columns(text)), field, cfg)


# Names and descriptors: a tuple of plain tuples and strings, which the garbage collector stops tracking.
_Analysis = tuple[tuple[_Name, ...], tuple[_Label, ...]]


def _sentences_of(parsed: ParsedText) -> Iterator[tuple[int, _Sentence]]:
    """The sentences of a parsed text that hold a proper noun (every rule needs one), with their numbers."""
    texts, starts, ends, tags, chunks, sizes = parsed
    lo = 0
    for sid, size in enumerate(sizes):
        hi = lo + size
        pos = tags[lo:hi]
        if "NNP" in pos or "NNPS" in pos:
            yield sid, _Sentence(texts[lo:hi], starts[lo:hi], ends[lo:hi], pos, chunks[lo:hi])
        lo = hi


def _analyze_sentences(sentences: Iterable[tuple[int, _Sentence]], field: str, cfg: _Config) -> _Analysis:
    """Names and descriptors, given the numbered sentences of a text."""
    names: list[_Name] = []
    labels: list[_Label] = []
    wf = _word_flags(cfg)
    for sid, sent in sentences:
        nm, lb = _analyze_span(sent, field, sid, cfg, wf)
        if nm:
            names.extend(nm)
            labels.extend(lb)
    return tuple(names), tuple(labels)


def _lower_words(text: str) -> list[str]:
    """The words written in lower case in ``text`` (for linking; repeated as often as they occur)."""
    return _LOWER_WORD_RE.findall(" " + text)


# A word written in lower case (after a space or punctuation, not a capital).
# Matched after one character that is not part of a word (a space is put before the text), which
# finds the same words as a look-behind ``(?<![\w'’.-])`` but faster.
_LOWER_WORD_RE = re.compile(r"[^\w'’.-]([a-z](?:[a-z'’.-]*[a-z])?)\b")


def _link_in_doc(names: Sequence[_Name], common: AbstractSet[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Within one article: each key -> the longest key of the article it is part of (ties: first seen).

    The result may be shared between calls: read it, do not change it.
    """
    keys = tuple(dict.fromkeys(map(_name_key, names)))  # in order of first appearance
    if isinstance(common, frozenset):
        return _link_keys(keys, common)  # fit, then extract, link the same articles
    return _link_keys.__wrapped__(keys, common)


@lru_cache(maxsize=4096)
def _link_keys(keys: tuple[tuple[str, ...], ...], common: AbstractSet[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for b in keys:
        by_last[b[-1]].append(b)
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for a in keys:
        best = a
        for b in by_last[a[-1]]:
            if len(b) > len(best) and _part_of(a, b, common):
                best = b
        out[a] = best
    return out


def _longest_surface(forms: dict[str, int]) -> str:
    """The written form with most words, then most characters, then most frequent, then alphabetical;
    forms written all in capitals are used only when there is no other."""
    if len(forms) == 1:
        return next(iter(forms))  # most actors are written one way
    cands = [f for f in forms if not f.isupper()] or list(forms)
    return min(cands, key=lambda f: (-len(f.split()), -len(f), -forms[f], f))


def _most_first(counts: Mapping[Any, int]) -> list[Any]:
    """The keys of ``counts``, highest count first, ties in increasing order (two stable sorts on plain
    keys, no key tuples).

    Examples
    --------
    >>> _most_first({"b": 2, "c": 1, "a": 2})
    ['a', 'b', 'c']
    """
    if len(counts) == 1:
        return list(counts)
    return sorted(sorted(counts), key=counts.__getitem__, reverse=True)


def _check_text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a str, found {type(value).__name__}; convert the value to str first")
    return value


def _label_row(lb: _Label, text: str, actor: str) -> dict[str, Any]:
    nm, start, end, descriptor, kind = lb
    return {
        "field": nm[_N_FIELD],
        "sentence_id": nm[_N_SENTENCE],
        "start": start,
        "end": end,
        "matched": text[start:end],
        "actor": actor,
        "descriptor": descriptor,
        "kind": kind,
        "actor_start": nm[_N_START],
        "actor_end": nm[_N_END],
        "actor_text": text[nm[_N_START] : nm[_N_END]],
    }


@dataclass
class _Linker:
    """What corpus-level linking needs: reliable keys, maximal keys and their weights."""

    min_docs: int
    reliable: frozenset[tuple[str, ...]]
    # last word -> keys, longest first (tuples, which the garbage collector stops tracking)
    reliable_by_last: dict[str, tuple[tuple[str, ...], ...]]
    maximal_reliable_by_last: dict[str, tuple[tuple[str, ...], ...]]
    maximal_all_by_last: dict[str, tuple[tuple[str, ...], ...]]
    weight: dict[tuple[str, ...], int]
    modifiers: frozenset[str]
    common: frozenset[str]

    @classmethod
    def build(cls, seen_docs: Counter[tuple[str, ...]], min_docs: int, modifiers: frozenset[str],
              common: frozenset[str]) -> tuple["_Linker", dict[tuple[str, ...], list[tuple[str, ...]]]]:
        """The linker of the keys of ``seen_docs``, and each key's parts among them (for
        :class:`_PartIndex`)."""
        keys = sorted(sorted(seen_docs), key=len, reverse=True)  # longest first, then alphabetical (stable sorts)
        by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for k in keys:
            by_last[k[-1]].append(k)
        reliable = frozenset(k for k in keys if seen_docs[k] >= min_docs)

        # the parts of each key among all keys, each pair judged once: each key's possible parts are
        # looked up (a few) rather than every pair of keys ending alike compared
        everything = frozenset(keys)
        parts = {b: [a for a in _parts_among(b, everything, by_last) if _part_of(a, b, common)] for b in keys}

        def maximal(pool: list[tuple[str, ...]], members: AbstractSet[tuple[str, ...]]) -> dict[str, tuple]:
            # the keys of the pool that are part of no longer key of the pool
            absorbed = {a for b in pool for a in parts[b] if a in members}
            out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for k in pool:
                if k not in absorbed:
                    out[k[-1]].append(k)
            return {w: tuple(ks) for w, ks in out.items()}

        max_rel = maximal([k for k in keys if k in reliable], reliable)
        max_all = maximal(keys, everything)
        weight: dict[tuple[str, ...], int] = {}
        for group in (max_rel, max_all):
            for ks in group.values():
                for m in ks:
                    if m not in weight:
                        weight[m] = seen_docs[m] + sum(seen_docs[a] for a in parts[m])
        rel_by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for k in keys:
            if k in reliable:
                rel_by_last[k[-1]].append(k)
        return cls(min_docs, reliable, {w: tuple(ks) for w, ks in rel_by_last.items()}, max_rel, max_all, weight,
                   modifiers, common), parts


def _parts_among(b: tuple[str, ...], keys: AbstractSet[tuple[str, ...]],
                 by_last: dict[str, list[tuple[str, ...]]]) -> set[tuple[str, ...]]:
    """The shorter keys of ``keys`` that can be part of ``b`` (a superset: :func:`_part_of` decides).

    A part of ``b`` is a sub-sequence of its words ending with its last word, so for
    names of up to 12 words they are all formed and looked up; longer ones (odd
    capitalized runs) are compared with every key ending alike (``by_last``).

    Examples
    --------
    >>> sorted(_parts_among(("ahmed", "sharaa"), {("sharaa",), ("ahmed",), ("ahmed", "sharaa")}, {}))
    [('sharaa',)]
    """
    if len(b) > 12:
        return {a for a in by_last.get(b[-1], ()) if a in keys and len(a) < len(b)}
    head, last = b[:-1], b[-1:]
    found = set()
    for r in range(len(head)):
        for words in combinations(head, r):
            a = words + last
            if a in keys:
                found.add(a)
    return found


@dataclass
class _PartIndex:
    """The part-of pairs :meth:`_Linker.build` judged, both ways, for the keys it was built from:
    ``parts`` (key -> the shorter keys it is made of), ``supers`` (key -> the longer keys it is part
    of) and the members of the linker's pools of maximal keys."""

    parts: dict[tuple[str, ...], list[tuple[str, ...]]]
    supers: dict[tuple[str, ...], list[tuple[str, ...]]]
    members: dict[int, frozenset[tuple[str, ...]]]  # id of a pool of the linker -> its keys

    @classmethod
    def of(cls, linker: _Linker, parts: dict[tuple[str, ...], list[tuple[str, ...]]]) -> "_PartIndex":
        supers: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for b, ps in parts.items():
            for a in ps:
                supers[a].append(b)
        pools = (linker.maximal_reliable_by_last, linker.maximal_all_by_last)
        return cls(parts, supers, {id(pool): frozenset(k for ks in pool.values() for k in ks) for pool in pools})


def _best_super(key: tuple[str, ...], pool: dict[str, tuple[tuple[str, ...], ...]],
                linker: _Linker, index: _PartIndex | None = None) -> tuple[str, ...] | None:
    """The best key of ``pool`` that ``key`` is a proper part of: most articles, most words, alphabetical."""
    if index is not None and key in index.parts:
        members = index.members[id(pool)]
        cands = [b for b in index.supers.get(key, ()) if b in members]
    else:
        cands = [b for b in pool.get(key[-1], ()) if _part_of(key, b, linker.common)]
    if not cands:
        return None
    return min(cands, key=lambda b: (-linker.weight.get(b, 0), -len(b), b))


def _longest_reliable_part(key: tuple[str, ...], linker: _Linker, index: _PartIndex | None = None
                           ) -> tuple[str, ...] | None:
    """The longest (then alphabetically first) reliable key of more than one word that is part of ``key``."""
    if index is not None and key in index.parts:
        full = [r for r in index.parts[key] if len(r) > 1 and r in linker.reliable]
        return min(full, key=lambda r: (-len(r), r)) if full else None
    # reliable_by_last is in that order
    return next((r for r in linker.reliable_by_last.get(key[-1], ()) if len(r) > 1 and _part_of(r, key, linker.common)),
                None)


def _canonical_key(key: tuple[str, ...], linker: _Linker, index: _PartIndex | None = None) -> tuple[str, ...]:
    """Corpus-level actor of a (within-article linked) key; see the module docstring.

    ``index`` (the part-of pairs of the fitted keys) gives the same answer for
    those keys, faster: candidates are looked up instead of compared with
    every key ending alike.
    """
    if len(key) == 1 and _is_affiliation(key[0], linker.modifiers):
        return key  # "Republicans" is not "Alabama Republicans"
    best = _best_super(key, linker.maximal_reliable_by_last, linker, index)
    if best is not None:
        return best
    if key not in linker.reliable:
        # a rare long form: the actor of its longest reliable full name ("Arizonan John McCain")
        full = _longest_reliable_part(key, linker, index)
        if full is not None:
            return _best_super(full, linker.maximal_reliable_by_last, linker, index) or full
    if len(key) == 1 and not _is_common_word(key[0]):
        # a surname seen only with one rare full name ("Sharaa" -> "Ahmed al-Sharaa"); common words
        # ("Congress", "State") are not linked to rare longer names
        best = _best_super(key, linker.maximal_all_by_last, linker, index)
        if best is not None:
            return best
    return key


def find_labels(text: str, *, field: str = "text", **options: Any) -> pd.DataFrame:
    """Descriptors attached to the names of one text, names linked within the text only.

    A quick look at what :class:`LabelDiscovery` finds, without fitting.

    Parameters
    ----------
    text : str
        Any text.
    field : str
        Value of the ``field`` column.
    **options
        ``title_words``, ``modifier_words``, ``group_nouns``, ``group_verbs``,
        ``not_names``, ``max_descriptor_words`` as in :class:`LabelDiscovery`.

    Returns
    -------
    DataFrame
        ``field, sentence_id, start, end, matched, actor, descriptor, kind,
        actor_start, actor_end, actor_text``; the actor is the longest form
        of the name written in the text.

    Examples
    --------
    >>> df = find_labels("Kremlin spokesman Dmitry Peskov said Peskov was calm.")
    >>> df[["actor", "descriptor", "kind"]].values.tolist()
    [['Dmitry Peskov', 'Kremlin spokesman', 'premodifier']]
    """
    text = _check_text(text)
    cfg = LabelDiscovery(fields=(field,), **options)._config()
    names, labels = _analyze_text(text, field, cfg)
    link = _link_in_doc(names, frozenset(_lower_words(text)))
    forms: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for nm in names:
        forms[link[nm[_N_KEY]]][nm[_N_TEXT]] += 1
    rows = [_label_row(lb, text, _longest_surface(forms[link[lb[_L_NAME][_N_KEY]]])) for lb in labels]
    return pd.DataFrame(rows, columns=["field", "sentence_id", "start", "end", "matched", *MENTION_COLUMNS_LABELS])


#: Articles whose names and descriptors ``LabelDiscovery.fit`` keeps for a later ``transform`` or
#: ``extract`` of the same articles (about 13 KB each: some 260 MB at most).
KEEP_ANALYSES = 20_000


def _doc_key(doc: Document) -> bytes:
    """A 128-bit BLAKE2 digest of an article's field texts: what fit's analyses are kept by (they
    depend on the texts alone), without keeping a second copy of the texts.

    Examples
    --------
    >>> from framing.extract.base import Document
    >>> a, b = Document("1", {"text": "Assad fled."}), Document("1", {"text": "Assad fled!"})
    >>> _doc_key(a) == _doc_key(Document("2", {"text": "Assad fled."})), _doc_key(a) == _doc_key(b)
    (True, False)
    """
    h = hashlib.blake2b(digest_size=16)
    for text in doc.fields.values():
        data = text.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


@dataclass
class _FitState:
    """What ``LabelDiscovery`` gathers over the articles of a fit before linking their names.

    ``reuse`` holds the names and descriptors of the first :data:`KEEP_ANALYSES` articles (by
    :func:`_doc_key`), ``analyses`` those of every article in corpus order, ``lower`` the words
    written in lower case anywhere.
    """

    cfg: _Config
    seen_docs: Counter[tuple[str, ...]] = _dc_field(default_factory=Counter)  # key -> articles
    form_count: Counter[tuple[tuple[str, ...], str]] = _dc_field(default_factory=Counter)  # (key, form) -> mentions
    analyses: list[tuple[tuple[_Name, ...], tuple[_Label, ...]]] = _dc_field(default_factory=list)
    lower: set[str] = _dc_field(default_factory=set)
    reuse: dict[bytes, tuple[Sequence[_Name], Sequence[_Label]]] = _dc_field(
        default_factory=dict)


class LabelDiscovery(BaseExtractor):
    """Descriptors each article attaches to each named actor (no lexicon needed).

    See the module docstring for what counts as a name, a descriptor and how
    names are linked to actors.

    Parameters
    ----------
    fields : sequence of str
        Text columns to read (default ``title``, ``captions``, ``text``).
    min_count : int
        A pair ``(actor, descriptor)`` becomes a feature when found at least
        this many times in the corpus given to ``fit``.
    max_features : int or None
        At most this many feature columns (most frequent pairs first, ties in
        alphabetical order); ``None`` for no limit.
    backend : {"pattern", "spacy"}
        ``"pattern"`` (default, offline): the shared parser
        :mod:`framing.text.parse`. ``"spacy"``: tags and noun chunks from an
        installed spaCy model (``spacy_model``); spaCy is imported only then.
    spacy_model : str
        Name of the installed spaCy model for ``backend="spacy"``.
    title_words, modifier_words, group_nouns, group_verbs, not_names : iterable of str or None
        Replace the word lists :data:`TITLE_WORDS`, :data:`MODIFIER_WORDS`,
        :data:`GROUP_NOUNS`, :data:`GROUP_VERBS`, :data:`NOT_NAMES` (lower case).
    max_descriptor_words : int
        Longer descriptors are left out (default 8).
    min_name_docs : int
        A written name counts as *reliable* for linking when it appears in at
        least this many articles (default 2); see the module docstring.

    Attributes
    ----------
    actors_ : DataFrame
        The actor inventory: ``actor`` (canonical name), ``aliases`` (written
        forms, most frequent first), ``n_docs`` (articles naming the actor),
        ``n_mentions``, ``n_labels`` (descriptors found); sorted by ``n_docs``.
    vocabulary_ : DataFrame
        ``actor, descriptor, kind, count, n_docs, feature`` for every pair found in
        ``fit`` (descriptor in lower case, ``kind`` the most frequent kind); ``feature``
        is the column name or empty when the pair is not a feature.

    Notes
    -----
    Feature columns are ``labels__<actor>__<descriptor>``: the number of times the
    article attaches the descriptor to the actor (all fields together), with the
    actor's canonical name and the lower-cased descriptor reduced to ``[0-9a-z_]``
    (``labels__ahmed_al_sharaa__interim_president``).

    The mentions table (``extract``/``mentions``) has one row per descriptor found:
    ``doc_id, field, sentence_id, start, end, matched`` (the descriptor's span),
    ``actor`` (canonical name), ``descriptor`` (as written, single spaces, straight
    quotes), ``kind`` (``title``, ``premodifier``, ``appositive`` or ``group_label``),
    ``actor_start, actor_end, actor_text`` (the name as written in the article).
    :meth:`actor_mentions` lists every name with its actor.

    ``fit`` keeps the names and descriptors it found in each article (about
    13 KB per news article, for the first :data:`KEEP_ANALYSES` articles; not
    pickled), so that ``transform``, ``extract`` and :meth:`actor_mentions` of
    the same articles (same texts) do not parse and analyse them
    again however large the corpus; a new ``fit`` replaces them.

    Examples
    --------
    >>> texts = ["Syrian leader Ahmed al-Sharaa met rebels led by Sharaa.",
    ...          "Sharaa, a former commander, spoke."]
    >>> est = LabelDiscovery().fit(texts)
    >>> est.actors_[["actor", "n_docs"]].values.tolist()
    [['Ahmed al-Sharaa', 2]]
    >>> list(est.get_feature_names_out())
    ['labels__ahmed_al_sharaa__former_commander', 'labels__ahmed_al_sharaa__rebels', 'labels__ahmed_al_sharaa__syrian_leader']
    >>> est.transform(texts).tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]]
    """

    prefix: ClassVar[str] = "labels"
    mention_columns: ClassVar[tuple[str, ...]] = MENTION_COLUMNS_LABELS

    def __init__(
        self,
        *,
        fields: Sequence[str] = DEFAULT_FIELDS,
        min_count: int = 1,
        max_features: int | None = 2000,
        backend: str = "pattern",
        spacy_model: str = "en_core_web_sm",
        title_words: Iterable[str] | None = None,
        modifier_words: Iterable[str] | None = None,
        group_nouns: Iterable[str] | None = None,
        group_verbs: Iterable[str] | None = None,
        not_names: Iterable[str] | None = None,
        max_descriptor_words: int = 8,
        min_name_docs: int = 2,
    ) -> None:
        self.fields = fields
        self.min_count = min_count
        self.max_features = max_features
        self.backend = backend
        self.spacy_model = spacy_model
        self.title_words = title_words
        self.modifier_words = modifier_words
        self.group_nouns = group_nouns
        self.group_verbs = group_verbs
        self.not_names = not_names
        self.max_descriptor_words = max_descriptor_words
        self.min_name_docs = min_name_docs

    # -- configuration ------------------------------------------------------
    def _config(self) -> _Config:
        def words(value: Iterable[str] | None, default: frozenset[str], name: str) -> frozenset[str]:
            if value is None:
                return default
            if isinstance(value, str):
                raise TypeError(f"{name} must be a collection of words, not a single string ({value!r:.40})")
            out = frozenset(str(w).lower() for w in value)
            return out

        if not isinstance(self.max_descriptor_words, int) or self.max_descriptor_words < 1:
            raise ValueError(f"max_descriptor_words must be a positive int, got {self.max_descriptor_words!r}")
        return _Config(
            titles=words(self.title_words, TITLE_WORDS, "title_words"),
            modifiers=words(self.modifier_words, MODIFIER_WORDS, "modifier_words"),
            group_nouns=words(self.group_nouns, GROUP_NOUNS, "group_nouns"),
            group_verbs=words(self.group_verbs, GROUP_VERBS, "group_verbs"),
            not_names=words(self.not_names, NOT_NAMES, "not_names"),
            max_descriptor_words=self.max_descriptor_words,
        )

    def _validate(self) -> None:
        if not isinstance(self.min_count, int) or isinstance(self.min_count, bool) or self.min_count < 1:
            raise ValueError(f"min_count must be an int >= 1, got {self.min_count!r}")
        if self.max_features is not None and (
            not isinstance(self.max_features, int) or isinstance(self.max_features, bool) or self.max_features < 0
        ):
            raise ValueError(f"max_features must be None or an int >= 0, got {self.max_features!r}")
        if not isinstance(self.min_name_docs, int) or isinstance(self.min_name_docs, bool) or self.min_name_docs < 1:
            raise ValueError(f"min_name_docs must be an int >= 1, got {self.min_name_docs!r}")
        if self.backend not in ("pattern", "spacy"):
            raise ValueError(f"backend must be 'pattern' or 'spacy', got {self.backend!r}")
        if self.backend == "spacy":
            _spacy_nlp(self.spacy_model)

    # -- per document -------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_reuse", None)  # the names found in fit stay with this object: not pickled or sent to workers
        return state

    def _analyze_doc(self, doc: Document, cfg: _Config) -> tuple[Sequence[_Name], Sequence[_Label]]:
        reuse = getattr(self, "_reuse", None)
        if reuse is not None:
            found = reuse.get(_doc_key(doc))
            if found is not None:
                return found
        return self._analyze_doc_fields(doc, cfg)

    def _analyze_doc_fields(self, doc: Document, cfg: _Config, lower: set[str] | None = None
                            ) -> tuple[list[_Name], list[_Label]]:
        """Names and descriptors of all fields; the words they write in lower case are added to
        ``lower`` when given (fit only: they are not kept with the analyses)."""
        names: list[_Name] = []
        labels: list[_Label] = []
        for field, text in doc.fields.items():
            if not text:
                continue
            if self.backend == "spacy":
                nm, lb = _analyze_text_spacy(text, field, cfg, self.spacy_model)
            else:
                nm, lb = _analyze_text(text, field, cfg)
            names.extend(nm)
            labels.extend(lb)
            if lower is not None:
                lower.update(_lower_words(text))
        return names, labels

    def _actor_of(self, key: tuple[str, ...], doc_link: dict[tuple[str, ...], tuple[str, ...]],
                  doc_names: Sequence[_Name]) -> tuple[tuple[str, ...], str]:
        k = doc_link.get(key, key)
        canon = self.canon_.get(k)
        if canon is None:
            # a name not seen in fit: a maximal key of the fit corpus it is part of, else itself
            canon = self._canon_unseen(k)
        display = self.display_.get(canon)
        if display is None:
            forms = Counter(nm[_N_TEXT] for nm in doc_names if doc_link.get(nm[_N_KEY]) == k)
            display = _longest_surface(forms or Counter({" ".join(k): 1}))
        return canon, display

    def _canon_unseen(self, key: tuple[str, ...]) -> tuple[str, ...]:
        return _canonical_key(key, self._linker_)

    # -- fit --------------------------------------------------------------
    def _fit(self, docs: list[Document]) -> None:
        state = self._fit_begin()
        self._fit_batch(state, docs)
        self._fit_end(state)

    # fit in three steps, so that framing.parallel.fit_extract_together can analyse the corpus batch
    # by batch while other extractors read the same parses
    def _fit_begin(self) -> "_FitState":
        """Validate the parameters and start a fit (see :meth:`_fit_batch`, :meth:`_fit_end`)."""
        self._validate()
        self._reuse = None  # what an earlier fit found
        return _FitState(self._config())

    def _fit_batch(self, state: "_FitState", docs: list[Document]) -> None:
        """Analyse the articles ``docs`` of the corpus being fitted, in corpus order."""
        cfg = state.cfg
        with gc_paused():
            for doc in docs:
                nm, lb = self._analyze_doc_fields(doc, cfg, state.lower)
                names, labels = tuple(nm), tuple(lb)  # tuples, which the garbage collector stops tracking
                if len(state.reuse) < KEEP_ANALYSES:
                    state.reuse[_doc_key(doc)] = (names, labels)
                state.analyses.append((names, labels))
                if names:
                    state.seen_docs.update(set(map(_name_key, names)))
                    state.form_count.update(zip(map(_name_key, names), map(_name_text, names)))

    def _fit_end(self, state: "_FitState") -> None:
        """Link the names of all the articles analysed and build the actor and feature tables."""
        with gc_paused():
            self._fit_tables(state)

    def _fit_tables(self, state: "_FitState") -> None:
        cfg = self._cfg_ = state.cfg
        seen_docs, form_count, analyses, lower, reuse = (state.seen_docs, state.form_count, state.analyses,
                                                         state.lower, state.reuse)
        per_doc: list[tuple[list[_Name], list[_Label], dict[tuple[str, ...], tuple[str, ...]]]] = []
        written: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
        for (k, form), count in form_count.items():
            written[k][form] = count
        del form_count
        key_words = {w for k in written for w in k}
        common = _WordSet((lower & key_words) | {w for w in key_words if _is_affiliation(w, cfg.modifiers)
                                                   or w in OFFICE_WORDS})
        for names, labels in analyses:
            per_doc.append((names, labels, _link_in_doc(names, common)))
        state.analyses = analyses = []
        linker, parts = _Linker.build(seen_docs, self.min_name_docs, cfg.modifiers, common)
        index = _PartIndex.of(linker, parts)
        canon = {k: _canonical_key(k, linker, index) for k in written}
        del parts, index
        display: dict[tuple[str, ...], str] = {}
        for c in sorted(set(canon.values())):
            display[c] = _longest_surface(written.get(c) or {" ".join(c): 1})
        # distinct actors written the same way get their key appended, deterministically
        by_name: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for c, name in display.items():
            by_name[name].append(c)
        for name, cs in by_name.items():
            if len(cs) > 1:
                for c in sorted(cs, key=lambda c: (-linker.weight.get(c, 0), c))[1:]:
                    display[c] = f"{name} ({' '.join(c)})"
        self.canon_ = canon
        self.display_ = display
        self._linker_ = linker
        # inventory and vocabulary, the actors numbered (small ints are cheaper to count than key tuples)
        actor_keys = list(dict.fromkeys(canon.values()))  # number -> actor
        number = {c: i for i, c in enumerate(actor_keys)}
        actor_of_key = {k: number[c] for k, c in canon.items()}
        names_of = [display[c] for c in actor_keys]  # number -> display name
        n_docs: Counter[int] = Counter()
        n_mentions: Counter[int] = Counter()
        n_labels: Counter[int] = Counter()
        pair_count: Counter[tuple[str, str]] = Counter()
        pair_docs: Counter[tuple[str, str]] = Counter()
        pair_kind: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        actor_form_count: Counter[tuple[int, str]] = Counter()
        for names, labels, link in per_doc:
            if not names:
                continue
            actor_in_doc = {k: actor_of_key[linked] for k, linked in link.items()}
            doc_actors = list(map(actor_in_doc.__getitem__, map(_name_key, names)))
            n_mentions.update(doc_actors)
            actor_form_count.update(zip(doc_actors, map(_name_text, names)))
            n_docs.update(set(doc_actors))
            doc_pairs = set()
            for nm, _, _, descriptor, kind in labels:
                c = actor_in_doc[nm[_N_KEY]]
                n_labels[c] += 1
                pair = (names_of[c], descriptor.lower())
                pair_count[pair] += 1
                pair_kind[pair][kind] += 1
                doc_pairs.add(pair)
            for pair in doc_pairs:
                pair_docs[pair] += 1
        actor_forms: dict[int, dict[str, int]] = defaultdict(dict)
        for (c, form), count in actor_form_count.items():
            actor_forms[c][form] = count
        actor_cols = ["actor", "aliases", "n_docs", "n_mentions", "n_labels"]
        if n_docs:
            # most articles first, then most mentions, then by name (names are distinct)
            order = sorted(sorted(sorted(n_docs, key=names_of.__getitem__), key=n_mentions.__getitem__, reverse=True),
                           key=n_docs.__getitem__, reverse=True)
            actors = pd.DataFrame({
                "actor": [names_of[c] for c in order],
                "aliases": [_most_first(actor_forms[c]) for c in order],
                "n_docs": [n_docs[c] for c in order],
                "n_mentions": [n_mentions[c] for c in order],
                "n_labels": [n_labels[c] for c in order],
            }, columns=actor_cols)
        else:
            actors = pd.DataFrame([], columns=actor_cols)
        self.actors_ = actors
        pairs = _most_first(pair_count)  # the vocabulary's order; the features are its first pairs
        kept = [p for p in pairs if pair_count[p] >= self.min_count]
        if self.max_features is not None:
            kept = kept[: self.max_features]
        column: dict[tuple[str, str], str] = {}
        for p in kept:
            column[p] = f"{_slug(p[0])}__{_slug(p[1])}"
        self._pair_column_ = column
        self._feature_list_ = sorted(set(column.values()))
        vocab_rows = [
            {"actor": p[0], "descriptor": p[1], "kind": _most_first(pair_kind[p])[0],
             "count": pair_count[p], "n_docs": pair_docs[p], "feature": (f"{self.prefix}__{column[p]}" if p in column else "")}
            for p in pairs
        ]
        self.vocabulary_ = pd.DataFrame(vocab_rows, columns=["actor", "descriptor", "kind", "count", "n_docs", "feature"])
        if not column:
            log.info("LabelDiscovery found no (actor, descriptor) pair seen %d times or more", self.min_count)
        self._reuse = reuse

    def _feature_names(self) -> list[str]:
        return list(self._feature_list_)

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        names, labels = self._analyze_doc(doc, self._cfg_)
        if not labels:
            return {}, []
        link = _link_in_doc(names, self._linker_.common)
        values: dict[str, float] = {}
        mentions: list[dict[str, Any]] = []
        for lb in labels:
            nm = lb[_L_NAME]
            _, display = self._actor_of(nm[_N_KEY], link, names)
            col = self._pair_column_.get((display, lb[_L_DESCRIPTOR].lower()))
            if col is not None:
                values[col] = values.get(col, 0.0) + 1.0
            mentions.append(_label_row(lb, doc.fields[nm[_N_FIELD]], display))
        return values, mentions

    def actor_mentions(self, X: Any) -> pd.DataFrame:
        """Every name found, with its actor: ``doc_id, field, sentence_id, start, end, matched, actor``.

        Examples
        --------
        >>> est = LabelDiscovery().fit(["President Bashar al-Assad fled. Assad left."])
        >>> est.actor_mentions(["Assad fled. Al-Assad left."])[["matched", "actor"]].values.tolist()
        [['Assad', 'Bashar al-Assad'], ['Al-Assad', 'Bashar al-Assad']]
        """
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_")
        rows = []
        order = {f: i for i, f in enumerate(self._fields())}
        for doc in as_documents(X, self._fields()):
            names, _ = self._analyze_doc(doc, self._cfg_)
            link = _link_in_doc(names, self._linker_.common)
            for nm in sorted(names, key=lambda nm: (order[nm[_N_FIELD]], nm[_N_START], nm[_N_END])):
                field, sid, start, end, _, key = nm
                _, display = self._actor_of(key, link, names)
                rows.append({"doc_id": doc.doc_id, "field": field, "sentence_id": sid,
                             "start": start, "end": end, "matched": doc.fields[field][start:end],
                             "actor": display})
        cols = ["doc_id", "field", "sentence_id", "start", "end", "matched", "actor"]
        out = pd.DataFrame(rows, columns=cols)
        for c in ("sentence_id", "start", "end"):
            out[c] = out[c].astype("int64")
        return out


# --------------------------------------------------------------------------
# spaCy backend (optional)
# --------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _spacy_nlp(model: str) -> Any:
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise ImportError(
            "LabelDiscovery(backend='spacy') needs spaCy and an English model, which are not installed. "
            "Install them (pip install spacy; python -m spacy download en_core_web_sm) or use the default "
            "backend='pattern', which works offline."
        ) from None
    try:
        return spacy.load(model, disable=["ner", "lemmatizer", "textcat"])
    except OSError as exc:
        raise ImportError(
            f"spaCy is installed but its model {model!r} is not ({exc}). Install the model or pass "
            "spacy_model=NAME of an installed one, or use backend='pattern'."
        ) from None


def _spacy_tokens(text: str, model: str) -> list[list[Token]]:
    """Sentences of ``text`` (split by the shared splitter) as :class:`Token` lists from spaCy."""
    nlp = _spacy_nlp(model)
    spans = sentence_spans(text)
    out: list[list[Token]] = []
    for (s, e), doc in zip(spans, nlp.pipe([text[s:e] for s, e in spans])):
        chunk = ["O"] * len(doc)
        for nc in doc.noun_chunks:
            chunk[nc.start] = "B-NP"
            for q in range(nc.start + 1, nc.end):
                chunk[q] = "I-NP"
        toks = [
            Token(t.text, s + t.idx, s + t.idx + len(t.text), t.tag_, chunk[q], (t.lemma_ or t.text).lower())
            for q, t in enumerate(doc)
            if not t.is_space
        ]
        out.append(toks)
    return out


def _analyze_text_spacy(text: str, field: str, cfg: _Config, model: str) -> _Analysis:
    sentences = ((sid, _Sentence.of_tokens(toks)) for sid, toks in enumerate(_spacy_tokens(text, model)))
    return _analyze_sentences(sentences, field, cfg)


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def label_table(corpus: pd.DataFrame, mentions: pd.DataFrame, by: str = "outlet", *,
                fold_case: bool = True) -> pd.DataFrame:
    """Actor x group x descriptor counts from a :class:`LabelDiscovery` mentions table.

    Parameters
    ----------
    corpus : DataFrame
        The corpus table: ``doc_id`` (or the row position, as extractors number
        rows without it) and the column ``by``.
    mentions : DataFrame
        ``doc_id, actor, descriptor`` (and ``kind``) as from
        :meth:`LabelDiscovery.extract`.
    by : str
        The grouping column of ``corpus`` (``outlet``, a leaning, a period...).
    fold_case : bool
        Compare descriptors in lower case (``President`` = ``president``).

    Returns
    -------
    DataFrame
        ``actor, <by>, descriptor, kind, count, n_docs, share``: ``count``
        mentions, ``n_docs`` articles, ``share`` the descriptor's part of all
        descriptors of that actor in that group; sorted by actor, group and
        decreasing count. ``kind`` is the most frequent kind of the descriptor.

    Raises
    ------
    ValueError
        When a needed column is missing, or mentions name articles the corpus
        does not have.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"]})
    >>> mentions = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor": ["Assad"] * 3,
    ...                          "descriptor": ["President", "president", "dictator"],
    ...                          "kind": ["title", "title", "appositive"]})
    >>> label_table(corpus, mentions).values.tolist()
    [['Assad', 'X', 'president', 'title', 2, 1, 1.0], ['Assad', 'Y', 'dictator', 'appositive', 1, 1, 1.0]]
    """
    if not isinstance(corpus, pd.DataFrame) or not isinstance(mentions, pd.DataFrame):
        raise TypeError("label_table expects two DataFrames: the corpus table and the mentions table")
    if by not in corpus.columns:
        raise ValueError(f"the corpus table has no column {by!r} to group by (columns: {list(corpus.columns)})")
    missing = [c for c in ("doc_id", "actor", "descriptor") if c not in mentions.columns]
    if missing:
        raise ValueError(f"the mentions table lacks columns {missing}; pass LabelDiscovery().extract(corpus)[1]")
    out_cols = ["actor", by, "descriptor", "kind", "count", "n_docs", "share"]
    if mentions.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in out_cols})
    ids = corpus["doc_id"].astype(str) if "doc_id" in corpus.columns else pd.Series(
        [str(i) for i in range(len(corpus))], index=corpus.index)
    if ids.duplicated().any():
        dup = ids[ids.duplicated()].iloc[0]
        raise ValueError(f"doc_id {dup!r} appears more than once in the corpus table; doc ids must be unique")
    group = pd.Series(corpus[by].to_numpy(), index=ids.to_numpy())
    m = mentions.copy()
    m["doc_id"] = m["doc_id"].astype(str)
    unknown = ~m["doc_id"].isin(group.index)
    if unknown.any():
        raise ValueError(
            f"{int(unknown.sum())} mentions name articles not in the corpus table "
            f"(first: {m.loc[unknown, 'doc_id'].iloc[0]!r}); pass the corpus the mentions came from"
        )
    m[by] = group.loc[m["doc_id"]].to_numpy()
    if fold_case:
        m["descriptor"] = m["descriptor"].astype(str).str.lower()
    if "kind" not in m.columns:
        m["kind"] = ""
    keys = ["actor", by, "descriptor"]
    g = m.groupby(keys, sort=False, dropna=False)
    table = g.agg(count=("doc_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    kinds = (m.groupby([*keys, "kind"], dropna=False).size().reset_index(name="n")
             .sort_values([*keys, "n", "kind"], ascending=[True, True, True, False, True], kind="mergesort")
             .drop_duplicates(keys))
    table = table.merge(kinds[[*keys, "kind"]], on=keys, how="left")
    totals = table.groupby(["actor", by], dropna=False)["count"].transform("sum")
    table["share"] = table["count"] / totals
    table = table.sort_values(["actor", by, "count", "descriptor"], ascending=[True, True, False, True],
                              kind="mergesort").reset_index(drop=True)
    table["count"] = table["count"].astype("int64")
    table["n_docs"] = table["n_docs"].astype("int64")
    return table[out_cols]
