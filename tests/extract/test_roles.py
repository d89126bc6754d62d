"""Narrative roles baseline: cues, scores, assignment, RoleFeatures contract and the annotated corpus."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score

from framing.extract.roles import ROLES, RoleFeatures, assign_roles, role_cues, role_scores


def test_grammatical_position_tone_and_cues() -> None:
    t = "Residents were displaced by the floods. The council will help residents."
    first, second = (0, 9), (t.rindex("residents"), t.rindex("residents") + 9)
    c = role_cues(t, [first, second], "residents")
    assert c["n_mentions"] == 2 and c["n_sentences"] == 2
    assert c["patient"] == 2 and c["agent"] == 0  # passive subject, then object of "help"
    assert c["cue_victim"] == 1 and c["cue_hero"] == 1 and c["name_victim"] == 1
    floods = t.index("the floods")
    agent = role_cues(t, [(floods, floods + len("the floods"))], "the floods")
    assert agent["agent"] == 1  # the by-agent of a passive
    council = t.index("The council")
    assert role_cues(t, [(council, council + 11)], "The council")["agent"] == 1


def test_tone_splits_agents_into_heroes_and_villains() -> None:
    t = "The mayor built a wonderful new park. The company dumped toxic waste, a terrible crime."
    df = assign_roles(t, ["the mayor", "the company"])
    assert df["agent_positive"].tolist() == [1.0, 0.0] and df["agent_negative"].tolist() == [0.0, 1.0]
    assert df["role"].tolist() == ["hero", "villain"]


def test_assign_roles_examples_and_missing_entities() -> None:
    t = "Oil companies polluted the river. Fishermen suffered. Volunteers helped clean it."
    df = assign_roles(t, ["oil companies", "fishermen", "volunteers", "the senator", ""])
    assert df["role"].tolist() == ["villain", "victim", "hero", "villain", "villain"]
    missing = df.iloc[3]
    assert missing["n_mentions"] == 0 and missing[list(ROLES)].eq(0).all()
    assert list(df.columns[:5]) == ["entity", "role", "hero", "villain", "victim"]
    # name cues alone decide for an entity that does not occur
    assert assign_roles("Nothing here.", ["polar bears"])["role"].item() == "victim"


def test_scores_and_ties() -> None:
    cues = dict.fromkeys(["n_mentions", "agent_positive", "agent_negative", "patient", "cue_hero", "cue_villain",
                          "cue_victim", "name_hero", "name_villain", "name_victim"], 0.0)
    assert role_scores(cues) == {"hero": 0.0, "villain": 0.0, "victim": 0.0}
    cues.update(n_mentions=4, cue_hero=2, patient=1)
    assert role_scores(cues) == {"hero": 0.5, "villain": 0.0, "victim": 0.25}
    tie = assign_roles("Workers helped. Workers suffered.", ["workers"])  # hero 1/2 vs victim 1/2 + name cue
    assert tie["role"].item() == "victim"


def test_role_features_contract() -> None:
    corpus = pd.DataFrame({
        "doc_id": ["a", "b"],
        "title": ["", ""],
        "text": ["Senator Ann Smith praised the plan. Acme Corp polluted the bay and destroyed the marsh.",
                 "Nothing to see."],
    })
    rf = RoleFeatures().fit(corpus)
    feats, mentions = rf.extract(corpus)
    assert list(rf.get_feature_names_out()) == ["roles__n_actors", "roles__n_hero", "roles__n_villain",
                                                "roles__n_victim", "roles__share_hero", "roles__share_villain",
                                                "roles__share_victim"]
    a = feats.loc["a"]
    assert a["roles__n_actors"] == 2 and a["roles__n_villain"] >= 1
    assert a[["roles__share_hero", "roles__share_villain", "roles__share_victim"]].sum() == pytest.approx(1.0)
    assert (feats.loc["b"] == 0).all()
    acme = mentions[mentions.actor == "Acme Corp"]
    assert acme["role"].tolist() == ["villain"] and acme["villain"].item() > 0
    for m in mentions.itertuples():
        assert corpus.set_index("doc_id").loc[m.doc_id, m.field][m.start:m.end] == m.matched
    X = rf.transform(corpus)
    np.testing.assert_array_equal(X, feats.to_numpy())
    assert not hasattr(clone(rf), "labels_")
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(rf)).transform(corpus), X)
    out = clone(rf).set_output(transform="pandas").fit(corpus).transform(corpus)
    assert list(out.columns) == list(rf.get_feature_names_out())
    with pytest.raises(ValueError, match="min_mentions must be a positive integer"):
        RoleFeatures(min_mentions=0).fit(corpus)


@pytest.mark.data
def test_rules_beat_the_majority_role_on_annotated_entities(data_dir: Path) -> None:
    from framing.datasets import load_dataset

    corpus = load_dataset("narrative_frames", data_dir=data_dir).head(60)
    gold, pred = [], []
    for doc in corpus.itertuples():
        roles = doc.entity_roles
        scored = assign_roles(doc.text, [r["entity"] for r in roles])
        gold += [r["role"] for r in roles]
        pred += scored["role"].tolist()
    majority = f1_score(gold, ["villain"] * len(gold), average="macro", labels=list(ROLES))
    rules = f1_score(gold, pred, average="macro", labels=list(ROLES))
    assert len(gold) > 200 and majority < 0.25
    assert rules > majority + 0.15, (rules, majority)
