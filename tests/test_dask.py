"""Dask: extraction on a two-worker LocalCluster equals the single-process result."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from framing.corpus.read import read_corpus
from framing.extract.wording import WordingFeatures
from framing.parallel import dask_extract, require_dask

TEXTS = [
    "Rebels took the town of {i}. The regime said the opposition fighters had fled.",
    "Government forces shelled {i}, officials claimed. Insurgents denied it.",
    "The Assad regime and the rebels agreed to talks in {i}, a spokesman said.",
]


def test_missing_dask_gives_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"pip install 'framing\[dask\]'"):
        require_dask()


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.dataframe", reason="Dask is not installed (pip install 'framing[dask]')")
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'framing[dask]')")
    import dask

    # a loaded two-core machine can be slow to start worker processes
    with dask.config.set({"distributed.comm.timeouts.connect": "120s", "distributed.comm.timeouts.tcp": "120s"}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as c:
            yield c


def _expected(corpus: pd.DataFrame, wf: WordingFeatures) -> tuple[pd.DataFrame, pd.DataFrame]:
    f, m = wf.extract(corpus)
    f = f.reset_index()
    f.insert(1, "outlet", corpus["outlet"].astype(object).to_numpy())
    m = m.copy()
    m.insert(0, "extractor", "wording")
    return f, m


def test_local_cluster_equals_one_process(client, tmp_path):
    import dask

    rows = [{"id": f"d{i}", "outlet": "LR"[i % 2], "text": TEXTS[i % 3].format(i=f"Town{i}")} for i in range(40)]
    for part in range(4):
        (tmp_path / f"part{part}.jsonl").write_text(
            "\n".join(json.dumps(r) for r in rows[part * 10:(part + 1) * 10]) + "\n", encoding="utf-8")
    corpus = read_corpus(sorted(tmp_path.glob("*.jsonl")))
    wf = WordingFeatures(lexicons=("syria-transition", "report-verbs")).fit(corpus)
    f_exp, m_exp = _expected(corpus, wf)

    # a corpus table cut into partitions
    feats, ments = dask_extract(corpus, wf, partition_size=12)
    assert feats.npartitions == 4
    f, m = dask.compute(feats, ments)
    pd.testing.assert_frame_equal(f.reset_index(drop=True), f_exp, check_dtype=False)
    pd.testing.assert_frame_equal(m.reset_index(drop=True), m_exp, check_dtype=False)
    assert len(m) > 40
    # the work ran on both workers
    assert len(client.scheduler_info()["workers"]) == 2

    # features only: map_partitions over the fast transform
    only, none = dask_extract(corpus, wf, partition_size=12, mentions=False)
    assert none is None
    pd.testing.assert_frame_equal(only.compute().reset_index(drop=True), f_exp, check_dtype=False)

    # files read on the workers, one partition per file
    feats, ments = dask_extract(str(tmp_path / "*.jsonl"), wf)
    f, m = dask.compute(feats, ments)
    pd.testing.assert_frame_equal(f.reset_index(drop=True), f_exp, check_dtype=False)
    pd.testing.assert_frame_equal(m.reset_index(drop=True), m_exp, check_dtype=False)
    with pytest.raises(FileNotFoundError, match="shared storage"):
        dask_extract(str(tmp_path / "missing.jsonl"), wf)
