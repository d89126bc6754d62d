"""Tests of the offline parser wrapper: offsets, tags, chunks, sentences, odd input."""

from __future__ import annotations

import pickle

import pytest

from framing.text.parse import (
    Phrase,
    Token,
    chunks,
    noun_phrases,
    parse_sentences,
    parse_tokens,
    tokenize,
)
from framing.text.sentences import sentence_spans


def _offsets_ok(text: str, tokens: list[Token]) -> bool:
    return all(text[t.start : t.end] == t.text for t in tokens)


def _covered(text: str, tokens: list[Token]) -> str:
    """Every non-space character of the text, in order, as the tokens give them."""
    return "".join(t.text for t in tokens)


@pytest.mark.parametrize(
    "text",
    [
        "Syria's interim President Ahmed al-Sharaa attends an interview.",
        "Syria’s interim President Ahmed al‑Sharaa said “we’re ready” and didn’t wait.",
        "U.S. officials' views don't matter, he's said; O'Brien's aides won't (ever) agree...",
        "PUTIN OFFERS SYRIA'S SHARAA SUPPORT AND COOPERATION",
        'He said "they said \'no" and \'left\' "',
        "Prices rose 3.4 pct to $1,000.50 on 10/03/2025 at 10:30 a.m. in the 1990s.",
        "See https://example.com/a-b?x=1, or mail info@example.org.",
        "",
        "   \n\n  ",
        "!!! ??? ... --- ''' \"\"\"",
        "ÀÉÎ Ōsaka — Zürich–Genève; naïve café.",
    ],
)
def test_offsets_always_valid(text):
    toks = parse_tokens(text)
    assert _offsets_ok(text, toks)
    assert _covered(text, toks) == "".join(text.split())
    assert all(t.start < t.end for t in toks)
    assert [t.start for t in toks] == sorted(t.start for t in toks)


def test_possessive_split_and_tagged():
    text = "Syria's interim President Ahmed al-Sharaa met Russia’s envoy."
    toks = parse_tokens(text)
    words = [t.text for t in toks]
    assert words[:3] == ["Syria", "'s", "interim"]
    assert "’s" in words
    for t in toks:
        if t.text in ("'s", "’s"):
            assert t.pos == "POS"
    assert [t.pos for t in toks if t.text in ("Ahmed", "al-Sharaa", "President")] == ["NNP", "NNP", "NNP"]


def test_plural_possessive_and_quotes():
    toks = parse_tokens("The officials' statement angered the 'rebels' in Idlib.")
    by_text = [(t.text, t.pos) for t in toks]
    assert ("officials", "NNS") in by_text
    assert by_text[by_text.index(("officials", "NNS")) + 1] == ("'", "POS")
    # the quote after rebels closes a quotation: not a possessive
    i = [t.text for t in toks].index("rebels")
    assert toks[i + 1].text == "'" and toks[i + 1].pos != "POS"


def test_contractions():
    toks = parse_tokens("They don't know; he's gone and it can't stop.")
    words = [t.text for t in toks]
    assert words[:4] == ["They", "do", "n't", "know"]
    assert "ca" in words and words[words.index("ca") + 1] == "n't"
    assert toks[words.index("he") + 1].pos == "VBZ"


def test_hyphenated_names_stay_whole_and_are_proper_nouns():
    text = "Hezbollah-led fighters and Abu Mohammed al-Jolani, a former al Qaeda commander, met bin-Salman."
    toks = parse_tokens(text)
    words = [t.text for t in toks]
    assert "Hezbollah-led" in words and "al-Jolani" in words and "bin-Salman" in words
    tags = {t.text: t.pos for t in toks}
    assert tags["al-Jolani"] == "NNP"
    assert tags["bin-Salman"] == "NNP"
    assert tags["al"] == "NNP"  # "al Qaeda"
    assert tags["Qaeda"] == "NNP"


def test_abbreviations_and_numbers():
    words = [t for t, _, _ in tokenize("Mr. Smith of the U.S. paid $3.5 million on Jan. 5 in 2024.")]
    assert words == ["Mr.", "Smith", "of", "the", "U.S.", "paid", "$", "3.5", "million", "on", "Jan.", "5", "in",
                     "2024", "."]
    toks = parse_tokens("Mr. Smith paid 3.5 million.")
    assert {t.text: t.pos for t in toks}["3.5"] == "CD"


def test_all_caps_text():
    text = "PUTIN OFFERS SYRIA'S SHARAA SUPPORT AND COOPERATION"
    toks = parse_tokens(text)
    tags = {t.text: t.pos for t in toks}
    assert tags["AND"] == "CC"  # lower-case lookup in all-caps text
    assert tags["SHARAA"] == "NNP"
    assert tags["'S"] == "POS"
    assert _offsets_ok(text, toks)


def test_title_case_headline_keeps_verbs():
    tags = {t.text: t.pos for t in parse_tokens("Obama Mocks Congress As Senate Accuses Trump Of Lying")}
    assert tags["Mocks"].startswith("VB") and tags["Accuses"].startswith("VB")
    assert tags["Obama"] == "NNP" and tags["Trump"] == "NNP"
    assert tags["As"] != "NNP" and tags["Of"] == "IN"


def test_english_words_are_not_name_particles():
    tags = [(t.text, t.pos) for t in parse_tokens("He spoke as Trump left and at Mar-a-Lago an American waved.")]
    assert ("as", "IN") in tags and ("at", "IN") in tags and ("an", "DT") in tags


def test_chunks_and_noun_phrases():
    text = "Kremlin spokesman Dmitry Peskov said the rebels took the city of Aleppo."
    toks = parse_tokens(text)
    nps = noun_phrases(toks)
    assert all(isinstance(p, Phrase) for p in nps)
    assert [text[p.start : p.end] for p in nps] == [
        "Kremlin spokesman Dmitry Peskov",
        "the rebels",
        "the city",
        "Aleppo",
    ]
    assert all(p.start == toks[p.i].start and p.end == toks[p.j - 1].end for p in nps)
    labels = [p.label for p in chunks(toks)]
    assert labels[:3] == ["NP", "VP", "NP"]
    assert chunks([]) == []


def test_chunker_agrees_with_pattern():
    from textblob._text import find_chunks

    from framing.text.parse import _chunk, _tag

    text = (
        "The Kremlin, which was a key ally of the formerly ruling Assad family for over 50 years, said "
        "earlier this month that it wanted to see a united and friendly Syria because instability there "
        "could very quickly affect the whole of the Middle East, all the analysts said."
    )
    words = [t for t, _, _ in tokenize(text)]
    tags = _tag(words)
    expected = [c[2] for c in find_chunks([[w, t] for w, t in zip(words, tags)])]
    assert _chunk(tags) == expected


def test_lemmas():
    toks = {t.text: t.lemma for t in parse_tokens("The rebels said they fought and led the offensives.")}
    assert toks["rebels"] == "rebel"
    assert toks["said"] == "say"
    assert toks["fought"] == "fight"
    assert toks["led"] == "lead"
    assert toks["offensives"] == "offensive"


def test_parse_sentences_offsets_into_full_text():
    text = "Putin met Sharaa. Peskov said so.\n\nThe Kremlin agreed."
    sents = parse_sentences(text)
    spans = sentence_spans(text)
    assert len(sents) == len(spans) == 3
    for (s, e), toks in zip(spans, sents):
        assert all(s <= t.start and t.end <= e for t in toks)
        assert _offsets_ok(text, toks)
    assert [t for s in sents for t in s] == parse_tokens(text)
    assert sents[1][0].text == "Peskov" and sents[1][0].start == 18


def test_cache_returns_fresh_lists():
    text = "Rebels took the city."
    a = parse_tokens(text)
    a.clear()
    assert len(parse_tokens(text)) == 5
    s = parse_sentences(text)
    s[0].clear()
    assert len(parse_sentences(text)[0]) == 5


def test_doubled_clitic_is_split_once():
    # "Tlaib's's": the word loses its last clitic only, as a one-pass split gives
    words = [t for t, _, _ in tokenize("Tlaib's's call, O'Brien's aides, rock'n'roll's fans")]
    assert words == ["Tlaib's", "'s", "call", ",", "O'Brien", "'s", "aides", ",", "rock'n'roll", "'s", "fans"]


def _reference_tokenize(text):
    """Tokens of the full pattern, one match at a time, clitics split off one by one."""
    from framing.text.parse import _CLITIC_RE, _NT_HOSTS, _TOKEN_RE

    out = []
    for m in _TOKEN_RE.finditer(text):
        tok, s, e = m.group(), m.start(), m.end()
        c = _CLITIC_RE.search(tok) if len(tok) > 2 else None
        if c is not None and c.start() > 0:
            k = c.start()
            if tok[k].lower() != "n" or tok[:k].lower() in _NT_HOSTS:
                out += [(tok[:k], s, s + k), (tok[k:], s + k, e)]
                continue
        out.append((tok, s, e))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "See https: the http://x.org/a, www.y.com and Mr. Smith (Mr Smith) at 10:30 a.m. in the U.S.",
        "John F. Kennedy, D-N.Y., said: \"no\" [sic]; 'yes' ‘no’ “maybe” approx. est. etc. vs. Jan. 5",
        "Xi’s aides — and O'Brien's — left... then -- AT&T, 3.4 pct, 1990s; ok? ok! ok\nnew line",
        "They don't, can't, won't; he'd've gone. Tlaib's's call. rock'n'roll's fans. 'Til the '90s",
    ],
)
def test_tokenizer_shortcuts_change_no_token(text):
    assert tokenize(text) == _reference_tokenize(text)


def test_fast_singularize_agrees_with_pattern():
    from textblob.en.inflect import singular_ie, singular_irregular, singular_s, singular_uncountable, singularize

    from framing.text.parse import _lexicon, _singularize

    words = ["officials", "rebels", "analyses", "crises", "news", "series", "leaves", "wolves", "mothers-in-law",
             "dogs'", "people", "women", "movies", "zombies", "pies", "buses", "quizzes", "matrices", "oxen", ""]
    for lst in (singular_ie, singular_s, list(singular_irregular), singular_uncountable):
        words += [w + "s" for w in lst[:10]] + ["x" + w + "es" for w in lst[:10]] + [w[1:] for w in lst[:10]]
    words += sorted(w.lower() + "s" for w in _lexicon() if w.endswith("y"))[:800]
    assert [_singularize(w) for w in words] == [singularize(w) for w in words]


def test_chunking_by_pieces_equals_whole_sentence():
    import itertools

    from framing.text.parse import _TAG_CLASS, _chunk, _chunk_code

    by_class = {}
    for tag, c in _TAG_CLASS.items():
        by_class.setdefault(c, tag)
    by_class["x"] = ","
    classes = "NDdCRJVMPWx"
    for n in range(1, 5):
        for code in itertools.product(classes, repeat=n):
            tags = [by_class[c] for c in code]
            assert _chunk(tags) == list(_chunk_code("".join(code)))


def test_huge_sentence_does_not_blow_up():
    text = " ".join(["the rebels of Assad took Aleppo and"] * 1450) + " left."
    assert len(text.split()) > 10_000
    toks = parse_tokens(text)
    assert len(toks) == len(text.split()) + 1
    assert _offsets_ok(text, toks)
    assert len(noun_phrases(toks)) > 1000


def test_no_words_and_type_errors():
    assert parse_tokens("") == []
    assert parse_sentences("") == []
    with pytest.raises(TypeError, match="expected a str"):
        parse_tokens(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a str"):
        parse_sentences(3.0)  # type: ignore[arg-type]


def test_tokens_pickle_and_compare():
    toks = parse_tokens("Assad fled.")
    assert pickle.loads(pickle.dumps(toks)) == toks
    assert toks[0] == Token("Assad", 0, 5, "NNP", "B-NP", "assad")


@pytest.mark.data
def test_offsets_on_real_articles(data_dir):
    import gzip
    import json

    n = 0
    with gzip.open(data_dir / "allsides_abp" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"] or ""
            toks = parse_tokens(text)
            assert _offsets_ok(text, toks)
            assert _covered(text, toks) == "".join(text.split())
            n += 1
            if n == 40:
                break
    assert n == 40


def test_memo_tables_stay_bounded():
    from framing.text.parse import _Memo

    memo = _Memo(str.upper, limit=2)
    assert [memo[w] for w in ("a", "b", "c", "a")] == ["A", "B", "C", "A"]
    assert len(memo) <= 2


# -- the column view and the text-at-once parse agree with the definitions ----------------


_VARIED = [
    "Syria's interim President Ahmed al-Sharaa said “we’re ready” and didn’t wait. Peskov agreed.",
    "PUTIN OFFERS SYRIA'S SHARAA SUPPORT. Obama Mocks Congress Over Budget Talks",
    "He said 'no' and left.'Then' she won't go.\n\nThe officials' views, the Smiths' house...",
    "Mr. Smith met Dr. Jones at 10:30 a.m. in the U.S. capital.Rebels took Aleppo!What now?",
    "al Qaeda's leader, von der Leyen and da Silva met.   \n  ",
    "",
    "...",
    "It was signed by John F. Kennedy. He spoke to W. Bush.He left at 5 P.M. Then rain.",
    "The rebels took Idlib.\u00a0Sharaa's men, led by Abu Mohammed al-Jolani, moved on.",
]


def _fuzz(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    pieces = list("ab Cd'’s.!?\n\"“”-tT é—") + ["'s", "n't", "’re", " Dr. ", "\n\n", ". ", "? ", "U.S.", " Mr.",
                            " F. ", " A.", "\u00a0", "\t"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_parse_of_a_text_equals_the_parse_of_each_sentence():
    # the whole-text parse (per-token steps once per text) against one sentence at a time
    from framing.text.parse import _parse_span, _parse_text, _tokens_of

    for text in _VARIED + _fuzz(3000, 11):
        spans = sentence_spans(text)
        per_sentence = [_parse_span(text[s:e], s) for s, e in spans]
        parsed = _parse_text(text)
        assert _tokens_of(parsed) == [t for toks in per_sentence for t in toks], repr(text)
        assert list(parsed.sizes) == [len(toks) for toks in per_sentence], repr(text)


def test_columns_hold_the_tokens():
    from framing.text.parse import ParsedText, lemma, parse_columns

    for text in _VARIED:
        toks = parse_tokens(text)
        cols = parse_columns(text)
        assert list(cols.texts) == [t.text for t in toks]
        assert list(cols.starts) == [t.start for t in toks]
        assert list(cols.ends) == [t.end for t in toks]
        assert list(cols.tags) == [t.pos for t in toks]
        assert list(cols.chunks) == [t.chunk for t in toks]
        assert list(cols.lemmas()) == [t.lemma for t in toks]
        assert [cols.lemma(k) for k in range(len(toks))] == [lemma(t.text, t.pos) for t in toks]
        assert sum(cols.sizes) == len(toks)
        assert [toks[lo:hi] for lo, hi in cols.sentence_ranges()] == parse_sentences(text)
        assert ParsedText.from_tokens(parse_sentences(text)) == cols
    with pytest.raises(TypeError, match="expected a str"):
        parse_columns(None)  # type: ignore[arg-type]


def test_columns_are_shared_and_compact():
    from array import array

    from framing.text.parse import parse_columns

    text = "The rebels said the rebels won."
    cols = parse_columns(text)
    assert parse_columns(text) is cols  # the cached parse itself
    assert isinstance(cols.starts, array) and isinstance(cols.ends, array)
    assert cols.texts[1] is cols.texts[4]  # one string object per distinct word
