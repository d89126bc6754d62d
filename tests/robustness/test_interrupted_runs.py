"""Killed runs: no half-written output, and a rerun gives what an uninterrupted run gives.

A run (:func:`framing.run.run`) and a streamed extraction
(:func:`framing.stream.stream_extract`) are started in a subprocess and killed
with SIGKILL while they write. Afterwards the run's output folder must not exist
(it is written through a hidden sibling and renamed at the end), the stream
folder must hold whole parts only, and rerunning must give byte-identical
tables to an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

_SENTENCES = [
    "Rebels took the city on Thursday, officials said.",
    "Opposition fighters advanced as the regime collapsed, a spokesman told reporters.",
    "\u201cWe are ready to listen,\u201d the interim President said, according to a statement.",
    "The insurgents were accused of killings by rights groups.",
    "Government forces shelled the northern districts, residents said.",
    "President Bashar al-Assad fled to Moscow, the Kremlin said.",
]


def _corpus_file(folder: Path, n: int) -> Path:
    """A JSON Lines corpus of ``n`` short articles from three outlets over a week."""
    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            text = " ".join(_SENTENCES[(i + k) % len(_SENTENCES)] for k in range(4 + i % 5))
            record = {"id": f"d{i:04d}", "outlet": "ABC"[i % 3], "date": f"2024-12-{1 + i % 7:02d}",
                      "title": f"Story {i}", "text": text}
            out.write(json.dumps(record) + "\n")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _kill_when(cmd: list[str], ready: Any, timeout: float = 120.0) -> bool:
    """Start ``cmd``; SIGKILL it as soon as ``ready()`` is true. Return whether it was killed mid-way."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    deadline = time.monotonic() + timeout
    killed = False
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if ready():
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.01)
        else:
            proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:  # pragma: no cover - cleanup after a failure
            proc.kill()
            proc.wait()
    return killed


# --------------------------------------------------------------------------- framing.run


def _run_config(corpus: Path) -> dict[str, Any]:
    return {
        "seed": 3,
        "corpus": {"source": str(corpus), "read": {"clean": True}},
        "extract": ["wording", "sourcing", "tone"],
        "compare": {"by": "outlet", "events": "none",
                    "label_choice": {"n_boot": 50, "n_permutations": 50},
                    "features": {"n_boot": 50, "n_permutations": 50}},
    }


def _without_run_specifics(manifest: dict[str, Any]) -> dict[str, Any]:
    m = dict(manifest)
    m.pop("timings", None)
    m.pop("output_dir", None)
    return m


@pytest.mark.slow
def test_killed_run_leaves_no_output_and_a_rerun_matches(tmp_path: Path) -> None:
    from framing.run import run

    corpus = _corpus_file(tmp_path, 300)
    config = tmp_path / "config.json"
    config.write_text(json.dumps(_run_config(corpus)), encoding="utf-8")
    out = tmp_path / "out"
    script = ("import json, sys; from framing.run import run; "
              "run(json.loads(open(sys.argv[1]).read()), sys.argv[2])")

    def writing() -> bool:  # the hidden partial folder exists and holds files: the run is writing
        return any(p.is_dir() and any(p.rglob("*")) for p in tmp_path.glob(".out.partial-*"))

    killed = _kill_when([sys.executable, "-c", script, str(config), str(out)], writing)
    assert killed, "the run finished before it could be killed: give it more work"
    assert not out.exists(), "a killed run left a half-written output folder"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert all(p.startswith(".out.partial-") for p in leftovers)  # hidden, never mistaken for output

    rerun = run(_run_config(corpus), out)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")], "the killed run's folder was kept"
    uninterrupted = run(_run_config(corpus), tmp_path / "clean")
    a, b = _files(rerun.out_dir), _files(uninterrupted.out_dir)
    assert sorted(a) == sorted(b)
    different = [k for k in a if k != "manifest.json" and a[k] != b[k]]
    assert not different, f"rerun after a kill differs from an uninterrupted run: {different}"
    ma = json.loads(a["manifest.json"])
    mb = json.loads(b["manifest.json"])
    assert _without_run_specifics(ma) == _without_run_specifics(mb)


# --------------------------------------------------------------------------- framing.stream


_STREAM_SCRIPT = """
import sys
from framing.stream import stream_extract
from framing.extract.wording import WordingFeatures
from framing.extract.sourcing import SourcingFeatures
from framing.extract.tone import ToneFeatures
stream_extract(sys.argv[1], [WordingFeatures(), SourcingFeatures(), ToneFeatures()], sys.argv[2],
               chunk_size=int(sys.argv[3]), write_corpus=True)
"""


def _stream(corpus: Path, out: Path, chunk_size: int) -> Any:
    from framing.extract.sourcing import SourcingFeatures
    from framing.extract.tone import ToneFeatures
    from framing.extract.wording import WordingFeatures
    from framing.stream import stream_extract

    return stream_extract(corpus, [WordingFeatures(), SourcingFeatures(), ToneFeatures()], out,
                          chunk_size=chunk_size, write_corpus=True)


@pytest.mark.slow
def test_killed_stream_extract_resumes_to_the_same_parts(tmp_path: Path) -> None:
    from framing.stream import read_parts

    corpus = _corpus_file(tmp_path, 1200)
    chunk = 100
    out = tmp_path / "stream"

    def parts_written() -> bool:  # kill after two parts are finished, while later ones are written
        return len(list((out / "features").glob("part-*.parquet"))) >= 2 if (out / "features").is_dir() else False

    killed = _kill_when([sys.executable, "-c", _STREAM_SCRIPT, str(corpus), str(out), str(chunk)], parts_written)
    assert killed, "the stream finished before it could be killed: give it more work"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not manifest.get("complete")
    finished = [p["file"] for p in manifest["parts"]]
    assert len(finished) >= 2
    for kind in ("features", "mentions", "corpus"):
        for path in sorted((out / kind).glob("part-*.parquet")):  # every part on disk is whole (readable)
            pd.read_parquet(path)
        # a part beyond the manifest may exist (killed between the rename and the manifest update)
        assert set(finished) <= {p.name for p in (out / kind).glob("part-*.parquet")}

    resumed = _stream(corpus, out, chunk)
    assert resumed.n_resumed_parts >= 2
    clean = _stream(corpus, tmp_path / "clean", chunk)
    assert resumed.n_parts == clean.n_parts == 12
    for kind in ("features", "mentions", "corpus"):
        a = read_parts(out, kind)
        b = read_parts(tmp_path / "clean", kind)
        pd.testing.assert_frame_equal(a, b)
        fa = _files(out / kind)
        fb = _files(tmp_path / "clean" / kind)
        assert fa == fb, f"{kind} parts differ after a resumed run"
    assert not any(p.name.startswith(".tmp") and any(p.iterdir()) for p in out.iterdir() if p.is_dir())


def test_folders_of_killed_runs_are_cleaned_or_restored(tmp_path: Path) -> None:
    """Hidden folders of dead processes on this host go; an interrupted overwrite's earlier output comes back."""
    import subprocess

    from framing.run import _clean_stale, _work_name

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    partial = _work_name(out, "partial", dead.pid)
    old = _work_name(out, "old", dead.pid)
    live = _work_name(out, "partial")  # this process: still running
    other_host = tmp_path / f".out.partial-elsewhere-{dead.pid}"
    for folder in (partial, old, live, other_host):
        folder.mkdir()
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
    _clean_stale(out)
    assert not partial.exists() and not old.exists()
    assert (out / "manifest.json").is_file()  # the earlier output, put back
    assert live.is_dir() and other_host.is_dir()
    old.mkdir()
    _clean_stale(out)  # the output exists now: a dead run's old folder is only removed
    assert not old.exists() and (out / "manifest.json").is_file()
