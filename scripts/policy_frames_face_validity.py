"""Face validity of the policy-frame indicators: do top-scoring articles come from the expected AllSides topics?

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/policy_frames_face_validity.py \
        [--limit N] [--top 50] [--by share|per_1k] [--min-hits 10] [--titles 5] [--out FILE.md]

For every Policy Frames Codebook dimension, ranks the AllSides ABP articles by
:class:`~framing.extract.frames.PolicyFrameFeatures` (``share`` of the article's
frame indicators by default; only articles with at least ``--min-hits``
indicator hits in all, so that a two-word article cannot top the list), takes
the top ``--top`` articles and reports their ten most common AllSides topics
and the share of them whose topic is one a reader would expect for that
dimension (:data:`EXPECTED`, written down before looking at the results), next
to the share of all ranked articles with such a topic (the base rate). Titles
of the top articles are printed with ``--titles``; article bodies never are.

There are no codebook codes for these articles: this is a face-validity check
of indicators, not a validation. AllSides topics are assigned per article by
AllSides and are about subject matter, while frames are about perspective, so
even perfect frame indicators would not match topics one to one.

References
----------
Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014).
Tracking the development of media frames within and across policy issues. APSA 2014.
Baly, R., Da San Martino, G., Glass, J., & Nakov, P. (2020). We can detect your
bias: Predicting the political ideology of news articles. EMNLP 2020.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import pandas as pd

from framing.datasets import load_dataset
from framing.extract.frames import POLICY_FRAMES, PolicyFrameFeatures

#: Dimension -> AllSides topics whose articles would be expected to use it most.
EXPECTED: dict[str, tuple[str, ...]] = {
    "economic": ("economy_and_jobs", "economic_policy", "taxes", "trade", "federal_budget", "banking_and_finance",
                 "business", "labor", "fiscal_cliff", "treasury"),
    "capacity_and_resources": ("housing_and_homelessness", "energy", "agriculture", "transportation", "disaster",
                               "veterans_affairs", "healthcare", "coronavirus", "immigration"),
    "morality": ("religion_and_faith", "abortion", "lgbt_rights", "family_and_marriage", "sexual_misconduct"),
    "fairness_and_equality": ("inequality", "civil_rights", "race_and_racism", "women's_issues", "lgbt_rights",
                              "voting_rights_and_voter_fraud", "labor"),
    "legality_constitutionality": ("supreme_court", "justice", "justice_department", "us_constitution", "free_speech",
                                   "civil_rights", "abortion", "gun_control_and_gun_rights"),
    "policy_prescription": ("healthcare", "immigration", "economic_policy", "domestic_policy", "role_of_government",
                            "federal_budget", "taxes", "education", "environment", "gun_control_and_gun_rights"),
    "crime_and_punishment": ("criminal_justice", "violence_in_america", "justice", "justice_department", "fbi",
                             "death_penalty", "capital_punishment_and_death_penalty", "gun_control_and_gun_rights",
                             "sexual_misconduct", "opioid_crisis", "dea", "immigration", "terrorism"),
    "security_and_defense": ("national_security", "terrorism", "defense", "us_military", "national_defense",
                             "homeland_security", "isis", "nuclear_weapons", "north_korea", "cybersecurity", "nsa",
                             "cia", "middle_east"),
    "health_and_safety": ("healthcare", "coronavirus", "public_health", "opioid_crisis", "ebola",
                          "obesity_and_malnutrition", "fda", "food", "disaster", "gun_control_and_gun_rights"),
    "quality_of_life": ("housing_and_homelessness", "family_and_marriage", "welfare", "social_security", "education",
                        "transportation", "food", "holidays", "economy_and_jobs"),
    "cultural_identity": ("culture", "arts_and_entertainment", "holidays", "religion_and_faith", "race_and_racism",
                          "sports", "lgbt_rights", "media_industry", "immigration"),
    "public_opinion": ("polarization", "elections", "bridging_divides", "media_bias", "facts_and_fact_checking"),
    "political": ("elections", "politics", "republican_party", "democratic_party", "us_congress", "us_senate",
                  "us_house", "campaign_finance", "impeachment", "white_house", "tea_party", "campaign_rhetoric",
                  "polarization"),
    "external_regulation": ("foreign_policy", "world", "state_department", "china", "russia", "europe", "middle_east",
                            "trade", "israel", "north_korea", "mexico", "great_britain", "asia", "africa", "palestine",
                            "south_korea"),
}


def face_validity(corpus: pd.DataFrame, feats: pd.DataFrame, *, top: int = 50, by: str = "share",
                  min_hits: int = 10) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The face-validity table and, per dimension, its top articles (``title, topic, outlet, score``)."""
    ok = (feats["policy_frames__total__count"] >= min_hits).to_numpy()
    ranked = corpus[ok].reset_index(drop=True)
    f = feats[ok].reset_index(drop=True)
    topics = ranked["topic"].astype(str)
    rows, tops = [], {}
    for frame in POLICY_FRAMES:
        score = f[f"policy_frames__{frame}__{by}"]
        order = score.sort_values(ascending=False, kind="stable").index[:top]
        chosen = topics.loc[order]
        expected = set(EXPECTED[frame])
        hit = chosen.isin(expected).mean()
        base = topics.isin(expected).mean()
        counts = Counter(chosen)
        rows.append({
            "frame": frame,
            "top-10 topics among the top articles (n)": ", ".join(f"{t} ({n})" for t, n in counts.most_common(10)),
            "expected topic": f"{hit:.2f}",
            "base rate": f"{base:.2f}",
            "lift": f"{hit / base:.1f}" if base else "",
        })
        tops[frame] = pd.DataFrame({"title": ranked.loc[order, "title"].to_numpy(), "topic": chosen.to_numpy(),
                                    "outlet": ranked.loc[order, "outlet"].to_numpy(), by: score.loc[order].to_numpy()})
    return pd.DataFrame(rows), tops


def markdown(table: pd.DataFrame) -> str:
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    return "\n".join([head, rule, *("| " + " | ".join(map(str, r)) + " |" for r in table.itertuples(index=False))])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="read only the first N articles")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--by", choices=("share", "per_1k"), default="share")
    ap.add_argument("--min-hits", type=int, default=10)
    ap.add_argument("--titles", type=int, default=0, help="print the titles of the N top articles per dimension")
    ap.add_argument("--out", help="also write the Markdown table to this file")
    args = ap.parse_args(argv)

    t0 = time.time()
    corpus = load_dataset("allsides_abp", limit=args.limit)
    feats = PolicyFrameFeatures().fit(corpus).set_output(transform="pandas").transform(corpus)
    table, tops = face_validity(corpus, feats, top=args.top, by=args.by, min_hits=args.min_hits)
    n_ranked = int((feats["policy_frames__total__count"] >= args.min_hits).sum())
    lines = [
        f"AllSides ABP: {len(corpus)} articles, {n_ranked} with at least {args.min_hits} policy-frame indicator hits; "
        f"per dimension, the top {args.top} by `{args.by}`; 'expected topic': share of them whose AllSides topic is "
        "in the dimension's expected list; 'base rate': the same share among all ranked articles; lift = their ratio.",
        "",
        markdown(table),
    ]
    if args.titles:
        for frame, df in tops.items():
            lines += ["", f"{frame}:"]
            lines += [f"  {r.topic:<28} {r.title}" for r in df.head(args.titles).itertuples()]
    lines += ["", f"({time.time() - t0:.0f} s)"]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
