"""Report verbs and hedges per outlet on BASIL, with article-bootstrap 95% CIs.

BASIL (Fan et al. 2019) has 100 events, each covered by Fox News, the New York
Times and HuffPost. For each outlet this prints, as a Markdown table:

* the share of *loaded* report verbs ("claimed", "admitted", "insisted", ...)
  among all report verbs (``report-verbs`` lexicon, tag ``stance``), pooled over
  the outlet's articles (sum of loaded / sum of all);
* hedges per 1,000 words of body text (``hedges`` lexicon), pooled likewise;

each with a percentile bootstrap 95% CI that resamples articles (Efron &
Tibshirani 1993; :func:`framing.compare.stats.bootstrap_ratio_ci`). A second
table gives the between-outlet differences with a paired bootstrap over events
(the three articles of an event are resampled together). Then the most frequent
loaded verbs per outlet.

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/basil_wording.py [--n-boot 2000]

References
----------
Fan, L., White, M., Sharma, E., Su, R., Choubey, P. K., Huang, R., & Wang, L.
(2019). In plain sight: Media bias through the lens of factual reporting. EMNLP.
Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
import pandas as pd

import framing
from framing.compare.stats import bootstrap_ratio_ci
from framing.extract.wording import WordingFeatures

OUTLETS = ("Fox News", "New York Times", "HuffPost")
RV = "wording__report_verbs__report_verb"
HEDGE = "wording__hedges__hedge__count"


def article_table(corpus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    wf = WordingFeatures(lexicons=("report-verbs", "hedges"), normalize="count", fields=("text",)).fit(corpus)
    features, mentions = wf.extract(corpus)
    table = pd.DataFrame({
        "outlet": corpus["outlet"].to_numpy(),
        "event_id": corpus["event_id"].to_numpy(),
        "words": corpus["text"].map(lambda t: len(t.split())).to_numpy(),
        "report_verbs": features[f"{RV}__count"].to_numpy(),
        "loaded": features[f"{RV}__stance__loaded__count"].to_numpy(),
        "hedges": features[HEDGE].to_numpy(),
    }, index=features.index)
    mentions = mentions.merge(table[["outlet"]], left_on="doc_id", right_index=True)
    return table, mentions


def per_outlet(table: pd.DataFrame, n_boot: int) -> pd.DataFrame:
    rows = []
    for outlet in OUTLETS:
        t = table[table.outlet == outlet]
        share, s_lo, s_hi = bootstrap_ratio_ci(t.loaded.to_numpy(), t.report_verbs.to_numpy(), n_boot=n_boot)
        rate, r_lo, r_hi = bootstrap_ratio_ci(t.hedges.to_numpy(), t.words.to_numpy() / 1000.0, n_boot=n_boot)
        rows.append({"outlet": outlet, "articles": len(t), "words": int(t.words.sum()),
                     "report verbs": int(t.report_verbs.sum()), "loaded": int(t.loaded.sum()),
                     "loaded share": share, "share CI": (s_lo, s_hi),
                     "hedges": int(t.hedges.sum()), "hedges per 1k words": rate, "rate CI": (r_lo, r_hi)})
    return pd.DataFrame(rows)


def paired_differences(table: pd.DataFrame, n_boot: int, seed: int = 0) -> pd.DataFrame:
    """Differences between outlets with a bootstrap over events (articles of an event stay together)."""
    events = sorted(set.intersection(*(set(table.event_id[table.outlet == o]) for o in OUTLETS)))
    sums = {o: table[table.outlet == o].groupby("event_id")[["loaded", "report_verbs", "hedges", "words"]].sum()
            .loc[events].to_numpy(dtype=float) for o in OUTLETS}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(events), size=(n_boot, len(events)))

    def stats(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # a: (..., n_events, 4) -> loaded share, hedges per 1k
        s = a.sum(axis=-2)
        return s[..., 0] / s[..., 1], 1000.0 * s[..., 2] / s[..., 3]

    rows = []
    for a, b in itertools.combinations(OUTLETS, 2):
        (sa, ra), (sb, rb) = stats(sums[a]), stats(sums[b])
        (bsa, bra), (bsb, brb) = stats(sums[a][idx]), stats(sums[b][idx])
        for what, est, boot in (("loaded share", sa - sb, bsa - bsb), ("hedges per 1k words", ra - rb, bra - brb)):
            lo, hi = np.nanquantile(boot, [0.025, 0.975])
            rows.append({"difference": f"{a} - {b}", "measure": what, "estimate": est, "CI": (lo, hi),
                         "events": len(events)})
    return pd.DataFrame(rows)


def fmt_ci(est: float, ci: tuple[float, float], digits: int) -> str:
    return f"{est:.{digits}f} [{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-boot", type=int, default=2000)
    args = ap.parse_args()

    corpus = framing.load_dataset("basil")
    table, mentions = article_table(corpus)
    outlets = per_outlet(table, args.n_boot)
    print("| outlet | articles | words | report verbs | loaded | loaded share [95% CI] | hedges | hedges per 1k words [95% CI] |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in outlets.itertuples(index=False):
        print(f"| {r.outlet} | {r.articles} | {r.words:,} | {r._3:,} | {r.loaded:,} | "
              f"{fmt_ci(r._5, r._6, 3)} | {r.hedges:,} | {fmt_ci(r._8, r._9, 2)} |")
    print()
    diffs = paired_differences(table, args.n_boot)
    print("| difference | measure | estimate [95% CI, paired over events] |")
    print("| --- | --- | ---: |")
    for r in diffs.itertuples(index=False):
        digits = 3 if r.measure == "loaded share" else 2
        print(f"| {r.difference} | {r.measure} | {fmt_ci(r.estimate, r.CI, digits)} |")
    print()
    loaded = mentions[(mentions.lexicon == "report-verbs") & mentions.tags.str.contains("stance=loaded")]
    top = (loaded.groupby(["outlet", "label"]).size().rename("n").reset_index()
           .sort_values(["outlet", "n"], ascending=[True, False]).groupby("outlet").head(6))
    print("| outlet | most frequent loaded report verbs (mentions) |")
    print("| --- | --- |")
    for outlet in OUTLETS:
        t = top[top.outlet == outlet]
        print(f"| {outlet} | " + ", ".join(f"{lab} ({n})" for lab, n in zip(t.label, t.n)) + " |")


if __name__ == "__main__":
    main()
