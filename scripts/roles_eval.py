"""Narrative roles (hero / villain / victim) of annotated entities: the rule baseline against the annotations.

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/roles_eval.py [--out FILE.md]

The Narrative Frames corpus (Frermann et al. 2023) gives, per article, key
entities with their role. For each (article, entity) pair the entity is found
in the article text by case-insensitive phrase match and its role predicted by
:func:`framing.extract.roles.assign_roles` (grammatical position, sentence
tone and cue words; no training). Compared with:

* the **majority** role (``villain``) for every entity;
* a **logistic regression on the same cues** (multinomial, balanced, 5-fold
  cross-validation grouped by article so that no article is in both a training
  and a test fold), to see how much a learned weighting of the cues adds;
* for reference only, the majority role of the entity's annotated
  **stakeholder group** (learned on the training folds): it uses an annotation
  that the extractor does not have.

Reports accuracy, macro-F1 and per-role F1, over all pairs and over the pairs
whose entity string occurs in the text.

References
----------
Frermann, L., Li, J., Khanehzar, S., & Mikolajczak, G. (2023). Conflicts,
Villains, Resolutions: Towards models of Narrative Media Framing. ACL 2023.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from framing.datasets import load_dataset
from framing.extract.roles import ROLES, assign_roles

CUE_COLUMNS = ["hero", "villain", "victim", "n_mentions", "n_sentences", "agent", "patient", "agent_positive",
               "agent_negative", "polarity", "cue_hero", "cue_villain", "cue_victim", "name_hero", "name_villain",
               "name_victim"]


def pairs() -> pd.DataFrame:
    corpus = load_dataset("narrative_frames")
    rows = []
    for doc in corpus.itertuples():
        roles = doc.entity_roles if isinstance(doc.entity_roles, list) else []
        if not roles:
            continue
        scored = assign_roles(doc.text, [r["entity"] for r in roles])
        for r, (_, s) in zip(roles, scored.iterrows()):
            rows.append({"doc_id": doc.doc_id, "entity": r["entity"], "group": r["group"], "gold": r["role"],
                         "rule": s["role"], **{c: s[c] for c in CUE_COLUMNS}})
    return pd.DataFrame(rows)


def metrics(name: str, gold: pd.Series, pred: pd.Series) -> dict:
    row = {"method": name, "n": len(gold), "accuracy": accuracy_score(gold, pred),
           "macro_F1": f1_score(gold, pred, labels=list(ROLES), average="macro", zero_division=0)}
    for role, f in zip(ROLES, f1_score(gold, pred, labels=list(ROLES), average=None, zero_division=0)):
        row[f"F1 {role}"] = f
    return row


def cross_validated(df: pd.DataFrame, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predictions of the cue LR and of the group-majority reference (grouped by article)."""
    X = df[CUE_COLUMNS].to_numpy(dtype=float)
    y = df["gold"].to_numpy()
    lr_pred = np.empty(len(df), dtype=object)
    group_pred = np.empty(len(df), dtype=object)
    try:
        folds = GroupKFold(n_splits=5, shuffle=True, random_state=seed)
    except TypeError:  # older scikit-learn
        folds = GroupKFold(n_splits=5)
    for tr, te in folds.split(X, y, df["doc_id"]):
        model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=2000))
        lr_pred[te] = model.fit(X[tr], y[tr]).predict(X[te])
        train = df.iloc[tr]
        majority = train.groupby("group")["gold"].agg(lambda s: s.value_counts().index[0])
        overall = train["gold"].value_counts().index[0]
        group_pred[te] = df.iloc[te]["group"].map(majority).fillna(overall).to_numpy()
    return lr_pred, group_pred


def markdown(table: pd.DataFrame) -> str:
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in r] for r in table.itertuples(index=False)]
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in cells)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="also write the Markdown table to this file")
    args = ap.parse_args(argv)
    t0 = time.time()
    df = pairs()
    lr_pred, group_pred = cross_validated(df)
    df["lr"], df["group_majority"] = lr_pred, group_pred
    df["majority"] = "villain"
    found = df["n_mentions"] > 0
    rows = []
    for subset, mask in (("all pairs", np.ones(len(df), dtype=bool)), ("entity found in text", found.to_numpy())):
        part = df[mask]
        for name, col in (("majority (villain)", "majority"), ("rules: position + tone + cues", "rule"),
                          ("LR on the same cues (5-fold, grouped by article)", "lr"),
                          ("reference: majority role of the annotated stakeholder group", "group_majority")):
            rows.append({"pairs": subset, **metrics(name, part["gold"], part[col])})
    table = pd.DataFrame(rows)
    counts = df["gold"].value_counts()
    text = "\n".join([
        f"Narrative Frames corpus: {len(df)} (article, entity) pairs in {df['doc_id'].nunique()} articles "
        f"({', '.join(f'{r} {counts.get(r, 0)}' for r in ROLES)}); entity string found in the text for "
        f"{found.mean():.1%} of them.",
        "",
        markdown(table),
        "",
        f"({time.time() - t0:.0f} s)",
    ])
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
