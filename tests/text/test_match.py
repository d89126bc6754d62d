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
