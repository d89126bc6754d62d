"""framing.text.sentiment gives exactly TextBlob's PatternAnalyzer numbers."""

from __future__ import annotations

import gzip
import json
import random
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from textblob import TextBlob
from textblob._text import EMOTICONS

from framing.text.sentiment import lexicon_size, polarity_subjectivity, polarity_subjectivity_many

try:  # the shared splitter; a naive split keeps this file usable without it
    from framing.text.sentences import sentence_spans
except ImportError:  # pragma: no cover - only while the splitter is missing
    import re

    def sentence_spans(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\S.*?(?:[.!?](?=\s)|$)", text, flags=re.S)]


def textblob_scores(text: str) -> tuple[float, float]:
    polarity, subjectivity = TextBlob(text).sentiment
    return polarity, subjectivity


CASES = [
    # plain, intensifiers, negation
    "The food was good.",
    "The food was very good.",
    "The food was extremely bad.",
    "It was not good.",
    "It was not a good idea.",
    "It was not bad at all.",
    "Never a happy ending.",
    "No good deed goes unpunished.",
    "It was really not good.",
    "I don't like it.",
    "It isn't great, it's terrible.",
    "He said it wasn't that bad.",
    # exclamation
    "Great!",
    "Great!!!",
    "Terrible!",
    "Not good!",
    "Wow!",
    # emoticons and sarcasm
    "I love it :)",
    "I love it <3",
    "So sad :(",
    "Cry :'(",
    "Grin :D and wink ;)",
    "Spaced : ) emoticon",
    "Spaced : - ( frown",
    "xD XD 8-D",
    "Oh sure (!) that worked.",
    "Oh sure ( ! ) that worked.",
    "o_O o.O °O°",
    # empty, white space, punctuation only
    "",
    "   ",
    "\n\n",
    "...",
    "!!! ??? ...",
    "(!)",
    "\"'“”‘’",
    # non-English
    "Das ist sehr gut und schön.",
    "الرئيس السوري أحمد الشرع",
    "普京向叙利亚提供支持",
    "C'est très bien.",
    # all caps and mixed case
    "THIS IS A GREAT, GREAT DAY!",
    "NOT GOOD.",
    "Very Good Indeed",
    # abbreviations, contractions, line breaks, quotes
    "The U.S. economy is strong, e.g. in jobs etc. Mr. Smith is happy.",
    "Title\n\nBody text is good.\r\n\r\nAnother paragraph is bad...",
    "He said “it’s a wonderful deal” and ‘a great outcome’.",
    'They called it a "disaster".',
    "END-OF-SENTENCE good",
    "terribly slightly remarkably",
]


@pytest.mark.parametrize("text", CASES)
def test_identical_to_textblob_on_cases(text: str) -> None:
    assert polarity_subjectivity(text) == textblob_scores(text)


def test_documented_behaviour() -> None:
    assert polarity_subjectivity("") == (0.0, 0.0)
    assert polarity_subjectivity("!!! ...") == (0.0, 0.0)
    assert polarity_subjectivity("Das ist sehr gut.") == (0.0, 0.0)
    good = polarity_subjectivity("It was good.")
    very = polarity_subjectivity("It was very good.")
    negated = polarity_subjectivity("It was not good.")
    bang = polarity_subjectivity("It was good!")
    assert very[0] > good[0] > 0
    assert negated[0] == pytest.approx(-0.5 * good[0])
    assert bang[0] == pytest.approx(min(1.0, 1.25 * good[0]))
    assert polarity_subjectivity("Sad :(")[0] < 0 < polarity_subjectivity("Nice :)")[0]
    # all caps scores like lower case: TextBlob lower-cases every token
    assert polarity_subjectivity("IT WAS VERY GOOD.") == very


def test_fuzzed_strings_identical() -> None:
    rng = random.Random(7)
    emoticons = sorted(e for forms in EMOTICONS.values() for e in forms)
    vocabulary = (
        "good bad very not no never really a the great terrible terribly nice sad ! ? . , ( ) "
        "(!) ' \" don't isn't it's “ ” ’ U.S. e.g. etc. Mr. ... END-OF-SENTENCE : - D o O s 8 ; = "
        "3 > / \\ [ ] * ^ _ slightly Mexico"
    ).split() + ["\n\n", "\r\n", "\xa0", "\t"]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            if r < 0.25:
                w = rng.choice(emoticons)
            elif r < 0.35:
                w = " ".join(rng.choice(emoticons))
            else:
                w = rng.choice(vocabulary)
            parts.append(w.upper() if rng.random() < 0.2 else w)
        text = rng.choice([" ", "", "  "]).join(parts)
        assert polarity_subjectivity(text) == textblob_scores(text), repr(text)


def test_many_matches_single_and_shapes() -> None:
    texts = ["Great news.", "", "Bad news.", "Great news."]
    out = polarity_subjectivity_many(texts)
    assert out.shape == (4, 2) and out.dtype == float
    assert [tuple(r) for r in out] == [polarity_subjectivity(t) for t in texts]
    assert polarity_subjectivity_many([]).shape == (0, 2)
    assert polarity_subjectivity_many(iter(["good"])).shape == (1, 2)


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        polarity_subjectivity(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1"):
        polarity_subjectivity_many(["fine", 3.0])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="single str"):
        polarity_subjectivity_many("a text")


def test_lexicon_read_from_textblob() -> None:
    from textblob.en import sentiment as tb_sentiment

    assert lexicon_size() == len(tb_sentiment)


def _read_jsonl(path: Path, n: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in islice(fh, n)]


@pytest.mark.data
def test_identical_on_real_sentences(data_dir: Path) -> None:
    """Thousands of BASIL and AllSides sentences (titles too), compared to TextBlob."""
    texts: list[str] = []
    for name, n in (("basil", 120), ("allsides_abp", 120)):
        for rec in _read_jsonl(data_dir / name / "articles.jsonl.gz", n):
            texts.append(rec["title"] or "")
            texts.append(rec["text"] or "")
    sentences = [t[s:e] for t in texts for s, e in sentence_spans(t)]
    assert len(sentences) > 5000
    ours = polarity_subjectivity_many(sentences)
    ref = np.array([textblob_scores(s) for s in sentences])
    diff = np.abs(ours - ref)
    assert diff.max() <= 1e-9, sentences[int(diff.max(axis=1).argmax())]
    # not vacuous: real sentences carry tone
    assert (ref[:, 0] != 0).mean() > 0.3
    # whole texts (one long bag of assessments) agree as well
    whole = polarity_subjectivity_many(texts[:60])
    assert np.abs(whole - np.array([textblob_scores(t) for t in texts[:60]])).max() <= 1e-9
