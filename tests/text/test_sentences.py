"""Tests for framing.text.sentences: rules, span invariants, BASIL agreement."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.text.sentences import (
    ABBREVIATIONS,
    TITLES,
    boundary_scores,
    sentence_spans,
    sentences,
    split_sentences,
)


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Ordered, non-overlapping, stripped spans covering every non-space char once."""
    prev_end = 0
    covered = 0
    for start, end in spans:
        assert isinstance(start, int) and isinstance(end, int)
        assert prev_end <= start < end <= len(text), (start, end)
        piece = text[start:end]
        assert piece == piece.strip(), repr(piece)
        assert text[prev_end:start].strip() == "", repr(text[prev_end:start])
        covered += sum(not c.isspace() for c in piece)
        prev_end = end
    assert text[prev_end:].strip() == ""
    assert covered == sum(not c.isspace() for c in text)


# --------------------------------------------------------------------------- rules
RULE_CASES = {
    "titles": (
        "Mr. Smith met Mrs. Jones and Dr. Brown. Gen. Lee and Sen. Warren spoke. "
        "Lt. Col. Sgt. Capt. Adm. Prof. Gov. Rep. Ms. Dunn came.",
        [
            "Mr. Smith met Mrs. Jones and Dr. Brown.",
            "Gen. Lee and Sen. Warren spoke.",
            "Lt. Col. Sgt. Capt. Adm. Prof. Gov. Rep. Ms. Dunn came.",
        ],
    ),
    "months and numbers": (
        "The vote on Jan. 5 passed. The Sept. 11 attacks changed it. It was in Aug. 2019 too.",
        ["The vote on Jan. 5 passed.", "The Sept. 11 attacks changed it.", "It was in Aug. 2019 too."],
    ),
    "dotted abbreviations mid-sentence": (
        "U.S. officials met U.N. and E.U. envoys in Washington, D.C. on Friday at 5 p.m. sharp.",
        ["U.S. officials met U.N. and E.U. envoys in Washington, D.C. on Friday at 5 p.m. sharp."],
    ),
    "sentence-final abbreviation before a starter": (
        "Prices rose in the U.S. The dollar fell. He lives in the U.K. But not for long.",
        ["Prices rose in the U.S.", "The dollar fell.", "He lives in the U.K.", "But not for long."],
    ),
    "abbreviation before a name is not a boundary": (
        "He met the U.S. Ambassador. Apple Inc. Chief Executive Tim Cook spoke.",
        ["He met the U.S. Ambassador.", "Apple Inc. Chief Executive Tim Cook spoke."],
    ),
    "company suffixes and etc": (
        "Shares of Acme Corp. rose. They bought apples, pears, etc. Then they left. Acme Co. Ltd. sued.",
        ["Shares of Acme Corp. rose.", "They bought apples, pears, etc.", "Then they left.", "Acme Co. Ltd. sued."],
    ),
    "number abbreviations": (
        "He is ranked No. 3 in the world. No. It was not true. See vs. Smith, pp. 4-5.",
        ["He is ranked No. 3 in the world.", "No.", "It was not true.", "See vs. Smith, pp. 4-5."],
    ),
    "initials": (
        "John F. Kennedy and J.R.R. Tolkien met George W. Bush. They talked.",
        ["John F. Kennedy and J.R.R. Tolkien met George W. Bush.", "They talked."],
    ),
    "decimals and money": (
        "Cyprus economy grows 3.4 pct in 2024. The deal is worth $1.5 billion. Shares fell 0.5%.",
        ["Cyprus economy grows 3.4 pct in 2024.", "The deal is worth $1.5 billion.", "Shares fell 0.5%."],
    ),
    "question and exclamation": (
        "Is it over? Yes! We won!! Really?! Sure.",
        ["Is it over?", "Yes!", "We won!!", "Really?!", "Sure."],
    ),
    "closing quotes and brackets": (
        'He said, "We won." Then he left. (It was late.) She agreed.\u201cFine.\u201d She left.',
        ['He said, "We won."', "Then he left.", "(It was late.)", "She agreed.\u201cFine.\u201d", "She left."],
    ),
    "quotation followed by lower-case attribution": (
        '"Why not?" he asked. \u201cStop!\u201d she shouted. \u201cGo.\u201d they said.',
        ['"Why not?" he asked.', "\u201cStop!\u201d she shouted.", "\u201cGo.\u201d they said."],
    ),
    "quotation followed by a named attribution": (
        '"Is that picture you?" Weiner was asked. \u201cWhy now?\u201d Mr. Jordan said. Then silence.',
        ['"Is that picture you?" Weiner was asked.', "\u201cWhy now?\u201d Mr. Jordan said.", "Then silence."],
    ),
    "ellipses": (
        "He paused... and went on. I don't know\u2026 The end. Wait \u2026 Obama said so.",
        ["He paused... and went on.", "I don't know\u2026", "The end.", "Wait \u2026 Obama said so."],
    ),
    "ellipsis after a sentence stays with it": (
        '"We must win. ... And we will." Done.',
        ['"We must win. ...', 'And we will."', "Done."],
    ),
    "lower-case continuation": (
        "It cost approx. ten dollars. See e.g. the report, i.e. the annex. It grew.",
        ["It cost approx. ten dollars.", "See e.g. the report, i.e. the annex.", "It grew."],
    ),
    "hyphenated title and month": (
        "After the shooting of then-Rep. Gabrielle Giffords, the post-Sept. 11 law held. Fine.",
        ["After the shooting of then-Rep. Gabrielle Giffords, the post-Sept. 11 law held.", "Fine."],
    ),
    "state abbreviation in a party tag": (
        "Sen. Pat Leahy (D-Vt.) called it a blockade. AUGUSTA, Me. \u2014 Paul LePage spoke.",
        ["Sen. Pat Leahy (D-Vt.) called it a blockade.", "AUGUSTA, Me. \u2014 Paul LePage spoke."],
    ),
    "camel-case brand after a period": (
        "Apple sold more phones. iPhone sales rose. eBay fell.",
        ["Apple sold more phones.", "iPhone sales rose.", "eBay fell."],
    ),
    "upper-case transcript title": (
        "DR. STEFFIE WOOLHANDLER: My pleasure. Thanks.",
        ["DR. STEFFIE WOOLHANDLER: My pleasure.", "Thanks."],
    ),
    "blank line is always a boundary": (
        "A headline without a period\n\nthe body starts lower-case. Then more",
        ["A headline without a period", "the body starts lower-case.", "Then more"],
    ),
    "single line break: new paragraph or heading": (
        "Eurozone gloom\nThe claims rose.\nLockdowns ease\nShops opened.",
        ["Eurozone gloom", "The claims rose.", "Lockdowns ease", "Shops opened."],
    ),
    "single line break: a wrapped line continues": (
        "The committee said on Friday that\nthe vote would be delayed. It was.",
        ["The committee said on Friday that\nthe vote would be delayed.", "It was."],
    ),
    "terminal punctuation before a single line break": (
        "He met Mr.\nSmith. They talked.\nthe end",
        ["He met Mr.", "Smith.", "They talked.", "the end"],
    ),
    "bullets on their own lines": (
        "Key points:\n\u2022 Taxes rise\n\u2022 Spending falls\n- Debt grows\n1. First item\n2) Second item",
        ["Key points:", "\u2022 Taxes rise", "\u2022 Spending falls", "- Debt grows", "1. First item", "2) Second item"],
    ),
    "inline bullets": (
        "World \u2022 Politics \u2022 Business",
        ["World", "\u2022 Politics", "\u2022 Business"],
    ),
    "bullets only stay together": (
        "\u2022 \u2022 \u2022\n\nNext.",
        ["\u2022 \u2022 \u2022", "Next."],
    ),
    "number at line start is a list marker, elsewhere a sentence end": (
        "1. The first point\nIt grew in 2010. The end.",
        ["1. The first point", "It grew in 2010.", "The end."],
    ),
    "tokenized text": (
        'He said : " I \'ll be one of them . " A Democratic aide agreed . \u201c Yes . \u201d Sen . Kaine nodded .',
        ['He said : " I \'ll be one of them . "', "A Democratic aide agreed .", "\u201c Yes . \u201d", "Sen . Kaine nodded ."],
    ),
}


@pytest.mark.parametrize("text, expected", RULE_CASES.values(), ids=list(RULE_CASES))
def test_rules(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    assert_valid_spans(text, sentence_spans(text))


def test_public_names_agree() -> None:
    text = "Dr. Who arrived. He left."
    assert framing.sentences is sentences
    assert sentences is sentence_spans
    assert framing.sentences(text) == [(0, 16), (17, 25)]
    assert split_sentences(text) == [text[s:e] for s, e in sentences(text)]


def test_abbreviation_lists_are_data() -> None:
    assert isinstance(TITLES, frozenset) and "Mr" in TITLES and "Sen" in TITLES
    assert isinstance(ABBREVIATIONS, frozenset) and "U.S" in ABBREVIATIONS and "Sept" in ABBREVIATIONS


def test_returns_fresh_lists_despite_cache() -> None:
    text = "One. Two."
    first = sentence_spans(text)
    first.append((99, 100))
    assert sentence_spans(text) == [(0, 4), (5, 9)]


def test_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        sentence_spans(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got bytes"):
        sentence_spans(b"One. Two.")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties
ODD_TEXTS = {
    "empty": "",
    "whitespace only": " \n\t \r\n \u00a0\u3000 ",
    "no punctuation": "no punctuation at all just words and words",
    "only punctuation": "... ?! . \u2026 \" \u201d ( ) \u2022",
    "leading and trailing space": "   Hello there.   How are you?  \n\n ",
    "emoji": "Great news \U0001f389\U0001f389! We won \U0001f3c6. Next \U0001f44d\U0001f3fd. \U0001f600",
    "rtl": "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645. \u0647\u0630\u0627 \u062c\u064a\u062f! \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. Done.",
    "unicode spaces": "One.\u00a0Two.\u2003Three.\u2028Four.\u3000Five.",
    "windows line breaks": "First line.\r\nSecond line\r\n\r\nThird.",
    "lone quotes": '" " . " Hello . " " ',
    "dots everywhere": "a.b.c. d.e. .. . . .x. U.S.... Mr.. ",
    "trailing abbreviation": "He lives in the U.S.",
    "text ends with bullet": "Items \u2022",
}


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=list(ODD_TEXTS))
def test_spans_valid_on_odd_texts(text: str) -> None:
    assert_valid_spans(text, sentence_spans(text))


def test_empty_and_whitespace_have_no_spans() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\t\u00a0 ") == []
    assert split_sentences("") == []


def test_no_punctuation_is_one_sentence() -> None:
    text = ODD_TEXTS["no punctuation"]
    assert sentence_spans(text) == [(0, len(text))]


def test_very_long_sentence() -> None:
    text = " ".join(["word"] * 10_000) + "."
    assert sentence_spans(text) == [(0, len(text))]
    many = "Short one. " * 10_000
    spans = sentence_spans(many)
    assert len(spans) == 10_000
    assert_valid_spans(many, spans)


def test_emoji_and_rtl_sentences() -> None:
    assert len(sentence_spans(ODD_TEXTS["emoji"])) == 4
    assert len(sentence_spans(ODD_TEXTS["rtl"])) == 4


_ALPHABET = st.sampled_from(
    list("aZ .?!\u2026\"'\u201c\u201d()\n\t\u00a0-\u2014:,\u20221")
    + ["Mr.", "U.S.", "Jan.", " The ", " the ", "...", "\n\n", "\U0001f600", "\u05e9"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_valid_on_random_texts(text: str) -> None:
    assert_valid_spans(text, sentence_spans(text))


# --------------------------------------------------------------------------- scoring
def test_boundary_scores_counts() -> None:
    text = "One. Two. Three."
    gold = [[(0, 4), (5, 16)]]
    pred = [sentence_spans(text)]
    s = boundary_scores(pred, gold, [text])
    assert (s["tp"], s["n_pred"], s["n_gold"]) == (2.0, 3.0, 2.0)
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == 1.0
    assert s["f1"] == pytest.approx(0.8)


def test_boundary_scores_strips_trailing_whitespace() -> None:
    text = "One.  Two."
    assert boundary_scores([[(0, 4), (6, 10)]], [[(0, 6), (6, 10)]], [text])["f1"] == 1.0
    assert boundary_scores([[(0, 4), (6, 10)]], [[(0, 6), (6, 10)]])["f1"] == 0.5


def test_boundary_scores_validates() -> None:
    with pytest.raises(ValueError, match="1 predicted and 2 gold"):
        boundary_scores([[]], [[], []])
    with pytest.raises(ValueError, match="spans"):
        boundary_scores([[(1,)]], [[(0, 1)]])
    with pytest.raises(ValueError, match="texts"):
        boundary_scores([[]], [[]], ["a", "b"])
    assert boundary_scores([], [])["f1"] == 0.0


# --------------------------------------------------------------------------- data
@pytest.mark.data
def test_basil_boundary_f1(data_dir) -> None:
    path = data_dir / "basil" / "articles.jsonl.gz"
    texts, gold = [], []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts.append(rec["text"])
            gold.append([(s["start"], s["end"]) for s in rec["sentences"]])
    assert len(texts) == 300
    pred = [sentence_spans(t) for t in texts]
    for text, spans in zip(texts[:50], pred[:50]):
        assert_valid_spans(text, spans)
    scores = boundary_scores(pred, gold, texts)
    # 7,984 gold sentences, 7 of them empty: an empty span marks no boundary
    assert scores["n_gold"] == 7977
    assert scores["f1"] >= 0.94, scores
    assert scores["recall"] >= 0.99, scores
