"""DictionaryFeatures: LIWC .dic, CSV and lexicon dictionaries, wildcards, bad input, the estimator contract."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from framing.extract import get_extractor_class
from framing.extract.dictionary import (
    Dictionary,
    DictionaryError,
    DictionaryFeatures,
    DictionaryWarning,
    find_terms,
    parse_csv,
    parse_dic,
    read_dictionary,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "dictionaries"
LIWC = DATA / "liwc_small.dic"


def check_offsets(corpus: pd.DataFrame, mentions: pd.DataFrame) -> None:
    by_id = corpus.set_index(corpus["doc_id"].astype(str))
    for m in mentions.itertuples():
        assert by_id.loc[m.doc_id, m.field][m.start:m.end] == m.matched


@pytest.fixture(scope="module")
def liwc() -> Dictionary:
    return read_dictionary(LIWC)


# -- reading ------------------------------------------------------------------


def test_dic_header_terms_multi_category_and_comments(liwc: Dictionary) -> None:
    assert liwc.categories == ("posemo", "negemo", "family", "social", "risk")
    entries = liwc.entries()
    cats = entries.groupby("term")["category"].apply(list).to_dict()
    assert cats["mother"] == ["family", "social"]
    assert cats["father"] == ["family", "social"]  # ids separated by a tab too
    assert cats["hate*"] == ["negemo"] and cats["hateful"] == ["negemo", "social"]
    assert cats["kind of"] == ["social"] and cats["worst case"] == ["risk"]  # phrase with spaces, no tab
    assert cats["don't know"] == ["risk"] and cats["friend*"] == ["social"]
    assert cats["worr*"] == ["negemo", "risk"]
    assert not any("#" in t for t in entries.term)  # comments dropped
    assert entries.loc[entries.term == "good", "line"].item() == 10
    assert not liwc.weighted and liwc.name == "liwc_small"


def test_bad_lines_are_reported_with_their_line_numbers() -> None:
    with pytest.raises(DictionaryError) as err:
        read_dictionary(DATA / "bad_ids.dic")
    problems = dict(err.value.problems)
    assert set(problems) == {6, 8, 9, 10}
    assert "unknown category id '9'" in problems[6] and "declared ids: 1, 2" in problems[6]
    assert "has no category ids" in problems[8]
    assert "'*' that is not at its end" in problems[9]
    assert "unknown category id 'x7'" in problems[10]
    assert f"{DATA / 'bad_ids.dic'}:6:" in str(err.value)


def test_header_problems() -> None:
    with pytest.raises(DictionaryError, match=r"unclosed.dic:3: the category header is not closed"):
        read_dictionary(DATA / "unclosed.dic")
    with pytest.raises(DictionaryError, match=r":1: expected a line holding only '%'"):
        parse_dic("1 posemo\n%\n")
    with pytest.raises(DictionaryError, match="the file is empty"):
        parse_dic("\n# nothing\n")
    with pytest.raises(DictionaryError, match=r":3: category id '1' is declared twice"):
        parse_dic("%\n1 a\n1 b\n%\nx 1\n")
    with pytest.raises(DictionaryError, match=r":2: category line '1' needs an id and a name"):
        parse_dic("%\n1\n%\n")


def test_duplicates_merge_with_a_warning_and_empty_category_is_kept() -> None:
    with pytest.warns(DictionaryWarning) as caught:
        d = read_dictionary(DATA / "duplicates.dic")
    messages = [str(w.message) for w in caught]
    assert any("2 duplicate term(s), categories merged" in m and "'hate' (lines 8, 9)" in m for m in messages)
    assert any("categories without any term" in m and "'unused'" in m for m in messages)
    cats = d.entries().groupby("term")["category"].apply(list).to_dict()
    assert cats == {"happy": ["posemo"], "hate": ["negemo", "anger"], "rage*": ["anger"]}
    with pytest.warns(DictionaryWarning):
        df = DictionaryFeatures(path=DATA / "duplicates.dic", fields=("text",)).fit(["x"])
    X = df.set_output(transform="pandas").transform(["I hate it, hate!", "Happy and enraged."])
    assert X["dictionary__unused__count"].tolist() == [0.0, 0.0]
    assert X["dictionary__anger__count"].tolist() == [2.0, 0.0]  # "enraged" does not start with "rage"
    assert X["dictionary__negemo__count"].tolist() == [2.0, 0.0]


def test_non_utf8_bytes_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.dic"
    path.write_bytes("%\n1\tpos\n%\ngood\t1\nna\xefve\t1\n".encode("cp1252"))
    with pytest.raises(DictionaryError) as err:
        read_dictionary(path)
    assert f"{path}:5:" in str(err.value) and "not valid utf-8" in str(err.value) and "cp1252" in str(err.value)
    d = read_dictionary(path, encoding="cp1252")
    assert [t.text for t in d.terms] == ["good", "na\u00efve"]
    bom = tmp_path / "bom.dic"
    bom.write_bytes(b"\xef\xbb\xbf%\n1 pos\n%\ngood 1\n")
    assert read_dictionary(bom).categories == ("pos",)
    with pytest.raises(ValueError, match="unknown encoding"):
        read_dictionary(path, encoding="no-such-codec")


def test_csv_weights_multi_category_and_repeats() -> None:
    with pytest.warns(DictionaryWarning, match=r"1 repeated term-category pair\(s\), first weight kept: 'crisis'/'alarm' \(lines 3, 9\)"):
        d = read_dictionary(DATA / "weights.csv")
    assert d.categories == ("alarm", "drama", "reassurance") and d.weighted
    rows = d.entries()[["term", "category", "weight"]].values.tolist()
    assert ["crisis", "alarm", 2.0] in rows and ["crisis", "drama", 1.0] in rows
    assert ["catastroph*", "alarm", 3.0] in rows and ["under control", "reassurance", 2.0] in rows
    with pytest.raises(DictionaryError) as err:
        read_dictionary(DATA / "bad.csv")
    problems = dict(err.value.problems)
    assert set(problems) == {2, 3, 4, 5}
    assert "weight 'high'" in problems[2] and "found 1 field(s)" in problems[3]
    assert "found 4 field(s)" in problems[4] and "the term is empty" in problems[5]


def test_tsv_and_yaml_lexicon(tmp_path: Path) -> None:
    tsv = tmp_path / "words.tsv"
    tsv.write_text("crisis\talarm\t2\ncalm\treassurance\n", encoding="utf-8")
    d = read_dictionary(tsv)
    assert d.entries()[["term", "weight"]].values.tolist() == [["crisis", 2.0], ["calm", 1.0]]
    lex = read_dictionary("hedges")  # a shipped lexicon by name: concepts are categories
    assert lex.categories == ("hedge",)
    df = DictionaryFeatures(path="hedges", fields=("text",), normalize="count").fit(["x"])
    assert list(df.get_feature_names_out()) == ["dictionary__hedge__count", "dictionary__hedge__weighted"]
    assert df.transform(["It may perhaps rain."]).tolist() == [[2.0, 2.0]]


def test_unknown_paths_and_formats(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no dictionary file"):
        read_dictionary(tmp_path / "missing.dic")
    odd = tmp_path / "words.xlsx"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell the dictionary format"):
        read_dictionary(odd)
    with pytest.raises(DictionaryError, match="found 1 field"):  # an explicit format is honoured
        read_dictionary(odd, format="csv")


# -- matching -----------------------------------------------------------------


def test_wildcards_exact_precedence_phrases_and_offsets(liwc: Dictionary) -> None:
    text = "Hateful families hate; a hateful father loves his Family, kind of. I don't know, worst case."
    hits = find_terms(text, liwc)
    got = [(h.matched, liwc.terms[h.term].label) for h in hits]
    assert got == [
        ("Hateful", "hateful"),  # the exact entry beats the hate* wildcard
        ("families", "famil*"),
        ("hate", "hate*"),
        ("hateful", "hateful"),
        ("father", "father"),
        ("loves", "love*"),
        ("Family", "famil*"),
        ("kind of", "kind of"),
        ("don't know", "don't know"),
        ("worst case", "worst case"),
    ]
    for h in hits:
        assert text[h.start:h.end] == h.matched


def test_apostrophes_join_words_and_unicode_offsets() -> None:
    d = parse_dic("%\n1 neg\n2 x\n%\ndon\t2\nworr*\t1\n")
    text = "Don\u2019t worry \u2014 don't worr\u00efed, don."
    hits = find_terms(text, d)
    assert [(h.matched, d.terms[h.term].label) for h in hits] == [
        ("worry", "worr*"), ("worr\u00efed", "worr*"), ("don", "don")]
    for h in hits:
        assert text[h.start:h.end] == h.matched


def test_multiword_wildcard() -> None:
    d = parse_dic("%\n1 hedge\n2 kind\n%\nkind of*\t1\nkind\t2\n")
    text = "It was kind of awful, kind  ofs, and kind."
    got = [(h.matched, d.terms[h.term].label) for h in find_terms(text, d)]
    assert got == [("kind of", "kind of*"), ("kind  ofs", "kind of*"), ("kind", "kind")]


# -- the extractor ------------------------------------------------------------


def test_features_mentions_and_rates(liwc: Dictionary) -> None:
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Good mother", None],
                           "text": ["Her family is at risk. I worry, I worried.", ""]})
    df = DictionaryFeatures(path=LIWC).fit(corpus)
    feats, mentions = df.extract(corpus)
    check_offsets(corpus, mentions)
    a = feats.loc["a"]
    # 11 words: Good mother / Her family is at risk. I worry, I worried.
    assert a["dictionary__family__count"] == 2 and a["dictionary__social__count"] == 2
    assert a["dictionary__risk__count"] == 3 and a["dictionary__negemo__count"] == 2
    assert a["dictionary__risk__per_1k"] == pytest.approx(3000 / 11)
    assert a["dictionary__posemo__weighted"] == 1.0
    assert (feats.loc["b"] == 0).all() and not feats.isna().any().any()  # empty article: zeros
    worry = mentions[mentions.matched == "worry"]
    assert sorted(worry.category) == ["negemo", "risk"] and set(worry.term) == {"worr*"}
    assert worry.sentence_id.tolist() == [1, 1] and set(worry.field) == {"text"}
    assert list(mentions.columns) == ["doc_id", "field", "sentence_id", "start", "end", "matched",
                                      "category", "term", "weight"]
    pct = DictionaryFeatures(path=LIWC, normalize="percent").fit(corpus).set_output(transform="pandas")
    assert pct.transform(corpus).loc[0, "dictionary__risk__pct"] == pytest.approx(300 / 11)


def test_weighted_sum_and_no_hits() -> None:
    with pytest.warns(DictionaryWarning):
        df = DictionaryFeatures(path=DATA / "weights.csv", fields=("text",)).fit(["x"])
    X = df.set_output(transform="pandas").transform(["A crisis, a catastrophe; all under control.", "Nothing here."])
    assert X.loc[0, "dictionary__alarm__count"] == 2 and X.loc[0, "dictionary__alarm__weighted"] == 5.0
    assert X.loc[0, "dictionary__drama__weighted"] == 1.0 and X.loc[0, "dictionary__reassurance__weighted"] == 2.0
    assert (X.loc[1] == 0).all()
    _, mentions = df.extract(["Nothing here."])
    assert mentions.empty and list(mentions.columns)[-3:] == ["category", "term", "weight"]
    assert mentions.start.dtype == np.int64


def test_bad_options_and_column_clash() -> None:
    with pytest.raises(ValueError, match="normalize must be one of"):
        DictionaryFeatures(path=LIWC, normalize="share").fit(["x"])
    with pytest.raises(ValueError, match="path is required"):
        DictionaryFeatures().fit(["x"])
    clash = parse_csv("a,Pos Emo\nb,pos-emo\n")
    with pytest.raises(ValueError, match="same column name 'pos_emo'"):
        DictionaryFeatures(path=clash).fit(["x"])
    with pytest.raises(TypeError, match="path must be a file path"):
        DictionaryFeatures(path=3).fit(["x"])


def test_registry_and_sklearn_contract() -> None:
    assert get_extractor_class("dictionary") is DictionaryFeatures
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["I hate worry.", "Love my family.", "Kind of good."]})
    df = DictionaryFeatures(path=str(LIWC), fields=("text",))
    X = df.fit_transform(corpus)
    feats, _ = df.extract(corpus)
    np.testing.assert_array_equal(X, feats.to_numpy())
    cloned = clone(df)
    assert cloned.get_params() == df.get_params() and not hasattr(cloned, "matcher_")
    restored = pickle.loads(pickle.dumps(df))
    np.testing.assert_array_equal(restored.transform(corpus), X)
    out = clone(df).set_output(transform="pandas").fit(corpus).transform(corpus)
    assert list(out.columns) == list(df.get_feature_names_out()) and out.shape == (3, 15)
    pipe = Pipeline([("dict", DictionaryFeatures(path=LIWC, fields=("text",))), ("scale", StandardScaler())])
    assert pipe.fit_transform(corpus).shape == (3, 15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the clean dictionary raises no warning
        DictionaryFeatures(path=LIWC).fit(corpus)
