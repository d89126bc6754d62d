"""Statistics across groups of articles, from tables only.

* :mod:`framing.compare.terms` - Fightin' Words (distinctive terms)
* :mod:`framing.compare.estimator` - the Fightin' Words estimator (``FightingWords``)
* :mod:`framing.compare.labels` - label choice: shares, bootstrap CIs, permutation tests
* :mod:`framing.compare.events` - same-event selection and story matching
* :mod:`framing.compare.similarity` - outlet profiles, distances, MDS map
* :mod:`framing.compare.stats` - bootstrap, permutation, FDR helpers

:func:`compare_corpus` runs the usual set on a corpus table and a mentions table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["ComparisonResult", "compare_corpus"]


@dataclass
class ComparisonResult:
    """Tables from :func:`compare_corpus` and a markdown summary."""

    fighting_words: pd.DataFrame
    label_choice: pd.DataFrame
    tests: pd.DataFrame
    skipped: pd.DataFrame
    summary: str
    info: dict[str, Any] = field(default_factory=dict)


def compare_corpus(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    by: str = "outlet",
    events: str | None = None,
    drop_syndicated: bool = True,
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 2,
    n_boot: int = 2000,
    n_permutations: int = 2000,
    random_state: int = 0,
) -> ComparisonResult:
    """Fightin' Words and label choice across groups, optionally on the same events.

    Parameters
    ----------
    corpus : DataFrame
        The corpus table (``doc_id``, ``text``, the ``by`` column...).
    mentions : DataFrame, optional
        A wording mentions table (``doc_id, lexicon, concept, label``) for label choice.
    by : str, default "outlet"
    events : str, optional
        ``None`` (all articles), an event column such as ``"event_id"``, or
        ``"auto"`` (match stories, :func:`framing.compare.events.match_events`).
        With events, Fightin' Words uses only events covered by at least two
        groups and label-choice permutation tests shuffle within events.
    drop_syndicated : bool, default True
        Keep one copy of each wire-copy group (with events, or always when the
        corpus has a ``syndication_group`` column); the count is reported.
    ngram_range, min_count
        For Fightin' Words.
    n_boot, n_permutations, random_state
        For label choice.

    Returns
    -------
    ComparisonResult
    """
    from framing.compare.events import same_event_corpus
    from framing.compare.labels import label_choice
    from framing.compare.terms import fighting_words

    if by not in corpus.columns:
        raise ValueError(f"corpus has no column {by!r}; found {list(corpus.columns)}")
    lines = [f"# Comparison by `{by}`", ""]
    info: dict[str, Any] = {"by": by, "n_documents_in": int(len(corpus))}
    work = corpus
    strata = None
    if events:
        sel = same_event_corpus(corpus, by=by, events=events, drop_syndicated=drop_syndicated)
        work, strata = sel.corpus, sel.event_col
        info.update(n_events=sel.n_events, n_events_skipped=sel.n_events_skipped,
                    n_docs_unmatched=sel.n_docs_unmatched, n_syndicated_dropped=sel.n_syndicated_dropped)
        lines += [f"Same-event comparison on `{sel.event_col}`: {sel.summary()}", ""]
    elif drop_syndicated and "syndication_group" in corpus.columns:
        from framing.corpus.syndication import dedupe_syndicated

        work, n_dropped = dedupe_syndicated(corpus)
        info["n_syndicated_dropped"] = int(n_dropped)
        lines += [f"{n_dropped} wire-copy duplicates dropped (one copy kept per syndication group).", ""]
    missing = work[by].isna()
    if missing.any():
        lines += [f"{int(missing.sum())} article(s) without a `{by}` value left out.", ""]
        work = work[~missing]
    info["n_documents_used"] = int(len(work))
    texts = (work["title"].fillna("") + "\n" + work["text"].fillna("")) if "title" in work.columns else work["text"]
    fw = fighting_words(texts.tolist(), work[by].astype(str).tolist(), ngram_range=ngram_range, min_count=min_count)
    lines += [
        f"Fightin' Words (Monroe et al. 2008) on {len(work)} articles, n-grams {ngram_range[0]}-{ngram_range[1]}: "
        f"{fw.attrs['n_terms']} terms scored, {fw.attrs['n_terms_dropped']} below min_count={min_count} not scored.",
        "",
    ]
    for g, top in fw.groupby("group", sort=True):
        lines.append(f"- **{g}**: " + ", ".join(f"{t} ({z:.1f})" for t, z in top.head(10)[["term", "z"]].values))
    lines.append("")
    shares = pd.DataFrame()
    tests = pd.DataFrame()
    skipped = pd.DataFrame(columns=["concept", "group", "reason"])
    if mentions is not None and len(mentions):
        m = mentions[mentions["doc_id"].astype(str).isin(work["doc_id"].astype(str))]
        if "lexicon" in m.columns:
            m = m.assign(concept=m["lexicon"].astype(str) + ":" + m["concept"].astype(str))
        if len(m):
            res = label_choice(m, work, by=by, strata=strata, n_boot=n_boot, n_permutations=n_permutations,
                               random_state=random_state)
            shares, tests, skipped = res.shares, res.tests, res.skipped
            lines += ["## Label choice", "",
                      "Shares of each label within its concept, 95% CIs from a bootstrap over articles; "
                      "p-values from permutation of articles" + (f" within `{strata}`" if strata else "") +
                      ", Benjamini-Hochberg adjusted.", ""]
            omni = tests[tests["test"] == "permutation"]
            for _, row in omni.iterrows():
                lines.append(f"- `{row['concept']}`: permutation p = {row['p_value']:.4f} "
                             f"(adjusted {row['p_adjusted']:.4f}; {row['n_mentions']} mentions in {row['n_docs']} articles)")
            lines.append("")
        else:
            lines += ["No lexicon mentions in the compared articles: no label-choice table.", ""]
    if len(skipped):
        lines += ["## Left out", ""] + [f"- {r.concept} / {r.group}: {r.reason}" for r in skipped.itertuples()] + [""]
    return ComparisonResult(fw, shares, tests, skipped, "\n".join(lines), info)
