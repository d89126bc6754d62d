"""Tests for framing.corpus.syndication: near-duplicate pairs, syndication groups, dedupe."""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.corpus.syndication import (
    PAIR_COLUMNS,
    SYNDICATION_COLUMNS,
    SyndicationInputError,
    dedupe_syndicated,
    find_near_duplicates,
    find_syndication,
    jaccard,
    minhash_signatures,
    shingles,
    syndication_groups,
    syndication_summary,
    tokenize,
)

# A made-up agency story (about 200 words) and the page furniture that two sites add around it.
WIRE = (
    "LAGOS (Wire) - The central bank of Nembia raised its main lending rate by 150 basis points on "
    "Tuesday, the third increase this year, as policymakers tried to slow inflation that has eroded "
    "household incomes and pushed the currency to record lows against the dollar. Governor Amaka Eze "
    "told reporters the committee had voted seven to two for the increase and warned that further "
    "tightening could follow if price pressures did not ease by the end of the quarter. Annual "
    "inflation reached 24.6 percent in March, driven by food and transport costs, the statistics "
    "office said last week. Business groups criticised the decision, saying higher borrowing costs "
    "would hurt manufacturers already struggling with power shortages and a scarcity of foreign "
    "exchange. The finance ministry said it supported the bank's independence and would publish a "
    "revised budget next month. Analysts at three local brokerages had expected a smaller increase of "
    "100 basis points. The currency firmed slightly after the announcement before giving up its "
    "gains in afternoon trading. Opposition lawmakers called for a parliamentary hearing on the "
    "bank's policy, arguing that repeated rate rises had failed to stabilise prices. The next "
    "meeting of the monetary policy committee is scheduled for July, when the bank will also release "
    "new growth forecasts."
)
OTHER = (
    "City council members voted on Monday to extend the hours of public libraries during the summer "
    "holidays, after parents and teachers asked for more quiet places where children could read and "
    "study. The extension will cost about two hundred thousand a year and will be paid from a fund "
    "for community programmes. Librarians welcomed the decision but said they would need more staff "
    "to keep all branches open in the evenings, and the council promised to review staffing in the "
    "autumn once visitor numbers are known."
)
SITE_A = "Advertisement. Sign up for our morning briefing and never miss a story. " + WIRE + " Share this article on social media."
SITE_B = "Markets | Economy. " + WIRE + " Reporting by a correspondent; editing by the news desk. Copyright 2024."


def corpus(rows: list[tuple[str, str | None, str | None]], **extra: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
    for key, values in extra.items():
        frame[key] = values
    return frame


# --------------------------------------------------------------------------- shingles


def test_tokenize_lowercases_and_drops_punctuation() -> None:
    assert tokenize("“Don’t” — STOP, now!") == ["don", "t", "stop", "now"]
    assert tokenize(None) == []
    assert tokenize(float("nan")) == []


def test_shingles_short_text_gets_one_shingle_and_empty_gets_none() -> None:
    assert shingles("one two three", shingle_size=5) == {("one", "two", "three")}
    assert shingles("", shingle_size=5) == set()
    assert len(shingles("a b c d e f g", shingle_size=5)) == 3
    with pytest.raises(ValueError, match="shingle_size"):
        shingles("a b", shingle_size=0)


def test_jaccard_of_sets() -> None:
    assert jaccard(set(), set()) == 0.0
    assert jaccard({1, 2}, {1, 2}) == 1.0
    assert jaccard({1, 2, 3, 4}, {3, 4, 5, 6}) == pytest.approx(2 / 6)


def test_minhash_estimate_tracks_exact_jaccard() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(400)]
    base = [rng.choice(words) for _ in range(600)]
    edited = list(base)
    for pos in rng.sample(range(600), 60):  # change 10 % of the words
        edited[pos] = rng.choice(words)
    a, b = " ".join(base), " ".join(edited)
    exact = jaccard(shingles(a), shingles(b))
    sig = minhash_signatures([a, b], num_perm=256)
    sd = np.sqrt(exact * (1 - exact) / 256)
    assert 0.2 < exact < 0.8
    assert abs(sig[0].jaccard(sig[1]) - exact) < 4 * sd


def test_minhash_signatures_empty_text_reported(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="framing.corpus.syndication"):
        sigs = minhash_signatures([WIRE, "", None, "   ", "two words"])
    assert [s is None for s in sigs] == [False, True, True, True, False]
    assert "3 of 5 texts have no words" in caplog.text
    with pytest.raises(TypeError, match="text number 0 is a int"):
        minhash_signatures([5])


def test_minhash_signatures_are_deterministic_and_seeded() -> None:
    a = minhash_signatures([WIRE], seed=1)[0].hashvalues
    b = minhash_signatures([WIRE], seed=1)[0].hashvalues
    c = minhash_signatures([WIRE], seed=2)[0].hashvalues
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


# --------------------------------------------------------------------------- pairs


def test_wire_story_republished_with_different_boilerplate_is_one_pair() -> None:
    c = corpus([("w1", "Wire", WIRE), ("a1", "Site A", SITE_A), ("b1", "Site B", SITE_B), ("o1", "Site A", OTHER)])
    pairs = find_near_duplicates(c)
    assert pairs.columns.tolist() == PAIR_COLUMNS
    assert list(zip(pairs.doc_id_a, pairs.doc_id_b)) == [("a1", "b1"), ("a1", "w1"), ("b1", "w1")]
    exact = jaccard(shingles(SITE_A), shingles(SITE_B))
    assert pairs.loc[0, "jaccard"] == pytest.approx(exact)
    assert 0.75 < exact < 0.95
    assert pairs.loc[1, "containment"] == pytest.approx(1.0)  # the wire text is inside Site A's page
    assert not pairs["same_outlet"].any()


def test_unrelated_stories_give_no_pairs_and_no_groups() -> None:
    c = corpus([("1", "X", WIRE), ("2", "Y", OTHER), ("3", "Z", "A short note about the weather today in town.")])
    assert find_near_duplicates(c, threshold=0.3).empty
    out = find_syndication(c)
    assert out["syndication_group"].isna().all()
    assert out["syndication_size"].tolist() == [1, 1, 1]


def test_pairs_match_brute_force_on_synthetic_families() -> None:
    # Families of edited copies at many similarity levels: LSH + verification must find
    # exactly the pairs an all-pairs exact computation finds, at several thresholds.
    rng = random.Random(11)
    words = [f"t{i}" for i in range(3000)]
    rows = []
    for fam in range(12):
        base = [rng.choice(words) for _ in range(300)]
        for copy in range(5):
            text = list(base)
            for pos in rng.sample(range(300), rng.choice([0, 5, 15, 30, 60, 120])):
                text[pos] = rng.choice(words)
            rows.append((f"f{fam:02d}c{copy}", f"outlet{copy % 3}", " ".join(text)))
    c = corpus(rows)
    sets = {d: shingles(t) for d, _, t in rows}
    for threshold in (0.3, 0.5, 0.8):
        expected = {
            (a, b) for a, b in combinations(sorted(sets), 2) if jaccard(sets[a], sets[b]) >= threshold
        }
        got = find_near_duplicates(c, threshold=threshold)
        assert set(zip(got.doc_id_a, got.doc_id_b)) == expected
        assert len(expected) > 10
        for a, b, j in zip(got.doc_id_a, got.doc_id_b, got.jaccard):
            assert j == pytest.approx(jaccard(sets[a], sets[b]))


def test_verify_false_uses_estimate_only() -> None:
    c = corpus([("w1", "Wire", WIRE), ("a1", "Site A", SITE_A), ("o1", "Site B", OTHER)])
    pairs = find_near_duplicates(c, verify=False)
    assert list(zip(pairs.doc_id_a, pairs.doc_id_b)) == [("a1", "w1")]
    assert pairs["jaccard"].isna().all() and pairs["containment"].isna().all()
    assert pairs.loc[0, "estimated_jaccard"] >= 0.5


def test_all_identical_texts_form_all_pairs_and_one_group() -> None:
    c = corpus([(str(i), f"O{i % 2}", WIRE) for i in range(6)])
    pairs = find_near_duplicates(c)
    assert len(pairs) == 15
    assert (pairs["jaccard"] == 1.0).all()
    out = find_syndication(c, cross_outlet=False)
    assert out["syndication_group"].nunique() == 1
    assert out["syndication_size"].tolist() == [6] * 6
    assert out["syndication_outlets"].tolist() == [2] * 6


def test_nan_and_empty_texts_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    c = corpus([("a", "X", None), ("b", "Y", ""), ("c", "Z", float("nan")), ("d", "X", WIRE), ("e", "Y", SITE_A)])
    with caplog.at_level(logging.WARNING, logger="framing.corpus.syndication"):
        out = find_syndication(c)
    assert out["syndication_group"].notna().tolist() == [False, False, False, True, True]
    assert "3 of 5 articles have empty or missing text" in caplog.text


def test_empty_corpus_gives_empty_results() -> None:
    c = corpus([])
    pairs = find_near_duplicates(c)
    assert pairs.empty and pairs.columns.tolist() == PAIR_COLUMNS
    out = find_syndication(c)
    assert out.empty and all(col in out.columns for col in SYNDICATION_COLUMNS)
    summary = syndication_summary(out)
    assert summary["documents"] == 0 and summary["groups"] == 0 and summary["largest_group"] == 0
    kept, dropped = dedupe_syndicated(out)
    assert kept.empty and dropped == 0


def test_missing_text_column_names_columns_found() -> None:
    c = pd.DataFrame({"doc_id": ["1"], "body": ["x"]})
    with pytest.raises(SyndicationInputError, match=r"no column\(s\) \['text'\]; columns found: \['doc_id', 'body'\]"):
        find_near_duplicates(c)
    assert len(find_near_duplicates(c, text_col="body")) == 0  # works with the right column
    with pytest.raises(ValueError, match="doc_id"):
        find_syndication(pd.DataFrame({"text": ["a"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        find_near_duplicates([WIRE])  # type: ignore[arg-type]


def test_duplicate_and_missing_doc_ids_are_rejected() -> None:
    with pytest.raises(SyndicationInputError, match=r"repeated id \(e.g. \['a'\]\)"):
        find_near_duplicates(corpus([("a", "X", WIRE), ("a", "Y", SITE_A)]))
    with pytest.raises(SyndicationInputError, match="missing value"):
        find_near_duplicates(corpus([(None, "X", WIRE), ("b", "Y", SITE_A)]))


def test_bad_parameters_are_rejected() -> None:
    c = corpus([("a", "X", WIRE)])
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\]"):
        find_near_duplicates(c, threshold=1.5)
    with pytest.raises(ValueError, match="num_perm"):
        find_near_duplicates(c, num_perm=1)
    with pytest.raises(ValueError, match="keep must be"):
        dedupe_syndicated(c, keep="last")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- groups


def test_same_outlet_duplicates_follow_cross_outlet_flag() -> None:
    c = corpus([("x1", "Site A", SITE_A), ("x2", "Site A", SITE_A + " Updated at 5 pm."), ("o", "Site B", OTHER)])
    cross = find_syndication(c, cross_outlet=True)
    assert cross["syndication_group"].isna().all()
    within = find_syndication(c, cross_outlet=False)
    assert within["syndication_group"].tolist() == ["syn-00001", "syn-00001", None]
    assert within["syndication_outlets"].tolist() == [1, 1, 1]
    # Same-outlet copies join the group when another outlet's copy links them.
    c2 = pd.concat([c, corpus([("y", "Site B", SITE_B)])], ignore_index=True)
    linked = find_syndication(c2, cross_outlet=True)
    assert linked.set_index("doc_id")["syndication_size"].to_dict() == {"x1": 3, "x2": 3, "o": 1, "y": 3}


def test_groups_are_connected_components_with_origin() -> None:
    c = corpus(
        [("r1", "Reuters", WIRE), ("a1", "Site A", SITE_A), ("b1", "Site B", SITE_B),
         ("o1", "Site A", OTHER), ("o2", "Site C", OTHER + " Read more local news.")],
        origin=[None, None, None, None, "Local Wire"],
    )
    out = find_syndication(c)
    assert out.columns.tolist()[-4:] == SYNDICATION_COLUMNS
    # Groups are numbered by their smallest doc_id: "a1" < "o1".
    assert out["syndication_group"].tolist() == ["syn-00001", "syn-00001", "syn-00001", "syn-00002", "syn-00002"]
    assert out["syndication_outlets"].tolist() == [3, 3, 3, 2, 2]
    assert out["origin_inferred"].tolist() == ["Reuters", "Reuters", "Reuters", "Local Wire", "Local Wire"]
    # An explicit origin wins over the wire-outlet name; unknown agencies stay null.
    c.loc[1, "origin"] = "AP"
    assert find_syndication(c)["origin_inferred"].iloc[0] == "AP"
    c2 = c.assign(outlet=["Site X", "Site A", "Site B", "Site A", "Site C"], origin=None)
    assert find_syndication(c2)["origin_inferred"].isna().all()


def test_results_are_deterministic_and_order_independent() -> None:
    rows = [("w1", "Wire", WIRE), ("a1", "Site A", SITE_A), ("b1", "Site B", SITE_B),
            ("o1", "Site A", OTHER), ("o2", "Site C", OTHER + " Read more.")]
    c = corpus(rows)
    first = find_syndication(c)
    second = find_syndication(c)
    pd.testing.assert_frame_equal(first, second)
    shuffled = corpus(list(reversed(rows)))
    again = find_syndication(shuffled).set_index("doc_id").loc[first["doc_id"]].reset_index()
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(
        find_near_duplicates(c), find_near_duplicates(shuffled).loc[:, PAIR_COLUMNS]
    )


def test_find_syndication_reuses_precomputed_pairs() -> None:
    c = corpus([("w1", "Wire", WIRE), ("a1", "Site A", SITE_A), ("o1", "Site B", OTHER)])
    pairs = find_near_duplicates(c, threshold=0.1)
    low = find_syndication(c, pairs=pairs, threshold=0.1)
    high = find_syndication(c, pairs=pairs, threshold=0.99)
    assert low["syndication_group"].notna().sum() == 2
    assert high["syndication_group"].isna().all()
    bad = pairs.assign(doc_id_b="nope")
    with pytest.raises(SyndicationInputError, match="not in the corpus"):
        find_syndication(c, pairs=bad, threshold=0.1)
    with pytest.raises(SyndicationInputError, match="pairs table has no column"):
        find_syndication(c, pairs=pairs.drop(columns="jaccard"))


def test_index_and_extra_columns_are_kept() -> None:
    c = corpus([("w1", "Wire", WIRE), ("a1", "Site A", SITE_A)], stance=["l", "r"])
    c.index = [10, 20]
    out = find_syndication(c)
    assert out.index.tolist() == [10, 20]
    assert out["stance"].tolist() == ["l", "r"]
    assert "syndication_group" not in c.columns  # input untouched


# --------------------------------------------------------------------------- dedupe and summary


def test_dedupe_keeps_one_copy_per_group() -> None:
    c = corpus(
        [("a1", "Site A", SITE_A), ("r1", "Reuters", WIRE), ("b1", "Site B", SITE_B), ("o1", "Site A", OTHER)],
        date=["2024-03-02", "2024-03-01", "2024-03-03", "2024-03-01"],
    )
    first, n = dedupe_syndicated(c, keep="first")
    assert first["doc_id"].tolist() == ["a1", "o1"] and n == 2
    origin, n = dedupe_syndicated(c, keep="origin")
    assert origin["doc_id"].tolist() == ["r1", "o1"] and n == 2
    longest, _ = dedupe_syndicated(c, keep="longest")
    assert longest["doc_id"].tolist() == ["a1" if len(SITE_A) > len(SITE_B) else "b1", "o1"]
    # Without a wire outlet, keep="origin" falls back to the earliest date.
    no_wire = c.assign(outlet=["Site A", "Site C", "Site B", "Site A"])
    earliest, _ = dedupe_syndicated(no_wire, keep="origin")
    assert earliest["doc_id"].tolist() == ["r1", "o1"]
    # Groups computed beforehand are used as they are.
    grouped = find_syndication(c)
    again, n = dedupe_syndicated(grouped, keep="first")
    assert again["doc_id"].tolist() == ["a1", "o1"] and n == 2


def test_summary_and_group_table() -> None:
    c = corpus(
        [("w1", "Wire", WIRE), ("a1", "Site A", SITE_A), ("b1", "Site B", SITE_B),
         ("x1", "Site C", OTHER), ("x2", "Site C", OTHER + " Updated."), ("z", "Site D", "Alone here.")]
    )
    out = find_syndication(c, cross_outlet=False)
    groups = syndication_groups(out)
    assert groups[["syndication_group", "size", "n_outlets", "outlets"]].to_dict("records") == [
        {"syndication_group": "syn-00001", "size": 3, "n_outlets": 3, "outlets": "Site A; Site B; Wire"},
        {"syndication_group": "syn-00002", "size": 2, "n_outlets": 1, "outlets": "Site C"},
    ]
    s = syndication_summary(out)
    assert s["documents"] == 6
    assert s["documents_in_groups"] == 5
    assert s["groups"] == 2 and s["cross_outlet_groups"] == 1 and s["same_outlet_groups"] == 1
    assert s["documents_in_cross_outlet_groups"] == 3
    assert s["size_distribution"] == {2: 1, 3: 1}
    assert s["top_outlet_pairs"] == [(("Site A", "Site B"), 1), (("Site A", "Wire"), 1), (("Site B", "Wire"), 1)]
    with pytest.raises(SyndicationInputError, match="Run find_syndication"):
        syndication_summary(c)


# --------------------------------------------------------------------------- real data

# Outlets of the AllSides ABP subset that republish each other's wire copy (2,991 articles).
_SLICE_OUTLETS = {
    "Associated Press", "Newsmax", "Reuters", "CBS News", "Daily Mail",
    "Boston Herald", "Bloomberg", "CBN", "Washington Times",
}


def _brute_force_pairs(frame: pd.DataFrame, threshold: float) -> dict[tuple[str, str], float]:
    """All-pairs exact Jaccard of string 5-word shingles via a sparse incidence product."""
    import scipy.sparse as sp

    vocab: dict[tuple[str, ...], int] = {}
    indptr, indices = [0], []
    for text in frame["text"]:
        toks = re.findall(r"\w+", text.lower())
        if len(toks) >= 5:
            sh = {tuple(toks[i : i + 5]) for i in range(len(toks) - 4)}
        else:
            sh = {tuple(toks)} if toks else set()
        indices.extend(vocab.setdefault(s, len(vocab)) for s in sh)
        indptr.append(len(indices))
    x = sp.csr_matrix((np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(len(frame), len(vocab)))
    inter = (x @ x.T).tocoo()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    upper = inter.row < inter.col
    i, j, shared = inter.row[upper], inter.col[upper], inter.data[upper]
    jac = shared / (sizes[i] + sizes[j] - shared)
    ids = frame["doc_id"].tolist()
    keep = jac >= threshold
    return {tuple(sorted((ids[a], ids[b]))): float(v) for a, b, v in zip(i[keep], j[keep], jac[keep])}


@pytest.mark.data
def test_allsides_slice_pairs_equal_brute_force(data_dir: Path) -> None:
    path = data_dir / "allsides_abp" / "articles.jsonl.gz"
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["outlet"] in _SLICE_OUTLETS:
                rows.append((record["id"], record["outlet"], record["text"]))
    frame = corpus(rows)
    assert len(frame) == 2991
    pairs = find_near_duplicates(frame, threshold=0.3)
    brute = _brute_force_pairs(frame, 0.3)
    for threshold in (0.3, 0.5, 0.8):
        expected = {k: v for k, v in brute.items() if v >= threshold}
        got = pairs[pairs["jaccard"] >= threshold]
        assert set(zip(got.doc_id_a, got.doc_id_b)) == set(expected)
        for a, b, j in zip(got.doc_id_a, got.doc_id_b, got.jaccard):
            assert j == pytest.approx(expected[(a, b)], abs=1e-12)
    assert [sum(v >= t for v in brute.values()) for t in (0.3, 0.5, 0.8)] == [14, 12, 8]
    out = find_syndication(frame, pairs=pairs)
    summary = syndication_summary(out)
    # Republished wire copy: AP in Boston Herald/CBN/CBS/Daily Mail/Washington Times,
    # Reuters and Bloomberg in Newsmax.
    assert summary["cross_outlet_groups"] == 9
    assert dict(summary["top_outlet_pairs"])[("Newsmax", "Reuters")] == 2
    origins = out.drop_duplicates("syndication_group").dropna(subset=["syndication_group"])["origin_inferred"]
    assert origins.value_counts().to_dict() == {"AP": 5, "Reuters": 2, "Bloomberg": 1}


@pytest.mark.data
def test_babe_articles_only_scrape_failure_pages_are_shared(data_dir: Path) -> None:
    path = data_dir / "babe" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    frame = corpus([(r["id"], r["outlet"], r["text"]) for r in records], url=[r["url"] for r in records])
    assert len(frame) == 984
    pairs = find_near_duplicates(frame, threshold=0.3)
    # Nothing between "shares a few quotes" and "identical": every pair is a verbatim copy.
    assert (pairs["jaccard"] == 1.0).all() and len(pairs) == 2235
    cross = find_syndication(frame, pairs=pairs)
    groups = syndication_groups(cross)
    assert groups[["size", "outlets"]].to_dict("records") == [
        {"size": 67, "outlets": "HuffPost; MSNBC"},  # HuffPost's consent page, scraped instead of the article
        {"size": 7, "outlets": "Alternet; Fox News; HuffPost; MSNBC"},  # an "access suspended" page
    ]
    # The two "MSNBC" copies of HuffPost's consent page are HuffPost URLs labelled MSNBC in the source.
    big = cross[(cross["syndication_size"] == 67) & (cross["outlet"] == "MSNBC")]
    assert len(big) == 2 and big["url"].str.contains("huffpost.com").all()
    within = find_syndication(frame, pairs=pairs, cross_outlet=False)
    assert syndication_summary(within)["same_outlet_groups"] == 3
