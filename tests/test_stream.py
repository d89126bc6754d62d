"""Streaming: chunked reading equals the in-memory reader; resumable Parquet parts; exact streamed counts."""

from __future__ import annotations

import csv
import gzip
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing import stream as stream_mod
from framing.compare.labels import label_choice
from framing.compare.terms import fighting_words, group_term_counts
from framing.corpus.read import read_corpus_with_rejects
from framing.extract.tone import ToneFeatures
from framing.extract.wording import WordingFeatures
from framing.stream import (
    StreamError,
    iter_chunks,
    iter_parts,
    mention_counts,
    read_parts,
    stream_counts,
    stream_extract,
    stream_ingest,
)

TEXTS = [
    "Rebels took the town of {i}. The regime said the opposition fighters had fled.",
    "Government forces shelled {i}, officials claimed. Insurgents denied it.",
    "The Assad regime and the rebels agreed to talks in {i}, a spokesman said.",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small corpora in every streamed format, with bad records and repeated ids."""
    root = tmp_path_factory.mktemp("stream")
    lines = []
    for i in range(25):
        lines.append(json.dumps({"id": f"d{i % 20}", "outlet": "AB"[i % 2], "title": f"Title {i}",
                                 "text": TEXTS[i % 3].format(i=i), "date": f"2024-01-0{1 + i % 9}", "extra": i}))
    lines.insert(3, "")
    lines.insert(5, "{broken")
    lines.insert(8, "[1, 2]")
    lines.insert(10, json.dumps({"id": "e", "text": "   "}))
    lines.insert(12, json.dumps({"id": "n", "text": None}))
    (root / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with gzip.open(root / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(root / "c.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "outlet", "text", "n"])
        for i in range(15):
            w.writerow([f"r{i}", "XY"[i % 2], f"Line {i}\nwith a break, and a comma", i if i % 3 else ""])
        fh.write("bad,row\n")
        w.writerow(["r99", "X", "", 1])
    pd.DataFrame({"doc_id": [f"p{i}" for i in range(12)],
                  "text": [f"Parquet text {i}." if i != 4 else None for i in range(12)],
                  "outlet": "P"}).to_parquet(root / "c.parquet")
    for i in range(7):
        folder = root / "pages" / f"Out{'AB'[i % 2]}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i}.txt").write_text(f"Headline {i}\n\nBody of story {i} about the rebels.\n", encoding="utf-8")
    (root / "pages" / "OutA" / "empty.txt").write_text("", encoding="utf-8")
    return {"jsonl": root / "c.jsonl", "gz": root / "c.jsonl.gz", "csv": root / "c.csv",
            "parquet": root / "c.parquet", "folder": root / "pages", "root": root}


def _same_table(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal columns and values; dtypes of extra columns may differ (types are inferred per chunk)."""
    assert got.columns.tolist() == expected.columns.tolist()
    assert len(got) == len(expected)
    for col in got.columns:
        a = got[col].astype(object).where(got[col].notna(), None).tolist()
        b = expected[col].astype(object).where(expected[col].notna(), None).tolist()
        a = [x.tolist() if hasattr(x, "tolist") else x for x in a]
        b = [x.tolist() if hasattr(x, "tolist") else x for x in b]
        if a != b:
            numeric = [(x, y) for x, y in zip(a, b) if x != y]
            assert all(isinstance(x, (int, float)) and isinstance(y, (int, float)) and float(x) == float(y)
                       for x, y in numeric), f"column {col!r} differs: {numeric[:3]}"


def _chunked(source, chunk_size, **kw):
    chunks = list(iter_chunks(source, chunk_size=chunk_size, **kw))
    # empty chunks (only rejects) hold typeless columns: leave them out as the in-memory reader does
    corpus = pd.concat([c.corpus for c in chunks if len(c.corpus)] or [chunks[0].corpus], ignore_index=True)
    rejects = pd.concat([c.rejects for c in chunks if len(c.rejects)] or [chunks[0].rejects], ignore_index=True)
    return chunks, corpus, rejects


@pytest.mark.parametrize("kind", ["jsonl", "gz", "csv", "parquet", "folder"])
@pytest.mark.parametrize("chunk_size", [1, 4, 1000])
def test_chunks_equal_in_memory_reader(files, kind, chunk_size):
    expected, expected_rejects = read_corpus_with_rejects(files[kind])
    chunks, corpus, rejects = _chunked(files[kind], chunk_size)
    _same_table(corpus, expected)
    _same_table(rejects, pd.DataFrame(expected_rejects))
    # every chunk but the last covers exactly chunk_size input documents
    assert all(c.n_input == chunk_size for c in chunks[:-1])
    assert sum(c.n_input for c in chunks) == len(expected) + len(expected_rejects)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_chunks_of_a_list_with_repeated_ids_and_limit(files):
    sources = [files["jsonl"], files["csv"], files["parquet"], files["gz"]]
    expected, expected_rejects = read_corpus_with_rejects(sources)
    _, corpus, rejects = _chunked(sources, 6)
    _same_table(corpus, expected)
    assert len(rejects) == len(expected_rejects)
    # the gz file repeats every id of the jsonl file: renamed across chunks like in memory
    assert corpus["doc_id"].is_unique
    assert "d0#3" in set(corpus["doc_id"]) and "duplicate_id" in corpus.set_index("doc_id").loc["d0#3", "read_flags"]
    limited, _ = read_corpus_with_rejects(sources, limit=33)
    _, corpus33, rej33 = _chunked(sources, 5, limit=33)
    _same_table(corpus33, limited)
    assert len(corpus33) + len(rej33) == 33


def test_dataframe_source_and_options():
    frame = pd.DataFrame({"story": ["One.", None, "Two.", "Three."], "paper": ["A", "B", "A", "B"]})
    expected, _ = read_corpus_with_rejects(frame, text_col="story", outlet_col="paper", clean=False)
    _, corpus, rejects = _chunked(frame, 2, text_col="story", outlet_col="paper", clean=False)
    _same_table(corpus, expected)
    assert rejects["reason"].tolist() == ["text is missing (null)"]
    with pytest.raises(TypeError, match="unknown reading option"):
        list(iter_chunks(frame, chunk_size=2, txt_col="story"))
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        list(iter_chunks(frame, chunk_size=0))


def test_undecodable_line_is_flagged_alone(tmp_path):
    good = json.dumps({"id": "a", "text": "Fine text."}).encode()
    bad = b'{"id": "b", "text": "Caf\xe9 text."}'
    (tmp_path / "m.jsonl").write_bytes(good + b"\n" + bad + b"\n")
    _, corpus, _ = _chunked(tmp_path / "m.jsonl", 10)
    flags = dict(zip(corpus["doc_id"], corpus["read_flags"]))
    assert flags["a"] == [] and flags["b"] == ["bad_encoding"]
    assert corpus.set_index("doc_id").loc["b", "text"] == "Café text."


def _in_memory(source, extractors, meta=("outlet",)):
    corpus, rejects = read_corpus_with_rejects(source)
    feats, ments = [], []
    for ex in extractors:
        f, m = ex.fit(corpus).extract(corpus)
        feats.append(f)
        m = m.copy()
        m.insert(0, "extractor", ex.prefix)
        ments.append(m)
    features = pd.concat(feats, axis=1).reset_index()
    for pos, c in enumerate(meta):
        features.insert(1 + pos, c, corpus[c].to_numpy())
    mentions = pd.concat(ments, ignore_index=True)
    return corpus, rejects, features, mentions


def test_stream_extract_equals_in_memory(files, tmp_path):
    extractors = [WordingFeatures(lexicons=("syria-transition", "report-verbs")), ToneFeatures()]
    corpus, rejects, features, mentions = _in_memory(files["gz"], extractors)
    result = stream_extract(files["gz"], extractors, tmp_path / "out", chunk_size=4)
    assert (result.n_docs, result.n_rejects, result.n_input) == (len(corpus), len(rejects), len(corpus) + len(rejects))
    assert result.n_parts == -(-result.n_input // 4) and result.n_mentions == len(mentions)
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out", "features"), features, check_dtype=False)
    # mentions come part by part (each part: extractor by extractor); sorted by extractor they match
    streamed = read_parts(tmp_path / "out", "mentions")
    order = {"wording": 0, "tone": 1}
    streamed = streamed.iloc[np.argsort(streamed["extractor"].map(order).to_numpy(), kind="stable")]
    pd.testing.assert_frame_equal(streamed.reset_index(drop=True), mentions, check_dtype=False)
    assert read_parts(tmp_path / "out", "rejects")["reason"].tolist() == rejects["reason"].tolist()
    # pandas reads the folder of parts as one table too
    assert len(pd.read_parquet(tmp_path / "out" / "features")) == len(corpus)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] and [p["part"] for p in manifest["parts"]] == list(range(result.n_parts))
    assert sum(p["n_docs"] for p in manifest["parts"]) == len(corpus)
    assert not (tmp_path / "out" / ".tmp").exists()


def test_interrupted_run_leaves_whole_parts_and_resumes(files, tmp_path):
    wf = WordingFeatures(lexicons=("syria-transition",)).fit(["x"])
    out = tmp_path / "out"
    full = stream_extract(files["jsonl"], [wf], tmp_path / "full", chunk_size=3)

    def stop_after_two(progress):
        if progress.n_parts == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stream_extract(files["jsonl"], [wf], out, chunk_size=3, progress=stop_after_two)
    assert sorted(p.name for p in (out / "features").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert not (out / ".tmp").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["parts"]) == 2 and not manifest["complete"]

    # an interruption while a part is being written leaves nothing of that part
    real = stream_mod._write_parquet
    calls = {"n": 0}

    def fail_third(frame, path):
        calls["n"] += 1
        if calls["n"] == 5:  # part 2 written whole (three files), then inside part 3
            raise KeyboardInterrupt
        real(frame, path)

    stream_mod._write_parquet = fail_third
    try:
        with pytest.raises(KeyboardInterrupt):
            stream_extract(files["jsonl"], [wf], out, chunk_size=3)
    finally:
        stream_mod._write_parquet = real
    for kind in ("features", "mentions", "rejects"):
        names = sorted(p.name for p in (out / kind).iterdir())
        assert names == [f"part-{i:05d}.parquet" for i in range(len(names))]
    finished = len(json.loads((out / "manifest.json").read_text())["parts"])
    assert finished == 3  # two resumed, one new, then the interruption
    assert not (out / ".tmp").exists()

    result = stream_extract(files["jsonl"], [wf], out, chunk_size=3)
    assert result.n_resumed_parts == 3 and result.n_parts == full.n_parts
    for kind in ("features", "mentions", "rejects"):
        pd.testing.assert_frame_equal(read_parts(out, kind), read_parts(tmp_path / "full", kind))
    # a finished run is not redone
    again = stream_extract(files["jsonl"], [wf], out, chunk_size=3)
    assert again.n_resumed_parts == full.n_parts and again.n_docs == full.n_docs


def test_resume_checks_the_fingerprint(files, tmp_path):
    wf = WordingFeatures(lexicons=("syria-transition",)).fit(["x"])
    out = tmp_path / "out"
    stream_extract(files["jsonl"], [wf], out, chunk_size=3)
    with pytest.raises(StreamError, match="another input or other settings"):
        stream_extract(files["jsonl"], [wf], out, chunk_size=5)
    with pytest.raises(StreamError, match="another input or other settings"):
        stream_extract(files["csv"], [wf], out, chunk_size=3)
    result = stream_extract(files["csv"], [wf], out, chunk_size=5, resume=False)
    assert result.n_resumed_parts == 0 and len(list((out / "features").iterdir())) == result.n_parts
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(StreamError, match="not empty"):
        stream_extract(files["csv"], [wf], tmp_path / "other")
    with pytest.raises(ValueError, match="nothing to write"):
        stream_extract(files["csv"], [], tmp_path / "none")


def test_unfitted_extractor_is_fitted_on_the_first_chunk(files, tmp_path):
    wf = WordingFeatures(lexicons=("syria-transition",))
    stream_extract(files["csv"], wf, tmp_path / "out", chunk_size=4)
    assert hasattr(wf, "feature_names_")
    cols = read_parts(tmp_path / "out").columns.tolist()
    assert cols[:2] == ["doc_id", "outlet"] and cols[2:] == wf.feature_names_


def test_stream_ingest_writes_corpus_parts(files, tmp_path):
    expected, _ = read_corpus_with_rejects(files["csv"])
    result = stream_ingest(files["csv"], tmp_path / "out", chunk_size=4)
    got = read_parts(tmp_path / "out", "corpus")
    assert result.n_docs == len(expected)
    assert got["doc_id"].tolist() == expected["doc_id"].tolist()
    assert got["text"].tolist() == expected["text"].tolist()
    assert [list(f) for f in got["read_flags"]] == expected["read_flags"].tolist()
    assert len(list(iter_parts(tmp_path / "out", "corpus"))) == result.n_parts
    with pytest.raises(FileNotFoundError, match="no mentions parts|wrote no mentions"):
        list(iter_parts(tmp_path / "out", "mentions"))


def _articles(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    words = ["rebels", "regime", "opposition", "fighters", "forces", "government", "took", "the", "city",
             "Assad", "insurgents", "said", "claimed", "talks", "Aleppo"]
    rows = []
    for i in range(n):
        text = " ".join(rng.choice(words, size=rng.integers(5, 30))) + "."
        rows.append({"id": f"a{i}", "outlet": ["Left", "Right", "Centre"][i % 3] if i != 7 else None,
                     "title": " ".join(rng.choice(words, size=4)), "text": text})
    return pd.DataFrame(rows)


def test_stream_counts_equal_in_memory_counts_and_fighting_words():
    frame = _articles()
    corpus, _ = read_corpus_with_rejects(frame, clean=False)
    work = corpus[corpus["outlet"].notna()]
    texts = (work["title"].fillna("") + "\n" + work["text"].fillna("")).tolist()
    groups = work["outlet"].astype(str).tolist()
    expected = group_term_counts(texts, groups, ngram_range=(1, 2))
    got = stream_counts(frame, ngram_range=(1, 2), chunk_size=7, clean=False)
    assert got.groups.tolist() == expected.groups.tolist()
    assert got.terms.tolist() == expected.terms.tolist()
    assert (got.counts != expected.counts).nnz == 0
    assert got.n_docs.tolist() == expected.n_docs.tolist() == [13, 14, 12]
    assert got.n_terms_before_filter == expected.n_terms_before_filter
    pd.testing.assert_frame_equal(fighting_words(counts=got), fighting_words(counts=expected))
    # min_count applies to corpus-wide totals, after merging
    fw_stream = fighting_words(counts=stream_counts(frame, ngram_range=(1, 2), min_count=3, chunk_size=5, clean=False))
    fw_memory = fighting_words(texts, groups, ngram_range=(1, 2), min_count=3)
    pd.testing.assert_frame_equal(fw_stream, fw_memory)
    assert fw_stream.attrs["n_terms"] == fw_memory.attrs["n_terms"]
    with pytest.raises(ValueError, match="no column 'leaning'"):
        stream_counts(frame, by="leaning", clean=False)


def test_label_choice_from_streamed_mention_counts(tmp_path):
    frame = _articles(60)
    frame["outlet"] = frame["outlet"].fillna("Left")
    wf = WordingFeatures(lexicons=("syria-transition",)).fit(["x"])
    corpus, _ = read_corpus_with_rejects(frame, clean=False)
    _, mentions = wf.extract(corpus)
    m = mentions.assign(concept=mentions["lexicon"] + ":" + mentions["concept"])
    expected = label_choice(m, corpus, n_boot=200, n_permutations=200)
    stream_extract(frame, wf, tmp_path / "out", chunk_size=9, clean=False)
    counts = mention_counts(tmp_path / "out")
    assert counts.counts["n"].sum() == len(mentions)
    got = counts.label_choice(n_boot=200, n_permutations=200)
    pd.testing.assert_frame_equal(got.shares, expected.shares)
    pd.testing.assert_frame_equal(got.tests, expected.tests)
    with pytest.raises(ValueError, match="meta_columns"):
        mention_counts(tmp_path / "out", by="leaning")


def test_cli_streams_into_a_folder(files, tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "feats"
    assert main(["extract", str(files["jsonl"]), "--lexicon", "syria-transition", "--out", str(out),
                 "--chunk-size", "4"]) == 0
    printed = capsys.readouterr().out
    assert "read 29, kept 25, rejected 4" in printed and "articles/s" in printed and "peak memory" in printed
    assert len(read_parts(out)) == 25
    assert main(["extract", str(files["jsonl"]), "--lexicon", "syria-transition", "--out", str(out),
                 "--chunk-size", "4"]) == 0
    assert "8 resumed" in capsys.readouterr().out
    assert main(["extract", str(files["jsonl"]), "--lexicon", "syria-transition", "--out", str(out),
                 "--chunk-size", "5"]) == 2
    assert "--restart" in capsys.readouterr().err
    assert main(["ingest", str(files["csv"]), "--out", str(tmp_path / "corpus") + os.sep,
                 "--rejects", str(tmp_path / "rejects.csv")]) == 0
    assert len(read_parts(tmp_path / "corpus", "corpus")) == 15
    assert len(pd.read_csv(tmp_path / "rejects.csv")) == 2


@pytest.mark.data
def test_allsides_sample_streams_like_in_memory(data_dir, tmp_path):
    source = data_dir / "allsides_abp" / "articles.jsonl.gz"
    expected, _ = read_corpus_with_rejects(source, limit=150)
    _, corpus, _ = _chunked(source, 40, limit=150)
    expected.attrs = {}
    pd.testing.assert_frame_equal(corpus, expected)
    wf = WordingFeatures(lexicons=("report-verbs", "hedges")).fit(["x"])
    f, m = wf.extract(expected)
    stream_extract(source, wf, tmp_path / "out", chunk_size=50, limit=150)
    got = read_parts(tmp_path / "out")
    np.testing.assert_array_equal(got[wf.feature_names_].to_numpy(), f.to_numpy())
    assert read_parts(tmp_path / "out", "mentions")["matched"].tolist() == m["matched"].tolist()


def _same_counts(got, expected, n_before: int) -> None:
    """Equal groups, terms (same order), counts (same CSR layout and dtypes), article counts."""
    assert got.groups.tolist() == expected.groups.tolist()
    assert got.terms.tolist() == expected.terms.tolist()
    assert got.counts.shape == expected.counts.shape
    assert got.counts.dtype == expected.counts.dtype == np.int64
    np.testing.assert_array_equal(got.counts.indptr, expected.counts.indptr)
    np.testing.assert_array_equal(got.counts.indices, expected.counts.indices)
    np.testing.assert_array_equal(got.counts.data, expected.counts.data)
    assert got.n_docs.tolist() == expected.n_docs.tolist()
    assert got.n_terms_before_filter == n_before
    assert got.n_terms_before_filter_exact


def _merge_corpus() -> pd.DataFrame:
    """Terms that reach min_count only across chunks, count ties, non-ASCII and case-sensitive terms,
    and groups first seen in an order unlike their sorted order."""
    rows = [
        ("zeta", "Café Zürich rebels rebels once1"),
        ("Beta", "rebels Rebels straße once2 tie tie"),
        ("alpha", "Zürich café ÉCOLE tie shared"),
        ("zeta", "only2 twice twice forces"),
        ("Beta", "shared forces ÉCOLE école only2"),
        ("alpha", "straße naïve naïve once3"),
        ("zeta", "ﬁn ﬁn Ωmega ωmega 東京 東京"),
    ]
    return pd.DataFrame({"id": [f"m{i}" for i in range(len(rows))], "outlet": [g for g, _ in rows],
                         "text": [t for _, t in rows]})


@pytest.mark.parametrize("lowercase", [True, False])
@pytest.mark.parametrize("chunk_size", [1, 2, 3, 100])
def test_stream_counts_min_count_after_merging_equals_in_memory(chunk_size, lowercase):
    frame = _merge_corpus()
    texts, groups = frame["text"].tolist(), frame["outlet"].tolist()
    everything = group_term_counts(texts, groups, ngram_range=(1, 2), lowercase=lowercase)
    for min_count in (1, 2, 3):
        expected = group_term_counts(texts, groups, ngram_range=(1, 2), min_count=min_count, lowercase=lowercase)
        got = stream_counts(frame, fields=("text",), ngram_range=(1, 2), min_count=min_count,
                            lowercase=lowercase, chunk_size=chunk_size, clean=False)
        _same_counts(got, expected, len(everything.terms))
    # one occurrence per chunk, kept only by the corpus-wide total
    got = stream_counts(frame, fields=("text",), min_count=2, lowercase=lowercase, chunk_size=1, clean=False)
    assert "only2" in got.terms.tolist() and "once1" not in got.terms.tolist()


def test_stream_counts_exact_when_term_hashes_collide(monkeypatch):
    frame = _merge_corpus()
    texts, groups = frame["text"].tolist(), frame["outlet"].tolist()
    expected = group_term_counts(texts, groups, ngram_range=(1, 2), min_count=2)
    n_before = len(group_term_counts(texts, groups, ngram_range=(1, 2)).terms)
    real = stream_mod._term_hashes
    for weak in (lambda enc: np.zeros(len(enc), dtype=np.uint64),  # every term collides
                 lambda enc: (real(enc) % np.uint64(3)).astype(np.uint64)):  # three hash values
        monkeypatch.setattr(stream_mod, "_term_hashes", weak)
        for chunk_size in (1, 3, 100):
            got = stream_counts(frame, fields=("text",), ngram_range=(1, 2), min_count=2, chunk_size=chunk_size,
                                clean=False)
            _same_counts(got, expected, n_before)


def test_term_store_numbers_terms_by_their_bytes():
    store = stream_mod._TermStore()
    store.SLICE = 4  # compare a few bytes at a time

    def chunk(terms):
        enc = [t.encode("utf-8", "surrogatepass") for t in terms]
        return (stream_mod._term_hashes(enc), np.frombuffer(b"".join(enc), dtype=np.uint8),
                np.array([len(e) for e in enc], dtype=np.int64))

    first = ["rebels", "", "naïve", "lone \udc80 surrogate", "a much longer term than the slice"]
    assert store.ids(*chunk(first)).tolist() == [0, 1, 2, 3, 4]
    assert store.ids(*chunk(["naïve", "new", "rebels", ""])).tolist() == [2, 5, 0, 1]
    assert len(store) == 6
    assert store.decode(np.array([4, 3, 5, 1, 0])).tolist() == [first[4], first[3], "new", "", "rebels"]
    # same hash, different bytes (and different lengths): new numbers, then found again
    hashes, data, lengths = chunk(["rebelz", "rebels!", "rebels"])
    hashes[:] = chunk(["rebels"])[0][0]
    assert store.ids(hashes, data, lengths).tolist() == [6, 7, 0]
    assert store.ids(hashes, data, lengths).tolist() == [6, 7, 0]
    assert sorted(store.collided.values()) == [6, 7]
    assert store.decode(np.arange(8)).tolist()[5:] == ["new", "rebelz", "rebels!"]
