"""Fightin' Words speed and peak memory: framing against ConvoKit, in the same run.

Reads the ``allsides_abp`` articles (title and text as distributed) from
``$FRAMING_DATA_DIR`` and scores left- against right-leaning articles with
1-3-grams (Monroe, Colaresi & Quinn 2008):

* **framing**: :func:`framing.compare.terms.fighting_words` on *all* 20,700
  articles (three groups counted, ``left`` vs ``right`` scored, terms seen
  fewer than ``--min-count`` times pruned), and on the same sample ConvoKit gets;
* **ConvoKit**: ``convokit.FightingWords(ngram_range=(1, 3))`` with its default
  ``CountVectorizer`` (``min_df=10, max_df=0.5, max_features=15000``) and its
  default text cleaning, on a sample of ``--sample`` left/right articles
  (its counts are a dense array, so it cannot take the whole corpus);
* **dense re-implementation** (``--reimpl``, or automatically when ConvoKit is not
  installed): ConvoKit's algorithm with scikit-learn only -- the same
  ``CountVectorizer`` settings, ``.toarray()``, class sums and a per-term
  Python loop -- lower-casing instead of the ``clean-text`` package.

Each approach runs in its own subprocess and imports only what its call needs
(the framing worker :mod:`framing.compare.terms`, that is NumPy, SciPy and
pandas; the ConvoKit worker ``convokit``). The bench reports the seconds of the
scoring call, articles per second, the resident memory just before the call
(interpreter, imports and the worker's articles), the process's peak resident
memory (``VmHWM`` in ``/proc/self/status``, imports included) and the part of
that peak added by the call (peak minus resident memory before), then the
ratios. ``ru_maxrss`` is not used: Linux starts a child's ``ru_maxrss`` at the
peak of the parent it was started from, here the driver holding all the
articles. The bench also checks that ConvoKit's z-scores equal
:func:`framing.compare.terms.log_odds_dirichlet` on ConvoKit's own counts
with its uniform prior (0.1).

ConvoKit is **not** a dependency of framing: install it in a throwaway
environment outside the repository and point ``--convokit-python`` at it
(default ``/tmp/convokit-venv/bin/python`` when it exists)::

    python3 -m venv /tmp/convokit-venv && /tmp/convokit-venv/bin/pip install convokit
    FRAMING_DATA_DIR=/path/to/datasets python bench/fighting_words.py [--sample 2000] [--min-count 10]

Without it, the ConvoKit part is skipped with a message and the dense
re-implementation stands in.

References
----------
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical
feature selection and evaluation for identifying the content of political
conflict. Political Analysis, 16(4), 372-403.
Chang, J. P., et al. (2020). ConvoKit: A toolkit for the analysis of
conversations. SIGDIAL 2020.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_CONVOKIT_PYTHON = "/tmp/convokit-venv/bin/python"


# -- measurement helpers (stdlib only: the ConvoKit worker runs in another environment) ----


def peak_mb() -> float:
    """Peak resident memory of this process so far.

    ``VmHWM`` is the high-water mark of this process's own address space. ``ru_maxrss``
    is not used: Linux carries the parent's peak into a child across ``exec``, so every
    worker would report at least the driver's peak.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def rss_mb() -> float:
    """Current resident memory of this process."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_input(path: str) -> tuple[list[str], list[str]]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return data["texts"], data["labels"]


# -- workers ---------------------------------------------------------------------------------


def worker_framing(path: str, ngram_max: int, min_count: int) -> dict:
    from framing.compare.terms import fighting_words

    texts, labels = load_input(path)
    before = rss_mb()
    t0 = time.perf_counter()
    scores = fighting_words(texts, labels, compare=("left", "right"), ngram_range=(1, ngram_max),
                            min_count=min_count)
    seconds = time.perf_counter() - t0
    left = scores[scores["group"] == "left"]
    return {"seconds": seconds, "n_articles": len(texts), "n_terms": int(scores.attrs["n_terms"]),
            "peak_mb": peak_mb(), "rss_before_mb": before,
            "top_left": left["term"].head(8).tolist(), "top_right": left["term"].tail(8)[::-1].tolist()}


def worker_convokit(path: str, ngram_max: int, out_npz: str) -> dict:
    import contextlib
    import io

    import numpy as np
    from convokit import Corpus, FightingWords, Speaker, Utterance

    texts, labels = load_input(path)
    before = rss_mb()
    t0 = time.perf_counter()
    speaker = Speaker(id="outlets")
    utterances = [Utterance(id=str(i), speaker=speaker, text=t, meta={"leaning": lab})
                  for i, (t, lab) in enumerate(zip(texts, labels))]
    corpus = Corpus(utterances=utterances)
    t1 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # ConvoKit prints progress
        fw = FightingWords(ngram_range=(1, ngram_max))
        fw.fit(corpus, class1_func=lambda u: u.meta["leaning"] == "left",
               class2_func=lambda u: u.meta["leaning"] == "right")
        z = fw.get_ngram_zscores()
    t2 = time.perf_counter()
    vocab = sorted(fw.cv.vocabulary_, key=fw.cv.vocabulary_.get)
    np.savez(out_npz, counts=fw._count_matrix, z=np.array([fw.ngram_zscores[t] for t in vocab]))
    ordered = z.sort_values("z-score")
    return {"seconds": t2 - t1, "seconds_with_corpus": t2 - t0, "n_articles": len(texts), "n_terms": len(vocab),
            "peak_mb": peak_mb(), "rss_before_mb": before,
            "top_left": ordered.index[::-1][:8].tolist(), "top_right": ordered.index[:8].tolist()}


def worker_dense(path: str, ngram_max: int) -> dict:
    """ConvoKit's algorithm (dense counts, per-term loop), with scikit-learn only."""
    import math

    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    texts, labels = load_input(path)
    before = rss_mb()
    t0 = time.perf_counter()
    class1 = [" ".join(t.lower().split()) for t, lab in zip(texts, labels) if lab == "left"]
    class2 = [" ".join(t.lower().split()) for t, lab in zip(texts, labels) if lab == "right"]
    cv = CountVectorizer(decode_error="ignore", min_df=10, max_df=0.5, ngram_range=(1, ngram_max), binary=False,
                         max_features=15000)
    counts = cv.fit_transform(class1 + class2).toarray()
    vocab_size = len(cv.vocabulary_)
    priors = np.array([0.1] * vocab_size)
    count_matrix = np.empty([2, vocab_size], dtype=np.float32)
    count_matrix[0, :] = counts[: len(class1)].sum(axis=0)
    count_matrix[1, :] = counts[len(class1):].sum(axis=0)
    a0, n1, n2 = priors.sum(), float(count_matrix[0].sum()), float(count_matrix[1].sum())
    z = np.empty(vocab_size)
    for i in range(vocab_size):
        d = math.log((count_matrix[0, i] + priors[i]) / (n1 + a0 - count_matrix[0, i] - priors[i])) - math.log(
            (count_matrix[1, i] + priors[i]) / (n2 + a0 - count_matrix[1, i] - priors[i]))
        z[i] = d / math.sqrt(1.0 / (count_matrix[0, i] + priors[i]) + 1.0 / (count_matrix[1, i] + priors[i]))
    index_to_term = {v: k for k, v in cv.vocabulary_.items()}
    ranking = {index_to_term[i]: z[i] for i in np.argsort(z)}
    seconds = time.perf_counter() - t0
    terms = list(ranking)
    return {"seconds": seconds, "n_articles": len(texts), "n_terms": vocab_size, "peak_mb": peak_mb(),
            "rss_before_mb": before, "top_left": terms[::-1][:8], "top_right": terms[:8]}


# -- driver ----------------------------------------------------------------------------------


def read_articles() -> tuple[list[str], list[str]]:
    root = os.environ.get("FRAMING_DATA_DIR")
    if not root:
        sys.exit("set FRAMING_DATA_DIR to the folder holding allsides_abp/articles.jsonl.gz")
    texts, labels = [], []
    with gzip.open(Path(root) / "allsides_abp" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts.append((rec.get("title") or "") + "\n" + (rec.get("text") or ""))
            labels.append(rec["bias_label"])
    return texts, labels


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        total = int(fh.readline().split()[1]) / 2**20
    return {"cpu": model, "nproc": os.cpu_count(), "ram_gb": round(total, 1), "python": platform.python_version()}


def run_worker(python: str, args: list[str], env: dict | None = None) -> dict:
    proc = subprocess.run([python, str(HERE), "--worker", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=2000, help="left/right articles for ConvoKit (default 2000)")
    ap.add_argument("--ngram-max", type=int, default=3, help="largest n-gram (default 3)")
    ap.add_argument("--min-count", type=int, default=10,
                    help="framing: prune terms seen fewer times corpus-wide (default 10, like ConvoKit's min_df=10)")
    ap.add_argument("--convokit-python", default=os.environ.get("CONVOKIT_PYTHON", DEFAULT_CONVOKIT_PYTHON),
                    help="Python of an environment with convokit installed")
    ap.add_argument("--reimpl", action="store_true", help="also run the dense re-implementation of ConvoKit")
    ap.add_argument("--limit", type=int, help="use only the first N articles as 'all' (quick check)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        kind, path, *rest = args.worker
        if kind == "framing":
            out = worker_framing(path, int(rest[0]), int(rest[1]))
        elif kind == "convokit":
            out = worker_convokit(path, int(rest[0]), rest[1])
        else:
            out = worker_dense(path, int(rest[0]))
        print(json.dumps(out))
        return

    texts, labels = read_articles()
    if args.limit:
        texts, labels = texts[:args.limit], labels[:args.limit]
    rng = random.Random(args.seed)
    lr = [i for i, lab in enumerate(labels) if lab in ("left", "right")]
    sample = sorted(rng.sample(lr, args.sample))
    info = machine()
    print(f"machine: {info['cpu']}, {info['nproc']} cores, {info['ram_gb']} GB RAM, Python {info['python']}")
    print(f"articles: {len(texts)} (all), sample {len(sample)} left/right; n-grams 1-{args.ngram_max}; "
          f"framing min_count={args.min_count}")
    with tempfile.TemporaryDirectory() as tmp:
        full_path, sample_path = f"{tmp}/all.json", f"{tmp}/sample.json"
        with open(full_path, "w", encoding="utf-8") as fh:
            json.dump({"texts": texts, "labels": labels}, fh)
        with open(sample_path, "w", encoding="utf-8") as fh:
            json.dump({"texts": [texts[i] for i in sample], "labels": [labels[i] for i in sample]}, fh)
        del texts
        rows = {}
        rows["framing, all articles"] = run_worker(sys.executable, ["framing", full_path, str(args.ngram_max),
                                                                    str(args.min_count)])
        rows["framing, sample"] = run_worker(sys.executable, ["framing", sample_path, str(args.ngram_max),
                                                              str(args.min_count)])
        have_convokit = Path(args.convokit_python).exists()
        agreement = None
        if have_convokit:
            env = dict(os.environ, HOME=tmp)  # ConvoKit writes a config file into $HOME
            npz = f"{tmp}/convokit.npz"
            try:
                rows["ConvoKit, sample"] = run_worker(args.convokit_python,
                                                      ["convokit", sample_path, str(args.ngram_max), npz], env)
                agreement = check_agreement(npz)
            except RuntimeError as exc:
                print(f"ConvoKit run failed, using the dense re-implementation instead: {exc}")
                have_convokit = False
        else:
            print(f"ConvoKit not found at {args.convokit_python}: skipping it (see the module docstring to install "
                  "it outside the repository); the dense re-implementation stands in")
        if args.reimpl or not have_convokit:
            rows["dense re-implementation, sample"] = run_worker(sys.executable,
                                                                 ["dense", sample_path, str(args.ngram_max)])
    report(rows, agreement)


def check_agreement(npz: str) -> float:
    import numpy as np

    from framing.compare.terms import log_odds_dirichlet

    data = np.load(npz)
    counts = data["counts"].astype(float)
    _, _, z = log_odds_dirichlet(counts[0], counts[1], np.full(counts.shape[1], 0.1))
    return float(np.max(np.abs(z - data["z"])))


def report(rows: dict, agreement: float | None) -> None:
    print()
    print("| approach | articles | terms scored | seconds | articles/s | MB before the call | peak MB (process) "
          "| peak MB added by the call |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows.items():
        added = r["peak_mb"] - r["rss_before_mb"]
        r["rate"] = r["n_articles"] / r["seconds"]
        r["added_mb"] = added
        print(f"| {name} | {r['n_articles']:,} | {r['n_terms']:,} | {r['seconds']:.1f} | {r['rate']:.0f} | "
              f"{r['rss_before_mb']:,.0f} | {r['peak_mb']:,.0f} | {added:,.0f} |")
    if "ConvoKit, sample" in rows:
        ck = rows["ConvoKit, sample"]
        print(f"\nConvoKit including building its Corpus: {ck['seconds_with_corpus']:.1f} s")
    base_name = "ConvoKit, sample" if "ConvoKit, sample" in rows else "dense re-implementation, sample"
    base = rows[base_name]
    print(f"\nratios against {base_name}:")
    for name in ("framing, all articles", "framing, sample"):
        r = rows[name]
        print(f"  {name}: {r['rate'] / base['rate']:.1f}x articles/s, peak memory {r['peak_mb'] / base['peak_mb']:.2f}x "
              f"(process), {r['added_mb'] / max(base['added_mb'], 1e-9):.2f}x (added by the call)")
    if agreement is not None:
        print(f"\nConvoKit z-scores vs framing.compare.terms.log_odds_dirichlet on ConvoKit's counts: "
              f"max |difference| = {agreement:.2e}")
    for name, r in rows.items():
        print(f"\n{name}: top left: {', '.join(r['top_left'][:6])}; top right: {', '.join(r['top_right'][:6])}")


if __name__ == "__main__":
    main()
