"""Generic-frame indicators against the hand codes of the Narrative Frames corpus.

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/frames_eval.py [--folds 5] [--seed 0] [--out FILE.md]

Compares, with the same 5-fold cross-validation (shuffled ``KFold``, one split
for every model and frame), per frame (RE, HI, CO, MO, EC):

1. **TF-IDF + LR** -- the baseline: ``make_pipeline("tfidf")`` (word 1-2-grams,
   balanced logistic regression, C=1), one binary model per frame, 0.5 cut;
   and the same features with C and the cut tuned (see 5);
2. **indicators alone** -- one :class:`~framing.extract.frames.FrameFeatures`
   column per frame (its 0-1 ``score``, or its ``per_1k`` rate) with the cut
   that maximizes F1 on the training folds;
3. **frames + LR** -- all FrameFeatures columns, standardized, balanced
   logistic regression per frame;
4. **TF-IDF + frames + LR** -- the features of
   ``make_pipeline("both", extractors=[FrameFeatures()])`` with a balanced
   logistic regression per frame;
5. "tuned" rows choose, per frame, the regularization C and the probability
   cut by an inner 3-fold cross-validation **inside the training folds** (every
   feature transformer, TF-IDF included, refitted on each inner training part);
   no test fold is ever used to choose anything;
6. **stacked** -- per frame, a logistic regression on the tuned TF-IDF model's
   out-of-fold log-odds plus the frame's own indicator rate and score.

Macro-F1 comes with a 95% bootstrap interval over articles, and the main
comparisons with paired bootstrap intervals of the difference.

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
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import KFold
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.pipeline import make_pipeline as make_sk_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

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


def fit_predict(pipe: Pipeline, corpus: pd.DataFrame, y: np.ndarray, folds: list) -> np.ndarray:
    """One multi-output pipeline per training fold; the 0.5 cut."""
    pred = np.zeros_like(y)
    for tr, te in folds:
        model = clone(pipe).fit(corpus.iloc[tr], y[tr])
        pred[te] = (probas(model, corpus.iloc[te]) >= 0.5).astype(int)
    return pred


def _lr_probas(Ztr: Any, ytr: np.ndarray, Zte: Any, C: float) -> np.ndarray:
    out = np.zeros((Zte.shape[0], ytr.shape[1]))
    for j in range(ytr.shape[1]):
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(Ztr, ytr[:, j])
        out[:, j] = lr.predict_proba(Zte)[:, 1]
    return out


def tuned_predict(features: Any, corpus: pd.DataFrame, y: np.ndarray, folds: list, Cs: Sequence[float],
                  inner: int, seed: int) -> tuple[np.ndarray, list]:
    """Per frame, C and the probability cut chosen by an inner CV on the training folds only.

    ``features`` is an unfitted transformer (TF-IDF and/or frame features); it is
    fitted on every (inner or outer) training part separately. Returns the
    predictions and, per outer fold, the chosen ``(C, cut)`` per frame.
    """
    pred = np.zeros_like(y)
    chosen = []
    for tr, te in folds:
        oof = {C: np.zeros((len(tr), y.shape[1])) for C in Cs}
        for itr, ite in KFold(inner, shuffle=True, random_state=seed).split(tr):
            f = clone(features)
            Ztr = f.fit_transform(corpus.iloc[tr[itr]])
            Zte = f.transform(corpus.iloc[tr[ite]])
            for C in Cs:
                oof[C][ite] = _lr_probas(Ztr, y[tr[itr]], Zte, C)
        picks = []
        for j in range(y.shape[1]):
            best = None
            for C in Cs:
                cut = best_cut(oof[C][:, j], y[tr, j])
                f1 = f1_score(y[tr, j], (oof[C][:, j] >= cut).astype(int), zero_division=0)
                if best is None or f1 > best[0]:
                    best = (f1, C, cut)
            picks.append(best[1:])
        f = clone(features)
        Ztr = f.fit_transform(corpus.iloc[tr])
        Zte = f.transform(corpus.iloc[te])
        for j, (C, cut) in enumerate(picks):
            pred[te, j] = (_lr_probas(Ztr, y[tr][:, [j]], Zte, C)[:, 0] >= cut).astype(int)
        chosen.append(picks)
    return pred, chosen


def stacked_predict(tfidf: Any, X: pd.DataFrame, corpus: pd.DataFrame, y: np.ndarray, folds: list,
                    Cs: Sequence[float], inner: int, seed: int) -> np.ndarray:
    """Per frame, a logistic regression on the TF-IDF model's log-odds and the frame's own indicator rate and score.

    Inside each training fold: out-of-fold TF-IDF probabilities from an inner
    CV (C per frame chosen by inner ROC AUC), the meta model fitted on them and
    its cut chosen on its own 3-fold out-of-fold probabilities; the test fold
    gets the TF-IDF model refitted on the whole training fold.
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict

    def logit(p: np.ndarray) -> np.ndarray:
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))

    pred = np.zeros_like(y)
    for tr, te in folds:
        oof = {C: np.zeros((len(tr), y.shape[1])) for C in Cs}
        for itr, ite in KFold(inner, shuffle=True, random_state=seed).split(tr):
            f = clone(tfidf)
            Ztr = f.fit_transform(corpus.iloc[tr[itr]])
            Zte = f.transform(corpus.iloc[tr[ite]])
            for C in Cs:
                oof[C][ite] = _lr_probas(Ztr, y[tr[itr]], Zte, C)
        f = clone(tfidf)
        Ztr = f.fit_transform(corpus.iloc[tr])
        Zte = f.transform(corpus.iloc[te])
        for j, code in enumerate(CODES):
            C = max(Cs, key=lambda c: roc_auc_score(y[tr, j], oof[c][:, j]))
            p_test = _lr_probas(Ztr, y[tr][:, [j]], Zte, C)[:, 0]
            ind = X[[f"frames__{FRAME_OF[code]}__per_1k", f"frames__{FRAME_OF[code]}__score"]].to_numpy()
            meta = make_sk_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))
            Mtr = np.column_stack([logit(oof[C][:, j]), ind[tr]])
            Mte = np.column_stack([logit(p_test), ind[te]])
            meta_oof = cross_val_predict(meta, Mtr, y[tr, j], cv=KFold(3, shuffle=True, random_state=seed),
                                         method="predict_proba")[:, 1]
            cut = best_cut(meta_oof, y[tr, j])
            pred[te, j] = (meta.fit(Mtr, y[tr, j]).predict_proba(Mte)[:, 1] >= cut).astype(int)
    return pred


def macro_f1_ci(y: np.ndarray, pred: np.ndarray, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of macro-F1 over articles (Efron & Tibshirani 1993)."""
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        stats.append(f1_score(y[idx], pred[idx], average="macro", zero_division=0))
    return float(np.quantile(stats, 0.025)), float(np.quantile(stats, 0.975))


def paired_difference(y: np.ndarray, a: np.ndarray, b: np.ndarray, n_boot: int = 1000,
                      seed: int = 0) -> tuple[float, float, float]:
    """Macro-F1 of ``a`` minus that of ``b`` on the same articles, with a paired 95% bootstrap interval."""
    rng = np.random.default_rng(seed)
    diff = f1_score(y, a, average="macro", zero_division=0) - f1_score(y, b, average="macro", zero_division=0)
    stats = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        stats.append(f1_score(y[idx], a[idx], average="macro", zero_division=0)
                     - f1_score(y[idx], b[idx], average="macro", zero_division=0))
    return float(diff), float(np.quantile(stats, 0.025)), float(np.quantile(stats, 0.975))


def baseline(corpus: pd.DataFrame, y: np.ndarray, folds: list) -> np.ndarray:
    pred = np.zeros_like(y)
    for tr, te in folds:
        for j in range(len(CODES)):
            model = make_pipeline("tfidf").fit(corpus.iloc[tr], y[tr, j])
            pred[te, j] = model.predict(corpus.iloc[te])
    return pred


def scores(name: str, y: np.ndarray, pred: np.ndarray) -> dict:
    lo, hi = macro_f1_ci(y, pred)
    row = {"model": name,
           "micro_F1": f1_score(y, pred, average="micro", zero_division=0),
           "macro_F1": f1_score(y, pred, average="macro", zero_division=0),
           "macro_F1 95% CI": f"{lo:.2f}-{hi:.2f}"}
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
    ap.add_argument("--C", type=float, nargs="+", default=[0.03, 0.1, 0.3, 1.0],
                    help="inverse regularization strengths tried by the inner CV")
    ap.add_argument("--out", help="also write the Markdown table to this file")
    args = ap.parse_args(argv)

    t0 = time.time()
    corpus, y = load()
    folds = list(KFold(args.folds, shuffle=True, random_state=args.seed).split(corpus))
    X = FrameFeatures().fit(corpus).set_output(transform="pandas").transform(corpus)

    Cs = tuple(args.C)
    tfidf = make_pipeline("tfidf").named_steps["features"]
    frames_only = Pipeline([("frames", FrameFeatures()), ("scale", StandardScaler())])
    both = make_pipeline("both", extractors=[FrameFeatures()])
    rows, preds = [], {}

    def add(name: str, pred: np.ndarray) -> None:
        preds[name] = pred
        rows.append(scores(name, y, pred))

    with threadpool_limits(1):  # one BLAS thread: many small fits, often on a shared machine
        add("TF-IDF + LR (baseline)", baseline(corpus, y, folds))
        add("TF-IDF + LR, tuned C and cut", tuned_predict(tfidf, corpus, y, folds, Cs, args.inner, args.seed)[0])
        add("indicators alone: frame score", indicator_alone(X, y, folds, "score"))
        add("indicators alone: frame rate per 1k words", indicator_alone(X, y, folds, "per_1k"))
        frames_lr = Pipeline([*frames_only.steps, ("model", multi_lr())])
        add("frames + LR", fit_predict(frames_lr, corpus, y, folds))
        add("frames + LR, tuned C and cut", tuned_predict(frames_only, corpus, y, folds, Cs, args.inner, args.seed)[0])
        both.set_params(model=multi_lr())
        add("TF-IDF + frames + LR", fit_predict(both, corpus, y, folds))
        add("TF-IDF + frames + LR, tuned C and cut",
            tuned_predict(both.named_steps["features"], corpus, y, folds, Cs, args.inner, args.seed)[0])
        add("TF-IDF LR log-odds + frame rate and score, stacked",
            stacked_predict(tfidf, X, corpus, y, folds, Cs, args.inner, args.seed))
    ref = "TF-IDF + LR, tuned C and cut"
    diffs = []
    for name in ("indicators alone: frame rate per 1k words", "TF-IDF + frames + LR, tuned C and cut",
                 "TF-IDF LR log-odds + frame rate and score, stacked"):
        d, lo, hi = paired_difference(y, preds[name], preds[ref])
        diffs.append(f"- {name} minus {ref}: {d:+.3f} (95% paired bootstrap CI {lo:+.3f} to {hi:+.3f})")

    table = pd.DataFrame(rows)
    prevalence = ", ".join(f"{c} {int(y[:, j].sum())}" for j, c in enumerate(CODES))
    lines = [
        f"Narrative Frames corpus: {len(corpus)} articles with frame codes ({prevalence}); "
        f"{args.folds}-fold cross-validation (KFold, shuffled, seed {args.seed}); "
        "cells: F1 (precision/recall). Cuts of 'indicators alone' maximize F1 on the training folds; "
        f"'tuned' rows choose, per frame, C in {list(Cs)} and the probability cut by an inner {args.inner}-fold "
        "CV inside the training folds.",
        "",
        markdown(table),
        "",
        "Macro-F1 differences on the same articles (1,000 article resamples):",
        "",
        *diffs,
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
