"""Tests of LabelDiscovery: the seed acceptance, linking, features, sklearn contract, bad input, real data."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline, make_union

from framing.corpus.scrape import parse_scraped
from framing.extract.labels import LabelDiscovery, find_labels, label_table


def check_offsets(corpus: pd.DataFrame, mentions: pd.DataFrame) -> None:
    by_id = corpus.set_index("doc_id") if "doc_id" in corpus.columns else corpus.set_axis(
        [str(i) for i in range(len(corpus))])
    for row in mentions.itertuples(index=False):
        text = by_id.loc[row.doc_id, row.field]
        assert text[row.start : row.end] == row.matched, row
        assert text[row.actor_start : row.actor_end] == row.actor_text, row
        assert row.start < row.end and row.actor_start < row.actor_end


@pytest.fixture(scope="module")
def seed_doc(seed_raw: str) -> pd.DataFrame:
    page = parse_scraped(seed_raw)
    return pd.DataFrame({"doc_id": ["seed"], "outlet": ["Reuters"], "title": [page["title"]],
                         "captions": [page["captions"]], "text": [page["text"]]})


@pytest.fixture(scope="module")
def seed_fit(seed_doc):
    est = LabelDiscovery().fit(seed_doc)
    feats, ments = est.extract(seed_doc)
    return est, feats, ments


def _rows(ments: pd.DataFrame, actor: str) -> list[tuple[str, str, str]]:
    sub = ments[ments["actor"] == actor]
    return list(zip(sub["field"], sub["descriptor"], sub["kind"]))


# -- seed acceptance ----------------------------------------------------------


def test_seed_sharaa_titles_and_labels(seed_fit):
    est, feats, ments = seed_fit
    rows = _rows(ments, "Ahmed al-Sharaa")
    assert ("captions", "interim President", "title") in rows
    assert ("text", "Syrian leader", "premodifier") in rows
    assert ("text", "rebels", "group_label") in rows
    rebels = ments[(ments["descriptor"] == "rebels")].iloc[0]
    assert rebels["actor_text"] == "Sharaa" and rebels["matched"] == "rebels"
    assert feats.loc["seed", "labels__ahmed_al_sharaa__interim_president"] == 1
    assert feats.loc["seed", "labels__ahmed_al_sharaa__syrian_leader"] == 1
    assert feats.loc["seed", "labels__ahmed_al_sharaa__rebels"] == 1


def test_seed_peskov_assad_putin(seed_fit):
    _, _, ments = seed_fit
    assert ("text", "Kremlin spokesman", "premodifier") in _rows(ments, "Dmitry Peskov")
    assad = _rows(ments, "Bashar al-Assad")
    assert ("text", "President", "title") in assad
    assert ("text", "President", "title") in _rows(ments, "Vladimir Putin")
    # nothing is attached to a place by mistake
    assert set(ments["actor"]) <= {"Ahmed al-Sharaa", "Dmitry Peskov", "Bashar al-Assad", "Vladimir Putin"}


def test_seed_sharaa_is_one_actor(seed_fit, seed_doc):
    est, _, _ = seed_fit
    actors = est.actors_.set_index("actor")
    assert {"Sharaa", "Ahmed al-Sharaa"} <= set(actors.loc["Ahmed al-Sharaa", "aliases"])
    assert actors.loc["Ahmed al-Sharaa", "n_docs"] == 1
    assert actors.loc["Ahmed al-Sharaa", "n_mentions"] == 5
    am = est.actor_mentions(seed_doc)
    sharaa = am[am["actor"] == "Ahmed al-Sharaa"]
    assert set(sharaa["field"]) == {"title", "captions", "text"}
    assert set(sharaa["matched"]) == {"Sharaa", "Ahmed al-Sharaa"}
    assert "al-Sharaa" not in set(est.actors_["actor"])


def test_seed_offsets(seed_fit, seed_doc):
    _, _, ments = seed_fit
    assert len(ments) >= 6
    check_offsets(seed_doc, ments)
    assert list(ments.columns) == ["doc_id", "field", "sentence_id", "start", "end", "matched", "actor",
                                   "descriptor", "kind", "actor_start", "actor_end", "actor_text"]


def test_seed_with_variants_across_articles(seed_doc):
    extra = pd.DataFrame({
        "doc_id": ["b", "c", "d"],
        "outlet": ["X", "Y", "Y"],
        "title": ["", "", ""],
        "captions": ["", "", ""],
        "text": [
            "Al-Sharaa, a former al Qaeda commander, met President Assad's old allies.",
            "Syria's al Sharaa spoke. Sharaa's rebels and Sharaa-led militias took Hama.",
            "The Assad regime fell. Militias loyal to Assad fled as rebels led by al-Sharaa advanced.",
        ],
    })
    corpus = pd.concat([seed_doc, extra], ignore_index=True)
    est = LabelDiscovery().fit(corpus)
    _, ments = est.extract(corpus)
    check_offsets(corpus, ments)
    actors = est.actors_.set_index("actor")
    assert {"Sharaa", "Ahmed al-Sharaa", "Al-Sharaa", "al Sharaa", "al-Sharaa"} <= set(
        actors.loc["Ahmed al-Sharaa", "aliases"])
    assert actors.loc["Ahmed al-Sharaa", "n_docs"] == 4
    assert actors.loc["Bashar al-Assad", "n_docs"] == 3
    sharaa = _rows(ments, "Ahmed al-Sharaa")
    assert ("text", "former al Qaeda commander", "appositive") in sharaa
    assert ("text", "rebels", "group_label") in sharaa
    assert ("text", "militias", "group_label") in sharaa
    assad = _rows(ments, "Bashar al-Assad")
    assert ("text", "President", "title") in assad  # "President Assad" linked to the full name
    assert ("text", "regime", "group_label") in assad
    assert ("text", "Militias", "group_label") in assad


# -- descriptors on small texts ----------------------------------------------------


@pytest.mark.parametrize(
    "text, actor, descriptor, kind",
    [
        ("Russian President Vladimir Putin spoke.", "Vladimir Putin", "Russian President", "title"),
        ("Senate Majority Leader Mitch McConnell objected.", "Mitch McConnell", "Senate Majority Leader", "title"),
        ("Secretary of State Mike Pompeo flew in.", "Mike Pompeo", "Secretary of State", "title"),
        ("Hamas leader Yahya Sinwar was killed.", "Yahya Sinwar", "Hamas leader", "premodifier"),
        ("Republican Sen. Lindsey Graham agreed.", "Lindsey Graham", "Republican Sen.", "title"),
        ("The Iran-backed Houthi rebels fired.", "Iran", "Houthi rebels", "group_label"),
        ("Syria's new leader, Ahmed al-Sharaa, spoke.", "Ahmed al-Sharaa", "new leader", "appositive"),
        ("Netanyahu, the prime minister of Israel, spoke.", "Netanyahu", "prime minister of Israel", "appositive"),
        ("Many Democrats, Pelosi's allies, voted.", "Pelosi", "allies", "group_label"),
    ],
)
def test_find_labels_patterns(text, actor, descriptor, kind):
    df = find_labels(text)
    assert (actor, descriptor, kind) in set(zip(df["actor"], df["descriptor"], df["kind"])), df
    for row in df.itertuples():
        assert text[row.start : row.end] == row.matched
        assert text[row.actor_start : row.actor_end] == row.actor_text


def test_no_false_labels_on_plain_phrases():
    text = ("In a statement, Peskov said. After the meeting, Putin left. Russia, Iran and Turkey met in "
            "northern Syria on Thursday. The Kremlin said the House Speaker would come.")
    df = find_labels(text)
    assert df.empty, df


def test_linking_not_fooled_by_common_words():
    texts = ["The White House said the House would vote.", "The white van left the House floor.",
             "North Korea and South Korea met; Korea was tense."]
    est = LabelDiscovery().fit(texts)
    aliases = {a: set(v) for a, v in zip(est.actors_["actor"], est.actors_["aliases"])}
    assert "House" not in aliases.get("White House", set())
    assert "Korea" not in aliases.get("North Korea", set())


def test_determinism_and_order_independence():
    texts = ["President Bashar al-Assad fled.", "Assad's forces fled.", "Bashar Hafez al-Assad spoke.",
             "Hafez al-Assad ruled.", "Syrian leader Ahmed al-Sharaa met Putin.", "Sharaa, a former rebel, won."]
    a = LabelDiscovery().fit(texts)
    b = LabelDiscovery().fit(texts[::-1])
    key = lambda est: sorted((r.actor, tuple(sorted(r.aliases)), r.n_docs) for r in est.actors_.itertuples())
    assert key(a) == key(b)
    assert list(a.get_feature_names_out()) == list(b.get_feature_names_out())


# -- features ---------------------------------------------------------------------


@pytest.fixture()
def small_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "outlet": ["Left", "Left", "Right", "Right"],
        "title": ["Sharaa wins", "", "", ""],
        "text": [
            "Syrian leader Ahmed al-Sharaa met rebels led by Sharaa.",
            "Syrian leader Ahmed al-Sharaa spoke. President Sharaa smiled.",
            "Sharaa, a former al Qaeda commander, spoke. Sharaa, a former al Qaeda commander, left.",
            "Jihadist leader Ahmed al-Sharaa spoke.",
        ],
    })


def test_min_count_and_max_features(small_corpus):
    all_pairs = LabelDiscovery(min_count=1).fit(small_corpus)
    names = list(all_pairs.get_feature_names_out())
    assert "labels__ahmed_al_sharaa__syrian_leader" in names
    assert "labels__ahmed_al_sharaa__jihadist_leader" in names
    twice = LabelDiscovery(min_count=2).fit(small_corpus)
    assert sorted(twice.get_feature_names_out()) == [
        "labels__ahmed_al_sharaa__former_al_qaeda_commander", "labels__ahmed_al_sharaa__syrian_leader"]
    top1 = LabelDiscovery(max_features=1).fit(small_corpus)
    assert len(top1.get_feature_names_out()) == 1
    none = LabelDiscovery(max_features=0).fit(small_corpus)
    assert none.transform(small_corpus).shape == (4, 0)
    vocab = all_pairs.vocabulary_
    assert set(vocab.columns) == {"actor", "descriptor", "kind", "count", "n_docs", "feature"}
    row = vocab[vocab["descriptor"] == "former al qaeda commander"].iloc[0]
    assert (row["count"], row["n_docs"], row["kind"]) == (2, 1, "appositive")


def test_transform_counts(small_corpus):
    est = LabelDiscovery().fit(small_corpus)
    feats, ments = est.extract(small_corpus)
    assert feats.loc["a", "labels__ahmed_al_sharaa__syrian_leader"] == 1
    assert feats.loc["c", "labels__ahmed_al_sharaa__former_al_qaeda_commander"] == 2
    assert feats.loc["c", "labels__ahmed_al_sharaa__syrian_leader"] == 0
    assert feats.loc["b", "labels__ahmed_al_sharaa__president"] == 1
    np.testing.assert_array_equal(est.transform(small_corpus), feats.to_numpy())
    check_offsets(small_corpus, ments)
    # unseen texts: known pairs counted, unknown ones only in the mentions
    new = ["Syrian leader Ahmed al-Sharaa and Kremlin spokesman Dmitry Peskov met."]
    f2, m2 = est.extract(new)
    assert f2.loc["0", "labels__ahmed_al_sharaa__syrian_leader"] == 1
    assert f2.to_numpy().sum() == 1
    assert "Kremlin spokesman" in set(m2["descriptor"])


def test_sklearn_contract(small_corpus):
    est = LabelDiscovery(min_count=1)
    c = clone(est)
    assert c.get_params() == est.get_params()
    est.fit(small_corpus)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.transform(small_corpus), est.transform(small_corpus))
    out = LabelDiscovery().set_output(transform="pandas").fit_transform(small_corpus)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(est.get_feature_names_out())
    np.testing.assert_array_equal(out.to_numpy(), est.transform(small_corpus))
    # the names found in fit serve transform and extract of the same articles, stay out of pickles,
    # and give what a fresh analysis gives
    fitted = LabelDiscovery(min_count=1).fit(small_corpus)
    assert fitted._reuse and "_reuse" not in pickle.loads(pickle.dumps(fitted)).__dict__
    fresh = pickle.loads(pickle.dumps(fitted))
    for a, b in zip(fitted.extract(small_corpus), fresh.extract(small_corpus)):
        pd.testing.assert_frame_equal(a, b)
    calls = []
    fitted._analyze_doc_fields = lambda doc, cfg, lower=None: calls.append(doc) or ([], [])
    fitted.transform(small_corpus)
    assert calls == []
    fitted.transform(["Kremlin spokesman Dmitry Peskov said."])
    assert len(calls) == 1
    pipe = Pipeline([("labels", LabelDiscovery())]).fit(small_corpus)
    assert pipe.transform(small_corpus).shape == (4, len(est.get_feature_names_out()))
    union = make_union(LabelDiscovery(fields=("text",)), LabelDiscovery(fields=("title",), max_features=1))
    assert union.fit_transform(small_corpus).shape[0] == 4


def test_fit_keeps_at_most_keep_analyses_articles(small_corpus, monkeypatch):
    from framing.extract import labels

    full = LabelDiscovery(min_count=1).fit(small_corpus)
    monkeypatch.setattr(labels, "KEEP_ANALYSES", 2)
    capped = LabelDiscovery(min_count=1).fit(small_corpus)
    assert len(capped._reuse) == 2 < len(full._reuse)
    for a, b in zip(capped.extract(small_corpus), full.extract(small_corpus)):
        pd.testing.assert_frame_equal(a, b)


def test_label_table(small_corpus):
    est = LabelDiscovery().fit(small_corpus)
    _, ments = est.extract(small_corpus)
    table = label_table(small_corpus, ments, by="outlet")
    assert list(table.columns) == ["actor", "outlet", "descriptor", "kind", "count", "n_docs", "share"]
    left = table[(table["outlet"] == "Left") & (table["descriptor"] == "syrian leader")].iloc[0]
    assert (left["count"], left["n_docs"]) == (2, 2)
    right = table[table["outlet"] == "Right"]
    assert right.set_index("descriptor").loc["former al qaeda commander", "count"] == 2
    for _, grp in table.groupby(["actor", "outlet"]):
        assert grp["share"].sum() == pytest.approx(1.0)
    cased = label_table(small_corpus, ments, fold_case=False)
    assert "Syrian leader" in set(cased["descriptor"])
    with pytest.raises(ValueError, match="no column 'leaning'"):
        label_table(small_corpus, ments, by="leaning")
    with pytest.raises(ValueError, match="not in the corpus"):
        label_table(small_corpus.iloc[:1], ments)
    empty = label_table(small_corpus, ments.iloc[:0])
    assert empty.empty and "share" in empty.columns


# -- bad input ----------------------------------------------------------------------


def test_bad_input_never_crashes():
    long_sentence = " ".join(["rebels led by Sharaa and Syrian leader Ahmed al-Sharaa met"] * 1000)
    texts = [
        "no capitalised name here at all, just words.",
        "PUTIN OFFERS SYRIA'S SHARAA SUPPORT AND COOPERATION, SAYS KREMLIN SPOKESMAN DMITRY PESKOV",
        long_sentence,
        'He said "they said \'no" and "Sharaa, a former commander, " left \'\' "" ((',
        "",
        None,
        float("nan"),
        "!!! ... ---",
    ]
    est = LabelDiscovery().fit(texts)
    feats, ments = est.extract(texts)
    assert feats.shape[0] == len(texts)
    assert feats.iloc[0].sum() == 0 and feats.iloc[4].sum() == 0 and feats.iloc[7].sum() == 0
    assert (ments["doc_id"] == "0").sum() == 0
    caps = ments[ments["doc_id"] == "1"]
    assert "KREMLIN SPOKESMAN" in set(caps["descriptor"])
    assert (ments["doc_id"] == "2").sum() >= 1000
    clean = [t if isinstance(t, str) else "" for t in texts]
    for row in ments.itertuples():
        text = clean[int(row.doc_id)]
        assert text[row.start : row.end] == row.matched
        assert text[row.actor_start : row.actor_end] == row.actor_text


def test_empty_corpus_and_no_names():
    est = LabelDiscovery().fit(["nothing here.", ""])
    assert est.get_feature_names_out().size == 0
    assert est.actors_.empty
    feats, ments = est.extract(["nothing here."])
    assert feats.shape == (1, 0) and ments.empty
    assert list(ments.columns)[-3:] == ["actor_start", "actor_end", "actor_text"]
    assert find_labels("").empty


def test_parameter_validation():
    with pytest.raises(ValueError, match="min_count"):
        LabelDiscovery(min_count=0).fit(["Putin spoke."])
    with pytest.raises(ValueError, match="max_features"):
        LabelDiscovery(max_features=-1).fit(["Putin spoke."])
    with pytest.raises(ValueError, match="backend"):
        LabelDiscovery(backend="nltk").fit(["Putin spoke."])
    with pytest.raises(TypeError, match="title_words"):
        LabelDiscovery(title_words="president").fit(["Putin spoke."])
    with pytest.raises(TypeError, match="expected a str"):
        find_labels(None)  # type: ignore[arg-type]


def test_custom_word_lists():
    text = ["Warlord Ahmed al-Sharaa spoke."]
    default = find_labels(text[0])
    assert default.empty  # "Warlord" is read as part of the name
    custom = find_labels(text[0], title_words={"warlord"})
    assert list(custom["descriptor"]) == ["Warlord"] and list(custom["kind"]) == ["title"]


def test_spacy_backend_clear_error_or_works():
    try:
        import spacy  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="backend='pattern'"):
            LabelDiscovery(backend="spacy").fit(["Putin spoke."])
    else:  # pragma: no cover - only where spaCy and a model are installed
        try:
            est = LabelDiscovery(backend="spacy").fit(["Kremlin spokesman Dmitry Peskov spoke."])
        except ImportError as exc:
            assert "backend='pattern'" in str(exc)
        else:
            assert est.transform(["Kremlin spokesman Dmitry Peskov spoke."]).shape[0] == 1


# -- the shortcuts of the analysis agree with the plain definitions -------------------------


def _tokens(rows: list[tuple[str, str, str]]) -> list:
    from framing.text.parse import Token

    toks, offset = [], 0
    for text, pos, chunk in rows:
        toks.append(Token(text, offset, offset + len(text), pos, chunk, text.lower()))
        offset += len(text) + 1
    return toks


def test_segments_found_around_a_token_are_those_of_the_whole_sentence():
    from framing.extract.labels import _segments, _Segments

    rng = np.random.default_rng(7)
    chunks = ["B-NP", "I-NP", "I-NP", "O", "B-VP", "I-VP", "B-PP"]
    words = [("Assad", "NNP"), ("and", "CC"), (",", ","), ("rebels", "NNS"), ("the", "DT"), ("or", "CC")]
    for _ in range(3000):
        n = int(rng.integers(0, 12))
        rows = [(*words[int(rng.integers(len(words)))], chunks[int(rng.integers(len(chunks)))]) for _ in range(n)]
        toks = _tokens(rows)
        whole = _segments(toks)
        segs = _Segments([t.chunk for t in toks], [t.pos for t in toks], [t.text for t in toks])
        members = {k: (i, j) for i, j in whole for k in range(i, j)}
        starts = dict(whole)
        ends = {j: i for i, j in whole}
        for k in range(n):
            assert segs.inside(k) == (k in members), rows
            if k in members:
                assert (segs.start(k), segs.end(k)) == members[k], rows
            assert segs.starting_at(k) == starts.get(k), rows
        for e in range(n + 2):
            assert segs.ending_at(e) == ends.get(e), rows


def test_title_of_rule_reads_the_phrase_before_even_without_a_proper_noun():
    # "the other Director of National Intelligence Dan Coats", "Director" tagged as a common noun
    # (as a tagger may do): the phrase before "of" holds no proper noun, yet "other" is still dropped
    # and "Director" still makes the descriptor a title
    from framing.extract.labels import _analyze_sentence

    toks = _tokens([("the", "DT", "B-NP"), ("other", "JJ", "I-NP"), ("Director", "NN", "I-NP"), ("of", "IN", "B-PP"),
                    ("National", "NNP", "B-NP"), ("Intelligence", "NNP", "I-NP"), ("Dan", "NNP", "I-NP"),
                    ("Coats", "NNP", "I-NP"), ("spoke", "VBD", "B-VP"), (".", ".", "O")])
    names, labels = _analyze_sentence(toks, "text", 0, LabelDiscovery()._config())
    # names are (field, sentence_id, start, end, text, key); labels (name, start, end, descriptor, kind)
    assert names[0][4] == "Dan Coats"
    assert [(name[4], descriptor, kind, start) for name, start, _, descriptor, kind in labels] == [
        ("Dan Coats", "Director of National Intelligence", "title", toks[2].start)]


def test_linker_maximal_keys_weights_and_actors_match_their_definition():
    # maximal keys and their weights, found by looking up each key's possible parts, against
    # every pair of keys ending alike compared (names of more than 12 words included); the actors of
    # all keys from the parts found in the build, against each key compared with the keys ending alike
    import random
    from collections import Counter, defaultdict

    from framing.extract.labels import _canonical_key, _Linker, _part_of, _PartIndex

    rng = random.Random(3)
    vocab = ["ahmed", "sharaa", "al", "white", "house", "north", "korea", "john", "mccain", "bill", "x"]
    seen = Counter()
    for _ in range(400):
        n = rng.choice([1, 1, 2, 2, 3, 4, 14])
        seen[tuple(rng.choice(vocab) for _ in range(n - 1)) + (rng.choice(["sharaa", "house", "korea", "x"]),)] += \
            rng.randint(1, 4)
    common = frozenset({"white", "north", "x"})
    linker, parts = _Linker.build(seen, 2, frozenset(), common)
    keys = sorted(seen, key=lambda k: (-len(k), k))
    by_last = defaultdict(list)
    for k in keys:
        by_last[k[-1]].append(k)

    def maximal(pool, within):
        out = defaultdict(list)
        for k in pool:
            if not any(_part_of(k, b, common) for b in by_last[k[-1]]
                       if (within is None or b in within) and len(b) > len(k)):
                out[k[-1]].append(k)
        return {w: tuple(ks) for w, ks in out.items()}

    reliable = frozenset(k for k in keys if seen[k] >= 2)
    assert linker.maximal_reliable_by_last == maximal([k for k in keys if k in reliable], reliable)
    assert linker.maximal_all_by_last == maximal(keys, None)
    for m, w in linker.weight.items():
        assert w == sum(seen[b] for b in by_last[m[-1]] if b == m or _part_of(b, m, common))
    assert any(len(k) > 12 for k in keys) and len(linker.weight) > 10
    # the parts found in the build are exactly the shorter keys each key is made of
    for b in keys:
        assert sorted(parts[b]) == sorted(a for a in keys if _part_of(a, b, common))
    # the actors of all keys at once equal those found key by key
    index = _PartIndex.of(linker, parts)
    canon = {k: _canonical_key(k, linker, index) for k in keys}
    assert canon == {k: _canonical_key(k, linker) for k in keys}
    assert sum(canon[k] != k for k in keys) > 20


def test_lower_case_word_scan_matches_its_definition():
    import re

    from framing.extract.labels import _LOWER_WORD_RE

    # a word written in lower case: not after a letter, digit, apostrophe, period or hyphen
    reference = re.compile(r"(?<![\w'’.-])[a-z][a-z'’.-]*[a-z]\b|(?<![\w'’.-])[a-z]\b")
    rng = np.random.default_rng(3)
    alphabet = list("aZb'’.-_1 é,\n")
    samples = ["", "a", "a b", "x.a", "Ab a-b 'c d' don't U.S. e.g. a1 b_ c", "aé é a", "-a .a 'a ’a"]
    samples += ["".join(rng.choice(alphabet, size=int(rng.integers(0, 14)))) for _ in range(20000)]
    for text in samples:
        assert set(_LOWER_WORD_RE.findall(" " + text)) == set(reference.findall(text)), repr(text)


# -- real data --------------------------------------------------------------------------


@pytest.mark.data
@pytest.mark.parametrize("name", ["basil", "pac", "allsides_abp", "babe", "narrative_frames"])
def test_real_datasets_sample(data_dir, name):
    from framing.datasets import load_dataset

    corpus = load_dataset(name, data_dir=data_dir, limit=40)
    assert len(corpus) > 0
    est = LabelDiscovery().fit(corpus)
    feats, ments = est.extract(corpus)
    assert feats.shape[0] == len(corpus)
    assert not est.actors_.empty
    check_offsets(corpus, ments)
    assert set(ments["kind"]) <= {"title", "premodifier", "appositive", "group_label"}
    # every feature count is the number of its (actor, descriptor) mentions
    vocab = est.vocabulary_[est.vocabulary_["feature"] != ""]
    column = {(a, d): f for a, d, f in zip(vocab["actor"], vocab["descriptor"], vocab["feature"])}
    expected = pd.DataFrame(0.0, index=feats.index, columns=feats.columns)
    for row in ments.itertuples():
        f = column.get((row.actor, row.descriptor.lower()))
        if f is not None:
            expected.loc[row.doc_id, f] += 1
    pd.testing.assert_frame_equal(feats, expected)
    check_tables_against_mentions(est, corpus, ments)


def check_tables_against_mentions(est: LabelDiscovery, corpus: pd.DataFrame, ments: pd.DataFrame) -> None:
    """The actor and vocabulary tables of a fit, counted again from the mentions of the same corpus."""
    names = est.actor_mentions(corpus)
    by_actor = names.groupby("actor")
    actors = pd.DataFrame({"n_docs": by_actor["doc_id"].nunique(), "n_mentions": by_actor.size()})
    actors["n_labels"] = ments.groupby("actor").size().reindex(actors.index, fill_value=0)
    actors = actors.reset_index().sort_values(["n_docs", "n_mentions", "actor"], ascending=[False, False, True])
    got = est.actors_[["actor", "n_docs", "n_mentions", "n_labels"]]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), actors.reset_index(drop=True), check_dtype=False)
    # every actor's aliases: the ways its names were written (words joined by one space, straight
    # quotes and hyphens), most frequent first, ties alphabetical
    plain = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-"})
    forms = names.assign(form=[" ".join(m.split()).translate(plain) for m in names["matched"]])
    counted = forms.groupby(["actor", "form"]).size().rename("n").reset_index()
    counted = counted.sort_values(["actor", "n", "form"], ascending=[True, False, True])
    aliases = {a: g["form"].tolist() for a, g in counted.groupby("actor")}
    assert dict(zip(est.actors_["actor"], est.actors_["aliases"])) == aliases
    pairs = ments.assign(descriptor=ments["descriptor"].str.lower())
    rows = []
    for (actor, descriptor), g in pairs.groupby(["actor", "descriptor"]):
        kinds = g["kind"].value_counts()
        kind = sorted(kinds[kinds == kinds.max()].index)[0]  # most frequent, ties alphabetical
        rows.append((actor, descriptor, kind, len(g), g["doc_id"].nunique()))
    vocab = pd.DataFrame(rows, columns=["actor", "descriptor", "kind", "count", "n_docs"])
    vocab = vocab.sort_values(["count", "actor", "descriptor"], ascending=[False, True, True])
    got = est.vocabulary_[["actor", "descriptor", "kind", "count", "n_docs"]]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), vocab.reset_index(drop=True), check_dtype=False)
    # the features are the first pairs of the vocabulary
    n_features = min(len(vocab), est.max_features)
    assert (est.vocabulary_["feature"] != "").tolist() == [True] * n_features + [False] * (len(vocab) - n_features)


@pytest.mark.data
def test_basil_outlets_name_trump_differently(data_dir):
    from framing.datasets import load_dataset

    corpus = load_dataset("basil", data_dir=data_dir)
    corpus = corpus[corpus["text"].str.contains("Trump", na=False)].head(60)
    est = LabelDiscovery().fit(corpus)
    _, ments = est.extract(corpus)
    table = label_table(corpus, ments, by="outlet")
    trump = table[table["actor"].str.contains("Trump")]
    assert set(trump["outlet"]) >= {"Fox News", "New York Times", "HuffPost"}
    titles = trump[trump["kind"] == "title"]
    assert "president" in set(titles["descriptor"])
    # the New York Times style: "Mr. Trump"
    nyt = titles[titles["outlet"] == "New York Times"]
    assert "mr." in set(nyt["descriptor"])


@pytest.mark.data
def test_estimators_with_other_word_lists_do_not_mix(data_dir):
    # word properties and links are remembered between calls: an estimator with other word lists
    # fitted in between must not change what another one finds, nor the order of its rows
    from framing.datasets import load_dataset
    from framing.extract import labels
    from framing.text.parse import clear_cache

    corpus = load_dataset("basil", data_dir=data_dir, limit=40)

    def run(est: LabelDiscovery) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        feats, ments = est.fit(corpus).extract(corpus)
        return feats, ments, est.actors_

    def forget() -> None:
        clear_cache()
        for fn in (labels._analyze_text, labels._word_flags, labels._part_of_checked, labels._link_keys):
            fn.cache_clear()
        labels._NAME_FORMS.clear()

    other = dict(title_words={"president", "senator", "warlord"}, not_names={"monday"}, max_descriptor_words=3)
    forget()
    alone = run(LabelDiscovery())
    forget()
    alone_other = run(LabelDiscovery(**other))
    mixed_other = run(LabelDiscovery(**other))
    mixed = run(LabelDiscovery())
    for a, b in zip(alone, mixed):
        pd.testing.assert_frame_equal(a, b)
    for a, b in zip(alone_other, mixed_other):
        pd.testing.assert_frame_equal(a, b)
    assert not alone[1].equals(alone_other[1])  # the word lists do matter
    check_offsets(corpus, mixed[1])
