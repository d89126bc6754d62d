"""AgencyFeatures: passives and event nominalizations, with and without agents."""

from __future__ import annotations

import gzip
import json
import math
import pickle
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from framing.corpus.scrape import parse_scraped
from framing.extract.agency import FEATURES, AgencyFeatures, find_passives
from framing.text.parse import parse_tokens

DATASETS = ("basil", "pac", "allsides_abp", "babe", "narrative_frames")


@pytest.fixture(scope="module")
def af() -> AgencyFeatures:
    return AgencyFeatures().fit(pd.DataFrame({"text": [""]}))


@pytest.fixture(scope="module")
def seed_doc(seed_raw: str) -> pd.DataFrame:
    page = parse_scraped(seed_raw)
    return pd.DataFrame({"doc_id": ["seed"], "title": [page["title"]], "captions": [page["captions"]],
                         "text": [page["text"]]})


def mentions_of(af: AgencyFeatures, text: str) -> pd.DataFrame:
    return af.mentions(pd.DataFrame({"text": [text]}))


def check_offsets(frame: pd.DataFrame, ments: pd.DataFrame) -> None:
    texts = frame.set_index(frame["doc_id"].astype(str))
    for m in ments.itertuples(index=False):
        text = texts.loc[m.doc_id, m.field]
        assert text[m.start:m.end] == m.matched
        assert m.agentless == (m.agent == "")
        if m.agent:
            assert m.agent in m.matched
        assert m.head in m.matched


def test_seed_acceptance(af: AgencyFeatures, seed_doc: pd.DataFrame):
    feats, ments = af.extract(seed_doc)
    check_offsets(seed_doc, ments)
    noms = ments[ments.kind == "nominalization"]
    fall = noms[noms["head"] == "fall"].iloc[0]
    assert fall.matched == "The fall in December of President Bashar al-Assad"
    assert fall.agentless and fall.agent == ""  # "to rebels" is a goal, not an agent
    wave = noms[noms["head"] == "killings"].iloc[0]
    assert wave.matched.startswith("a wave of sectarian killings") and wave.agentless
    # "Moscow is also concerned by a wave of sectarian killings": a passive with an agent
    passive = ments[ments.kind == "passive"]
    assert passive.agent.tolist() == ["a wave of sectarian killings"]
    assert feats.loc["seed", "agency__n_agentless_nominalizations"] == 2
    assert feats.loc["seed", "agency__n_passive_agentless"] == 0
    # reduced relatives ("rebels led by Sharaa", "mountains dominated by") are not passives
    assert not ments.matched.str.contains("led by").any()


@pytest.mark.parametrize(
    ("text", "head", "agent"),
    [
        ("Two civilians were killed by government forces.", "killed", "government forces"),
        ("Two civilians were killed.", "killed", ""),
        ("The protesters were not immediately released on Friday by police.", "released", "police"),
        ("He got arrested by the militia.", "arrested", "the militia"),
        ("The deal was signed by Friday.", "signed", ""),
        ("The town has been recaptured by rebel fighters.", "recaptured", "rebel fighters"),
        ("The prisoners were being held by members of the militia.", "held", "members of the militia"),
    ],
)
def test_passives(af: AgencyFeatures, text: str, head: str, agent: str):
    ments = mentions_of(af, text)
    p = ments[ments.kind == "passive"]
    assert p["head"].tolist() == [head]
    assert p.agent.tolist() == [agent]


def test_active_clauses_are_not_passives():
    for text in ("Rebels killed two civilians.", "She is a teacher.", "They were in Damascus."):
        assert find_passives(text, parse_tokens(text)) == []


@pytest.mark.parametrize(
    ("text", "head", "agent"),
    [
        ("Killings by government forces continued.", "Killings", "government forces"),
        ("The killing of protesters shocked the city.", "killing", ""),
        ("Khashoggi's killing shocked the world.", "killing", ""),
        ("Russia's invasion of Ukraine began in 2022.", "invasion", "Russia"),
        ("Israeli airstrikes hit the camp.", "airstrikes", "Israeli"),
        ("A police shooting sparked protests.", "shooting", "police"),
        ("Assad's fall surprised diplomats.", "fall", ""),
        ("Deaths rose after clashes in the north.", "Deaths", ""),
        ("Dozens died in a massacre at the hands of militiamen.", "massacre", "militiamen"),
    ],
)
def test_nominalization_agents(af: AgencyFeatures, text: str, head: str, agent: str):
    ments = mentions_of(af, text)
    n = ments[(ments.kind == "nominalization") & (ments["head"] == head)]
    assert len(n) == 1
    assert n.agent.iloc[0] == agent


def test_verb_uses_of_event_nouns_are_skipped(af: AgencyFeatures):
    ments = mentions_of(af, "Rebels attack the city every night. Prices fall.")
    assert ments[ments.kind == "nominalization"].empty


def test_rates_and_nan_rules(af: AgencyFeatures):
    docs = ["Aid was blocked. Two men were killed by gunmen. Talks continued. Clashes erupted.", "", "Hello there"]
    feats = pd.DataFrame(af.transform(docs), columns=af.get_feature_names_out())
    row = feats.loc[0]
    assert row["agency__n_passive"] == 2 and row["agency__n_passive_agentless"] == 1
    assert row["agency__n_clauses"] == 4
    assert row["agency__passive_rate"] == pytest.approx(0.5)
    assert row["agency__agentless_passive_rate"] == pytest.approx(0.25)
    assert row["agency__agentless_passive_share"] == pytest.approx(0.5)
    assert row["agency__n_agentless_nominalizations"] == 1
    assert row["agency__agentless_nominalizations_per_1k"] == pytest.approx(1000 / 13)
    assert math.isnan(feats.loc[1, "agency__passive_rate"])
    assert math.isnan(feats.loc[1, "agency__nominalizations_per_1k"])
    assert math.isnan(feats.loc[2, "agency__agentless_passive_share"])
    assert feats.loc[2, "agency__nominalizations_per_1k"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "there is no capitalised name in this text and nothing was done by anyone.",
        "THE FALL OF ASSAD WAS WELCOMED BY REBELS. CLASHES WERE REPORTED.",
        'He said "the killing was ordered',
        '"The \'massacre\' was "planned" by them," she said.',
        '"One\n\n"Two was done\n\n"Three," he said.',
        "",
        "by by by was was got",
    ],
)
def test_bad_input_gives_clear_results(af: AgencyFeatures, text: str):
    frame = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    feats, ments = af.extract(frame)
    assert list(feats.columns) == [f"agency__{n}" for n in FEATURES]
    check_offsets(frame, ments)


def test_all_caps_text(af: AgencyFeatures):
    feats, ments = af.extract(pd.DataFrame({"doc_id": ["c"], "text": ["CIVILIANS WERE KILLED BY REBELS."]}))
    assert feats.loc["c", "agency__n_passive"] == 1
    assert ments.agent.tolist() == ["REBELS"]


def test_ten_thousand_word_sentence(af: AgencyFeatures):
    text = " ".join(["the town was shelled and the killings by soldiers went on and"] * 850) + " done."
    assert len(text.split()) > 10_000
    frame = pd.DataFrame({"doc_id": ["long"], "text": [text]})
    feats, ments = af.extract(frame)
    assert feats.loc["long", "agency__n_passive"] == 850
    assert feats.loc["long", "agency__n_nominalizations"] == 850
    assert feats.loc["long", "agency__n_agentless_nominalizations"] == 0


def test_sklearn_contract(seed_doc: pd.DataFrame):
    est = clone(AgencyFeatures(fields=("text",)))
    out = est.fit(seed_doc).set_output(transform="pandas").transform(seed_doc)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == [f"agency__{n}" for n in FEATURES]
    again = pickle.loads(pickle.dumps(est))
    assert np.allclose(again.transform(seed_doc), est.transform(seed_doc), equal_nan=True)
    pipe = Pipeline([("agency", AgencyFeatures()), ("impute", SimpleImputer(strategy="constant", fill_value=0.0))])
    assert pipe.fit_transform(seed_doc).shape == (1, len(FEATURES))
    with pytest.raises(ValueError, match="nominalizations is None"):
        AgencyFeatures(nominalizations=None).fit(["x"])
    with pytest.raises(FileNotFoundError):
        AgencyFeatures(nominalizations="no-such-lexicon").fit(["x"])


@pytest.mark.data
@pytest.mark.parametrize("name", DATASETS)
def test_runs_on_every_dataset(data_dir: Path, af: AgencyFeatures, name: str):
    with gzip.open(data_dir / name / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in islice(f, 25)]
    frame = pd.DataFrame({"doc_id": [str(r["id"]) for r in recs], "title": [r.get("title") or "" for r in recs],
                          "text": [r["text"] for r in recs]})
    feats, ments = af.extract(frame)
    assert feats.shape == (len(frame), len(FEATURES))
    check_offsets(frame, ments)
    assert feats["agency__n_passive"].sum() > 0
    assert (feats["agency__n_passive_agentless"] <= feats["agency__n_passive"]).all()


def _clauses_by_definition(chunks: list[str], tags: list[str]) -> int:
    """Verb chunks (B-VP then any I-VP) holding a finite verb, read token by token."""
    n, in_vp, counted = 0, False, False
    for c, tag in zip(chunks, tags):
        if c == "B-VP":
            in_vp, counted = True, False
        elif c != "I-VP":
            in_vp = False
        if in_vp and not counted and tag in ("VBD", "VBZ", "VBP", "MD"):
            n += 1
            counted = True
    return n


@pytest.mark.parametrize(
    ("chunks", "tags"),
    [
        ([], []),
        (["B-VP"], ["VBD"]),
        (["B-VP"], ["VB"]),
        (["I-VP", "I-VP"], ["VBD", "VBZ"]),  # no chunk start: no clause
        (["O", "I-VP", "B-VP", "I-VP"], ["VBD", "VBD", "VBG", "VBZ"]),
        (["B-VP", "I-VP", "I-VP"], ["MD", "VBP", "VBD"]),  # one chunk, counted once
        (["B-VP", "B-VP", "B-VP"], ["VBD", "VB", "VBZ"]),  # adjacent chunks
        (["B-VP", "I-VP", "B-NP", "I-VP", "B-VP"], ["VB", "RB", "NN", "VBD", "VBP"]),
        (["B-NP", "B-VP", "I-VP"], ["NN", "RB", "VBD"]),  # the finite verb ends the text
    ],
)
def test_count_clauses_matches_definition(chunks: list[str], tags: list[str]):
    from framing.extract.agency import _count_clauses

    assert _count_clauses(tuple(chunks), tuple(tags)) == _clauses_by_definition(chunks, tags)


def test_count_clauses_on_parsed_text():
    from framing.extract.agency import _count_clauses
    from framing.text.parse import parse_columns

    text = ("Rebels have taken the city, officials said on Friday. It was not clear whether the army would "
            "retreat. Troops were seen leaving; \"we will return,\" a commander told reporters.")
    p = parse_columns(text)
    assert _count_clauses(p.chunks, p.tags) == _clauses_by_definition(list(p.chunks), list(p.tags)) > 0


def test_passives_keep_to_their_sentence_range():
    text = "Aid was. Blocked by the army. The town was taken by rebels."
    tokens = parse_tokens(text)
    whole = find_passives(text, tokens)
    assert [p.head for p in whole] == ["taken"]
    # a range that leaves out the first sentence and one that covers nothing of the last
    n = len(tokens)
    assert find_passives(text, tokens, [(0, 3), (3, n)]) == whole
    assert find_passives(text, tokens, [(0, n - 4)]) == []

