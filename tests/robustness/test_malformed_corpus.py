"""A malformed corpus (built by make_malformed.py) is read without a crash, and nothing is lost.

For every file, and for all of them read at once: the read completes (or raises
the documented ``ValueError`` for a source without its text column), every input
document is a corpus row or a rejects row with a reason, and the counts match the
manifest exactly, file by file and in total.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from framing.corpus.read import CorpusReadError, read_corpus_with_rejects

_SPEC = importlib.util.spec_from_file_location("make_malformed", Path(__file__).with_name("make_malformed.py"))
make_malformed = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(make_malformed)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: Any) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("malformed")
    return root, make_malformed.build(root)


def _base(doc_id: str) -> str:
    """A doc_id without the '#<n>' suffix given to later duplicates."""
    return re.sub(r"#\d+$", "", doc_id)


def _line(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _problems(entry: dict[str, Any], path: Path, corpus: pd.DataFrame, rejects: pd.DataFrame) -> list[str]:
    name = entry["file"]
    found = []
    if len(corpus) + len(rejects) != entry["documents"]:
        found.append(f"{name}: {len(corpus)} kept + {len(rejects)} rejected != {entry['documents']} documents")
    if entry["kept"] is not None and len(corpus) != entry["kept"]:
        found.append(f"{name}: kept {len(corpus)}, expected {entry['kept']}")
    if entry["kept_ids"] is not None:
        got = Counter(_base(i) for i in corpus["doc_id"])
        if got != Counter(entry["kept_ids"]):
            found.append(f"{name}: kept ids {sorted(got)} != {sorted(entry['kept_ids'])}")
    if entry["reject_lines"] is not None:
        got_lines = Counter(_line(v) for v in rejects["line"])
        if got_lines != Counter(entry["reject_lines"]):
            found.append(f"{name}: reject lines {sorted(got_lines.items(), key=str)} != {entry['reject_lines']}")
    if not corpus["doc_id"].is_unique:
        found.append(f"{name}: duplicate doc_ids in the corpus")
    reasons = rejects["reason"].tolist()
    if not all(isinstance(r, str) and r.strip() for r in reasons):
        found.append(f"{name}: a reject without a reason")
    if len(rejects) and set(rejects["source_path"]) != {str(path)}:
        found.append(f"{name}: rejects name {set(rejects['source_path'])}")
    if len(corpus) and set(corpus["source_path"]) != {str(path)} and not entry["what"].startswith("source_path is"):
        found.append(f"{name}: corpus rows name {set(corpus['source_path'])}")
    return found


def test_malformed_corpus_has_enough_files(malformed: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = malformed
    entries = manifest["files"]
    assert len(entries) >= 200
    assert all((root / "files" / e["file"]).is_file() for e in entries)
    assert manifest["total_documents"] == sum(e["documents"] for e in entries if e["raises"] is None)


def test_every_file_accounts_for_every_document(malformed: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = malformed
    problems: list[str] = []
    kept = rejected = 0
    for entry in manifest["files"]:
        path = root / "files" / entry["file"]
        if entry["raises"] is not None:
            with pytest.raises(ValueError) as info:
                read_corpus_with_rejects(path)
            assert str(path) in str(info.value), info.value  # the message names the file
            continue
        try:
            corpus, rejects = read_corpus_with_rejects(path)
        except Exception as exc:  # collected, so one run lists every failing file
            problems.append(f"{entry['file']}: raised {type(exc).__name__}: {exc}"[:300])
            continue
        problems += _problems(entry, path, corpus, rejects)
        kept += len(corpus)
        rejected += len(rejects)
    assert not problems, "\n".join(problems)
    assert kept + rejected == manifest["total_documents"]
    assert kept > 0 and rejected > 0


def test_all_files_at_once(malformed: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = malformed
    entries = [e for e in manifest["files"] if e["raises"] is None]
    paths = [root / "files" / e["file"] for e in entries]
    corpus, rejects = read_corpus_with_rejects(paths)
    assert len(corpus) + len(rejects) == manifest["total_documents"]
    assert corpus["doc_id"].is_unique  # duplicates across files were renamed, not dropped
    per_file = Counter(corpus["source_path"].tolist()) + Counter(rejects["source_path"].tolist())
    for entry, path in zip(entries, paths):
        if entry["what"].startswith("source_path is"):
            continue  # a record's own source_path is kept
        assert per_file.get(str(path), 0) == entry["documents"], entry["file"]


def test_folders_and_globs(malformed: tuple[Path, dict[str, Any]]) -> None:
    root, manifest = malformed
    files = root / "files"
    by_folder: Counter[str] = Counter()
    for e in manifest["files"]:
        if e["raises"] is None:
            by_folder[e["file"].split("/")[0]] += e["documents"]
    for folder in ("article", "html"):  # a folder read takes its text and HTML files
        corpus, rejects = read_corpus_with_rejects(files / folder)
        assert len(corpus) + len(rejects) == by_folder[folder], folder
    for folder in ("variants", "compressed", "parquet"):
        pattern = str(files / folder / "*")
        if folder == "parquet":
            pattern = str(files / folder / "[!n]*.parquet")  # no_text.parquet raises: left out
        corpus, rejects = read_corpus_with_rejects(pattern)
        expected = sum(e["documents"] for e in manifest["files"]
                       if e["file"].startswith(folder + "/") and e["raises"] is None)
        assert len(corpus) + len(rejects) == expected, folder


def test_errors_raise_names_file_and_line(malformed: tuple[Path, dict[str, Any]]) -> None:
    root, _ = malformed
    for name, where in (("jsonl/broken_lines.jsonl", ":2"), ("csv/ragged.csv", ":3"),
                        ("compressed/truncated_3.jsonl.gz", "truncated_3.jsonl.gz"),
                        ("parquet/junk.parquet", "junk.parquet")):
        with pytest.raises(CorpusReadError) as info:
            read_corpus_with_rejects(root / "files" / name, errors="raise")
        assert where in str(info.value), (name, str(info.value))


def test_chunked_reading_accounts_for_every_document(malformed: tuple[Path, dict[str, Any]]) -> None:
    from framing.stream import iter_chunks

    root, manifest = malformed
    problems = []
    for entry in manifest["files"]:
        path = root / "files" / entry["file"]
        if entry["raises"] is not None:
            with pytest.raises(ValueError):
                list(iter_chunks(path, chunk_size=3))
            continue
        try:  # small chunks, so that records straddle chunk boundaries; fewer for the big files
            small = entry["documents"] < 100 and not entry["file"].startswith("compressed/")
            chunks = list(iter_chunks(path, chunk_size=3 if small else 1000))
            n_input = sum(c.n_input for c in chunks)
            kept = sum(len(c.corpus) for c in chunks)
            rejected = sum(len(c.rejects) for c in chunks)
            ok = (n_input == entry["documents"] == kept + rejected
                  and (entry["kept"] is None or kept == entry["kept"]))
            outcome = f"{n_input} input, {kept} kept, {rejected} rejected; expected {entry['documents']}"
        except Exception as exc:
            ok, outcome = False, f"raised {type(exc).__name__}: {exc}"[:200]
        if not ok:
            problems.append(f"{entry['file']}: {outcome}")
    assert not problems, "\n".join(problems)
