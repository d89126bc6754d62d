"""All cores: process-based extraction equals the single-process result."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.base import clone

from framing.compare.terms import fighting_words
from framing.extract.sourcing import SourcingFeatures
from framing.extract.wording import WordingFeatures
from framing.parallel import (extract_together, fit_extract_together, parallel_extract, parallel_transform,
                              split_corpus)
from framing.stream import read_parts, stream_counts, stream_extract

TEXTS = [
    '"We will not leave," rebel commander Abu Ahmed said. The regime claimed victory in {i}.',
    "Opposition fighters and government forces clashed near {i}, officials said, according to witnesses.",
    "Insurgents reportedly seized {i}. Assad's forces allegedly retreated, a source who declined to be named said.",
    "",
]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    rows = [{"doc_id": f"d{i}", "outlet": "LRC"[i % 3], "title": f"Clashes in town {i}",
             "text": TEXTS[i % 4].format(i=f"Town{i}")} for i in range(37)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("make", [lambda: WordingFeatures(lexicons=("syria-transition", "report-verbs")),
                                  lambda: SourcingFeatures()])
def test_extract_n_jobs_equals_one_process(corpus, make):
    ex = make().fit(corpus)
    f1, m1 = ex.extract(corpus)
    f2, m2 = ex.extract(corpus, n_jobs=2)
    pd.testing.assert_frame_equal(f1, f2)
    pd.testing.assert_frame_equal(m1, m2)
    assert len(m1) > 20
    # plain texts: positions are the ids, shifted back to the whole input
    texts = corpus["text"].tolist()
    a, b = ex.extract(texts), parallel_extract(ex, texts, n_jobs=2, pieces_per_job=3)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert b[0].index[-1] == str(len(texts) - 1)


def test_parallel_transform_and_pieces(corpus):
    wf = WordingFeatures().fit(corpus)
    assert (parallel_transform(wf, corpus, n_jobs=2) == wf.transform(corpus)).all()
    pieces = split_corpus(corpus, 4)
    assert [o for o, _ in pieces] == [0, 10, 20, 30]
    assert pd.concat([p for _, p in pieces]).equals(corpus)
    # clones and unfitted extractors
    with pytest.raises(Exception, match="not fitted"):
        parallel_extract(clone(wf), corpus, n_jobs=2)
    with pytest.raises(ValueError, match="n_jobs must be a positive integer or -1"):
        wf.extract(corpus, n_jobs=0)


def test_extract_together_equals_one_extract_per_extractor(corpus):
    from framing.extract.agency import AgencyFeatures
    from framing.extract.labels import LabelDiscovery

    exs = [LabelDiscovery(min_count=1).fit(corpus), SourcingFeatures().fit(corpus), AgencyFeatures().fit(corpus),
           WordingFeatures().fit(corpus)]
    texts = corpus["text"].tolist()
    for X, batch in ((corpus, 5), (corpus, 1000), (texts, 4), (corpus.head(0), 3)):
        together = extract_together(exs, X, batch_size=batch)
        assert len(together) == len(exs)
        for ex, (f, m) in zip(exs, together):
            f1, m1 = ex.extract(X)
            pd.testing.assert_frame_equal(f, f1)
            pd.testing.assert_frame_equal(m, m1)
    assert sum(len(m) for _, m in extract_together(exs, corpus, batch_size=5)) > 50
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        extract_together(exs, corpus, batch_size=0)
    with pytest.raises(Exception, match="not fitted"):
        extract_together([clone(exs[1])], corpus)


def test_fit_extract_together_equals_fit_then_extract_per_extractor(corpus):
    from framing.extract.agency import AgencyFeatures
    from framing.extract.labels import LabelDiscovery

    def make():
        return [LabelDiscovery(min_count=1), SourcingFeatures(), AgencyFeatures(), WordingFeatures(),
                LabelDiscovery(fields=("title",), min_count=1)]

    texts = corpus["text"].tolist()
    for X, batch in ((corpus, 5), (corpus, 1000), (texts, 4), (corpus.head(0), 3)):
        exs, seconds = make(), []
        together = fit_extract_together(exs, X, batch_size=batch, seconds=seconds)
        assert len(together) == len(exs) == len(seconds) and all(t >= 0 for t in seconds)
        for ex, plain, (f, m) in zip(exs, make(), together):
            f1, m1 = plain.fit(X).extract(X)
            pd.testing.assert_frame_equal(f, f1)
            pd.testing.assert_frame_equal(m, m1)
            assert ex.feature_names_ == plain.feature_names_
            if isinstance(ex, LabelDiscovery):
                pd.testing.assert_frame_equal(ex.actors_, plain.actors_)
                pd.testing.assert_frame_equal(ex.vocabulary_, plain.vocabulary_)
    calls = []
    assert sum(len(m) for _, m in fit_extract_together(make(), corpus, batch_size=10,
                                                      progress=lambda done, total: calls.append((done, total)))) > 50
    assert calls == [(10, 37), (20, 37), (30, 37), (37, 37)]
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        fit_extract_together(make(), corpus, batch_size=0)
    with pytest.raises(ValueError, match="fields"):
        fit_extract_together([LabelDiscovery(fields=("body",))], corpus)


def test_stream_extract_n_jobs_equals_one_process(corpus, tmp_path):
    extractors = [WordingFeatures(lexicons=("syria-transition",)).fit(corpus), SourcingFeatures().fit(corpus)]
    one = stream_extract(corpus, extractors, tmp_path / "one", chunk_size=6, clean=False)
    two = stream_extract(corpus, extractors, tmp_path / "two", chunk_size=6, n_jobs=2, clean=False)
    assert (one.n_parts, one.n_docs, one.n_mentions) == (two.n_parts, two.n_docs, two.n_mentions) == (7, 28, one.n_mentions)
    assert one.n_rejects == 9  # the empty texts
    for kind in ("features", "mentions", "rejects"):
        pd.testing.assert_frame_equal(read_parts(tmp_path / "one", kind), read_parts(tmp_path / "two", kind))
    kept = corpus[corpus["text"] != ""]
    expected = pd.concat([ex.extract(kept)[0] for ex in extractors], axis=1)
    got = read_parts(tmp_path / "two").set_index("doc_id").drop(columns="outlet")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_index_type=False)


def test_stream_counts_n_jobs_equals_one_process(corpus):
    one = stream_counts(corpus, ngram_range=(1, 2), chunk_size=5, clean=False)
    two = stream_counts(corpus, ngram_range=(1, 2), chunk_size=5, n_jobs=2, clean=False)
    assert one.terms.tolist() == two.terms.tolist() and (one.counts != two.counts).nnz == 0
    pd.testing.assert_frame_equal(fighting_words(counts=one), fighting_words(counts=two))
