"""The shared phrase matcher: boundaries, case, white space, longest match, offsets."""

from __future__ import annotations

import pytest

from framing.text.match import PhraseMatcher, _OTHER_SPACE_RE, fold_case


def test_every_whitespace_code_point_folds_to_a_space():
    spaces = "".join(chr(cp) for cp in range(0x110000) if chr(cp).isspace())
    assert fold_case(spaces) == " " * len(spaces)
    assert _OTHER_SPACE_RE.sub(" ", "a\u00a0b") == "a b"


def test_fold_case_keeps_length_and_offsets():
    text = "İstanbul\u00a0and ANKARA\nsaid"
    folded = fold_case(text)
    assert len(folded) == len(text)
    assert folded.endswith("ankara said")


def test_word_boundaries_and_case():
    m = PhraseMatcher([("rebel", "r"), ("President", "title", True)])
    hits = m.find("Rebel rebels rebel. The president met President Assad; rebel-held areas")
    assert [(h.matched, h.start) for h in hits] == [("Rebel", 0), ("rebel", 13), ("President", 38), ("rebel", 55)]


def test_longest_match_wins_and_one_hit_per_span():
    m = PhraseMatcher([("interim President", "a"), ("President", "b"), ("President Ahmed al-Sharaa", "c")])
    hits = m.find("Syria's interim President Ahmed al-Sharaa spoke")
    assert [h.matched for h in hits] == ["President Ahmed al-Sharaa"]


def test_whitespace_in_text_matches_phrase_space_and_offsets_hold():
    text = "the Syrian\nleader and the  Syrian leader"
    m = PhraseMatcher([("Syrian leader", "x")])
    hits = m.find(text)
    assert [h.matched for h in hits] == ["Syrian\nleader", "Syrian leader"]
    for h in hits:
        assert text[h.start:h.end] == h.matched


def test_shared_phrase_keeps_all_payloads():
    m = PhraseMatcher([("said", "lexA"), ("said", "lexB")])
    (hit,) = m.find("he said")
    assert hit.payloads == ("lexA", "lexB")


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_phrase_rejected(bad):
    with pytest.raises(ValueError, match="empty"):
        PhraseMatcher([(bad, "x")])


def test_no_phrases_or_empty_text():
    assert PhraseMatcher().find("anything") == []
    assert PhraseMatcher([("a", 1)]).find("") == []


# ---------------------------------------------------------------------------
# the marked-text fast path equals the direct rule on the folded text


def _reference_candidates(m: PhraseMatcher, text: str) -> list[tuple[int, int, str, tuple]]:
    """The matching rules applied literally: every occurrence of a folded key, then the checks."""
    from framing.text.match import _is_word_char, _same_case

    folded = fold_case(text)
    out = []
    for key, entries in m._entries.items():
        i = folded.find(key)
        while i != -1:
            start, end = i, i + len(key)
            ok_start = not (start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]))
            ok_end = not (end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]))
            if ok_start and ok_end:
                payloads = tuple(p for phrase, p, cs in entries if not cs or _same_case(text[start:end], phrase))
                if payloads:
                    out.append((start, end, text[start:end], payloads))
            i = folded.find(key, i + 1)
    return sorted(out, key=lambda h: (h[1], h[0]))


def _reference_find(m: PhraseMatcher, text: str) -> list[tuple[int, int, str, tuple]]:
    chosen, taken = [], [False] * len(text)
    for h in sorted(_reference_candidates(m, text), key=lambda h: (h[0] - h[1], h[0])):
        if not any(taken[h[0]:h[1]]):
            taken[h[0]:h[1]] = [True] * (h[1] - h[0])
            chosen.append(h)
    return sorted(chosen)


TRICKY_PHRASES = [
    ("rebel", "r"), ("rebels", "rs"), ("rebel-held", "rh"), ("rebel held", "rh2"), ("U.S.", "us"),
    ("U.S", "us2"), ("'s", "poss"), ("al-Assad", "assad"), ("President", "title", True),
    ("president", "lower"), ("interim President", "ip", True), ("so-called", "sc"), ("_x", "under"),
    ("café", "cafe"), ("%", "pct"), ("a", "a"), ("a a", "aa"), ("k", "k"), ("s", "s"), ("held", "h"),
]
TRICKY_TEXTS = [
    "Rebels, rebel-held and rebel\u00a0held; the U.S.-backed U.S rebel's areas",
    "café cafés écafé naïve rebel\u00e9 \u00e9rebel rebel\u2019s rebel\u2014held",
    "President president PRESIDENT interim\u2009President interim president",
    "\u212a k K \u0130stanbul \u0130k k\u0130 a a a aa a_a _x x_x 50% %%",
    "rebel\x01held rebel\x02 \x03rebel \x00rebel\x00 rebel\x1cheld a\x1fa",
    "ﬁrebel rebelﬁ Ｒebel rebel\u0660 \u0660rebel rebel\u00b2 so-called so\u2010called",
    "", " ", "rebel", "a", "\n\n a \t a\r\n",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_scan_candidates_and_find_equal_the_literal_rules(text):
    m = PhraseMatcher(TRICKY_PHRASES)
    got = [(h.start, h.end, h.matched, h.payloads) for h in m.candidates(text)]
    assert got == _reference_candidates(m, text)
    assert [(h.start, h.end, h.matched, h.payloads) for h in m.find(text)] == _reference_find(m, text)
    assert m.scan(text)[1] == len(text.split())
    assert sorted(m.scan(text, sort=False)[0]) == sorted(m.scan(text)[0])


def test_non_ascii_phrase_uses_the_general_path():
    m = PhraseMatcher([("Šarā", "x"), ("rebel", "r")])
    text = "šarā Šarās rebel\u00e9 rebel"
    assert [(h.matched, h.start) for h in m.find(text)] == [("šarā", 0), ("rebel", 18)]
    assert m.scan(text)[1] == 4


def test_random_texts_equal_the_literal_rules():
    import random

    rng = random.Random(7)
    alphabet = "ab A-.'\u00e9\u00a0\n_\u2019\x01"
    phrases = [("a", 1), ("ab", 2), ("b a", 3), ("a-b", 4), ("A", 5, True), ("'a", 6), ("b.", 7), ("ab ab", 8)]
    m = PhraseMatcher(phrases)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [(h.start, h.end, h.matched, h.payloads) for h in m.candidates(text)] == \
            _reference_candidates(m, text), text
        assert [(h.start, h.end, h.matched, h.payloads) for h in m.find(text)] == _reference_find(m, text), text
        assert m.scan(text)[1] == len(text.split()), text


# ---------------------------------------------------------------------------
# scanning many texts at once equals scanning them one by one


def _scan_many_by_text(m: PhraseMatcher, texts: list[str], **kwargs) -> tuple[list[list[tuple]], list[int]]:
    spans = m.scan_many(texts, **kwargs)
    assert len(spans.text) == len(spans.start) == len(spans.end) == len(spans.key)
    got: list[list[tuple]] = [[] for _ in texts]
    for t, s, e, k in zip(spans.text.tolist(), spans.start.tolist(), spans.end.tolist(), spans.key.tolist()):
        got[t].append((s, e, m.keys[k]))
    return [sorted(g) for g in got], spans.n_words.tolist()


ASCII_PHRASES = [p for p in TRICKY_PHRASES if p[0].isascii()]
BATCH_TEXTS = TRICKY_TEXTS + [t.upper() for t in TRICKY_TEXTS] + [
    "\u201cRebel\u201d \u2014 the \u2018U.S.\u2019 rebel\u2019s \u2026 rebel\u2013held",
    "rebel", "U.S.", "held rebel", "REBEL HELD\u2028A", "\u00c9rebel rebel\u00c9 \u212a \u0130 \u03a3rebel\u03a3",
    "rebel\x85held a\x0ba \u3000rebel\u3000", "\x00rebel\x00u.s.\x00",
]


@pytest.mark.parametrize("phrases", [ASCII_PHRASES, TRICKY_PHRASES], ids=["ascii-keys", "non-ascii-key"])
@pytest.mark.parametrize("batch_chars", [1, 40, 1 << 20])
def test_scan_many_equals_scan_text_by_text(phrases, batch_chars):
    m = PhraseMatcher(phrases)
    got, words = _scan_many_by_text(m, BATCH_TEXTS, batch_chars=batch_chars)
    assert got == [sorted(m.scan(t)[0]) for t in BATCH_TEXTS]
    assert words == [len(t.split()) for t in BATCH_TEXTS]
    # hits at the very start and end of a text, next to other texts
    got, _ = _scan_many_by_text(m, ["rebel", "rebel", "a", "held"], batch_chars=batch_chars)
    assert got == [[(0, 5, "rebel")], [(0, 5, "rebel")], [(0, 1, "a")], [(0, 4, "held")]]


def test_scan_many_never_matches_across_texts():
    m = PhraseMatcher([("rebel held", 1), ("U.S.", 2), ("a-b", 3), ("x", 4)])
    texts = ["rebel", "held", "U.S", ".", "a", "-b", "a-", "b", "x"]
    got, words = _scan_many_by_text(m, texts)
    assert got == [[], [], [], [], [], [], [], [], [(0, 1, "x")]]
    assert words == [1] * len(texts)


def test_scan_many_random_texts_equal_scan():
    import random

    rng = random.Random(11)
    alphabet = "abAB -.'_\u00e9\u00c9\u00a0\n\u2019\u201c\u2014\u212a\u0130\x01\x02\x03\x00\t\u2009"
    m = PhraseMatcher([("a", 1), ("ab", 2), ("b a", 3), ("a-b", 4), ("A", 5, True), ("'a", 6), ("b.", 7),
                       ("ab ab", 8), ("k", 9), ("b_a", 10)])
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(400)]
    for batch_chars in (7, 1 << 20):
        got, words = _scan_many_by_text(m, texts, batch_chars=batch_chars)
        assert got == [sorted(m.scan(t)[0]) for t in texts]
        assert words == [len(t.split()) for t in texts]


def test_batch_marks_equal_scan_marks_for_every_code_point():
    """Every character is marked, folded and counted as white space the same way on both paths."""
    from framing.text import match as mod

    chars = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    try:
        old = mod._lower_same_length(chars).encode("ascii", mod._MARK_ERRORS)
        new = chars.encode("ascii", mod._FOLD_MARK_ERRORS)
    finally:
        mod._MARK_CACHE.clear()
        mod._FOLD_MARK_CACHE.clear()
    assert len(old) == len(new) == len(chars)
    assert old.translate(mod._MARK_TABLE) == new.translate(mod._BATCH_MARK_TABLE)
    assert old.translate(mod._FOLD_TABLE) == new.translate(mod._BATCH_FOLD_TABLE)
    assert old.translate(mod._SPACE_TABLE) == new.translate(mod._SPACE_TABLE)
    # the characters replaced before encoding are marked as the error handler would mark them
    assert "".join(mod._FREQUENT_MARKS).encode("ascii", mod._FOLD_MARK_ERRORS) == b"\x02" * len(mod._FREQUENT_MARKS)


def test_scan_many_keys_pickling_and_bad_input():
    import pickle

    m = PhraseMatcher([("Rebels", 1), ("U.S.", 2), ("rebels", 3)])
    assert m.keys == ("rebels", "u.s.")
    spans = m.scan_many(["Rebels of the U.S."])
    assert sorted(zip(spans.start.tolist(), spans.key.tolist())) == [(0, 0), (14, 1)]
    restored = pickle.loads(pickle.dumps(m))
    assert restored._batch is None
    again = restored.scan_many(["Rebels of the U.S."])
    assert sorted(zip(again.start.tolist(), again.key.tolist())) == [(0, 0), (14, 1)]
    m.add("the", 4)  # adding a phrase rebuilds the keys and the automaton
    assert m.keys[-1] == "the" and len(m.scan_many(["Rebels of the U.S."]).key) == 3
    empty = PhraseMatcher().scan_many(["two words", ""])
    assert len(empty.key) == 0 and empty.n_words.tolist() == [2, 0]
    assert m.scan_many([]).n_words.tolist() == []
    with pytest.raises(TypeError, match="single string"):
        m.scan_many("rebels")
    with pytest.raises(ValueError, match="batch_chars"):
        m.scan_many(["rebels"], batch_chars=0)


def test_find_counting_is_find_and_split():
    from framing.lexicons.schema import load_lexicon

    matcher = load_lexicon("nominalizations").matcher()
    for text in ("", "The killing of protesters, the killings and a wave of sectarian killings.",
                 "Israeli air strikes\u00a0and  the\ncrackdown — “the invasion”", "no event here"):
        hits, n_words = matcher.find_counting(text)
        assert n_words == len(text.split())
        assert [(h.start, h.end, h.payloads) for h in hits] == \
            [(h.start, h.end, h.payloads) for h in matcher.find(text)]
