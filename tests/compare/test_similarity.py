"""Outlet similarity: distances, bootstrap, MDS, ordering check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import pdist, squareform

from framing.compare.similarity import classical_mds, group_profiles, ordering_agreement, outlet_similarity


def test_mds_recovers_configuration_up_to_rotation():
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(6, 2))
    D = squareform(pdist(pts))
    coords = classical_mds(D, 2)
    np.testing.assert_allclose(squareform(pdist(coords)), D, atol=1e-9)


def test_similarity_orders_groups_and_ci_contains_estimate():
    rng = np.random.default_rng(1)
    centers = {"left": -1.0, "center": 0.0, "right": 1.0, "far-right": 2.0}
    rows, groups = [], []
    for g, c in centers.items():
        for _ in range(40):
            rows.append([c + rng.normal(scale=0.3), rng.normal()])
            groups.append(g)
    f = pd.DataFrame(rows, columns=["slant", "noise"])
    res = outlet_similarity(f, groups, n_boot=100)
    d = res.distances
    assert d.loc["left", "center"] < d.loc["left", "right"] < d.loc["left", "far-right"]
    assert ((res.pairs["ci_low"] <= res.pairs["distance"] + 1e-9) & (res.pairs["distance"] <= res.pairs["ci_high"] + 0.2)).all()
    coords = res.coordinates.set_index("group")
    agree = ordering_agreement(coords.loc[list(centers), "dim1"], [-1, 0, 1, 2], n_permutations=500)
    assert agree["abs_rho"] == pytest.approx(1.0)


def test_profiles_and_bad_input():
    f = pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, 1.0]})
    prof = group_profiles(f, ["x", "y"], standardize=False)
    assert prof.loc["x", "b"] == 0.0  # NaN features count as 0 (no mention)
    with pytest.raises(ValueError, match="at least two groups"):
        outlet_similarity(f, ["x", "x"])
    with pytest.raises(ValueError, match="rows"):
        outlet_similarity(f, ["x"])
