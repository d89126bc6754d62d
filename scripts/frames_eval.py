"""Generic-frame indicators against the hand codes of the Narrative Frames corpus.

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/frames_eval.py [--folds 5] [--seed 0] [--out FILE.md]

Compares, with the same 5-fold cross-validation (shuffled ``KFold``, one split
for every model and frame), per frame (RE, HI, CO, MO, EC):

1. **TF-IDF + LR** -- the baseline: ``make_pipeline("tfidf")`` (word 1-2-grams,
   balanced logistic regression), one binary model per frame, default 0.5 cut;
2. **indicators alone** -- one :class:`~framing.extract.frames.FrameFeatures`
   column per frame (its 0-1 ``score``, or its ``per_1k`` rate) with the cut
   that maximizes F1 on the training folds;
3. **frames + LR** -- all FrameFeatures columns, standardized, balanced
   logistic regression;
4. **TF-IDF + frames + LR** -- ``make_pipeline("both", extractors=[FrameFeatures()])``
   with a balanced logistic regression per frame (``MultiOutputClassifier``);
   once with the 0.5 cut and once with a per-frame cut chosen by an inner
   3-fold cross-validation **inside the training folds** (no test fold is ever
   used to choose anything).

Frame mapping (see docs/results_frames.md): RE is Frermann et al.'s
*resolution* frame, their adaptation of Semetko & Valkenburg's attribution of
responsibility, so it is scored with the ``responsibility`` indicators; HI, CO,
MO and EC are human interest, conflict, morality and economic consequences.

Prints a Markdown table (and writes it with ``--out``).

References
----------
Frermann, L., Li, J., Khanehzar, S., & Mikolajczak, G. (2023). Conflicts,
Villains, Resolutions: Towards models of Narrative Media Framing. ACL 2023.
Semetko, H. A., & Valkenburg, P. M. (2000). Journal of Communication 50(2), 93-109.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import KFold
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from framing.classify import make_pipeline
from framing.datasets import load_dataset
from framing.extract.frames import FrameFeatures

CODES = ("RE", "HI", "CO", "MO", "EC")
FRAME_OF = {"RE": "responsibility", "HI": "human_interest", "CO": "conflict", "MO": "morality", "EC": "economic"}


def load() -> tuple[pd.DataFrame, np.ndarray]:
    corpus = load_dataset("narrative_frames")
    coded = corpus["frames"].map(lambda f: isinstance(f, dict))
    corpus = corpus[coded].reset_index(drop=True)
    y = np.array([[bool(f[c]) for c in CODES] for f in corpus["frames"]], dtype=int)
    return corpus, y


def best_cut(scores: np.ndarray, y: np.ndarray) -> float:
    """The cut on ``scores`` (predict 1 when ``>= cut``) that maximizes F1 on (scores, y); ties -> the highest cut."""
    cuts = np.unique(scores)
    best, best_f1 = cuts[-1], -1.0
    for c in cuts:
        f1 = f1_score(y, (scores >= c).astype(int), zero_division=0)
        if f1 >= best_f1:
            best, best_f1 = c, f1
    return float(best)


def indicator_alone(X: pd.DataFrame, y: np.ndarray, folds: list, column: str) -> np.ndarray:
    pred = np.zeros_like(y)
    for tr, te in folds:
        for j, code in enumerate(CODES):
            s = X[f"frames__{FRAME_OF[code]}__{column}"].to_numpy()
            cut = best_cut(s[tr], y[tr, j])
            pred[te, j] = (s[te] >= cut).astype(int)
    return pred


def multi_lr() -> MultiOutputClassifier:
    return MultiOutputClassifier(LogisticRegression(class_weight="balanced", max_iter=2000))


def probas(model: Pipeline, X: pd.DataFrame) -> np.ndarray:
    return np.column_stack([p[:, 1] for p in model.predict_proba(X)])


def fit_predict(pipe: Pipeline, corpus: pd.DataFrame, y: np.ndarray, folds: list, tune: bool,
                inner: int, seed: int) -> np.ndarray:
    pred = np.zeros_like(y)
    for tr, te in folds:
        cuts = np.full(len(CODES), 0.5)
        if tune:  # out-of-fold probabilities on the training folds only
            oof = np.zeros((len(tr), len(CODES)))
            for itr, ite in KFold(inner, shuffle=True, random_state=seed).split(tr):
                m = clone(pipe).fit(corpus.iloc[tr[itr]], y[tr[itr]])
                oof[ite] = probas(m, corpus.iloc[tr[ite]])
            cuts = np.array([best_cut(oof[:, j], y[tr, j]) for j in range(len(CODES))])
        model = clone(pipe).fit(corpus.iloc[tr], y[tr])
        pred[te] = (probas(model, corpus.iloc[te]) >= cuts).astype(int)
    return pred


def baseline(corpus: pd.DataFrame, y: np.ndarray, folds: list) -> np.ndarray:
    pred = np.zeros_like(y)
    for tr, te in folds:
        for j in range(len(CODES)):
            model = make_pipeline("tfidf").fit(corpus.iloc[tr], y[tr, j])
            pred[te, j] = model.predict(corpus.iloc[te])
    return pred


def scores(name: str, y: np.ndarray, pred: np.ndarray) -> dict:
    row = {"model": name,
           "micro_F1": f1_score(y, pred, average="micro", zero_division=0),
           "macro_F1": f1_score(y, pred, average="macro", zero_division=0)}
    for j, code in enumerate(CODES):
        p = precision_score(y[:, j], pred[:, j], zero_division=0)
        r = recall_score(y[:, j], pred[:, j], zero_division=0)
        f = f1_score(y[:, j], pred[:, j], zero_division=0)
        row[code] = f"{f:.2f} ({p:.2f}/{r:.2f})"
    return row


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a Markdown table (floats with 3 decimals)."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    head = "| " + " | ".join(map(str, table.columns)) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in cells)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner", type=int, default=3, help="inner folds for the threshold choice")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="also write the Markdown table to this file")
    args = ap.parse_args(argv)

    t0 = time.time()
    corpus, y = load()
    folds = list(KFold(args.folds, shuffle=True, random_state=args.seed).split(corpus))
    X = FrameFeatures().fit(corpus).set_output(transform="pandas").transform(corpus)

    rows = [scores("TF-IDF + LR (baseline)", y, baseline(corpus, y, folds))]
    rows.append(scores("indicators alone: frame score (cut fit on training folds)", y,
                       indicator_alone(X, y, folds, "score")))
    rows.append(scores("indicators alone: frame rate per 1k words (cut fit on training folds)", y,
                       indicator_alone(X, y, folds, "per_1k")))
    frames_lr = Pipeline([("frames", FrameFeatures()), ("scale", StandardScaler()), ("model", multi_lr())])
    rows.append(scores("frames + LR", y, fit_predict(frames_lr, corpus, y, folds, False, args.inner, args.seed)))
    rows.append(scores("frames + LR, tuned cut", y, fit_predict(frames_lr, corpus, y, folds, True, args.inner, args.seed)))
    both = make_pipeline("both", extractors=[FrameFeatures()])
    both.set_params(model=multi_lr())
    rows.append(scores("TF-IDF + frames + LR", y, fit_predict(both, corpus, y, folds, False, args.inner, args.seed)))
    rows.append(scores("TF-IDF + frames + LR, tuned cut", y, fit_predict(both, corpus, y, folds, True, args.inner,
                                                                         args.seed)))

    table = pd.DataFrame(rows)
    prevalence = ", ".join(f"{c} {int(y[:, j].sum())}" for j, c in enumerate(CODES))
    lines = [
        f"Narrative Frames corpus: {len(corpus)} articles with frame codes ({prevalence}); "
        f"{args.folds}-fold cross-validation (KFold, shuffled, seed {args.seed}); "
        "cells: F1 (precision/recall).",
        "",
        markdown(table),
        "",
        f"({time.time() - t0:.0f} s)",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
