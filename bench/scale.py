"""Scale: a resampled million-article corpus through streaming extraction and counting.

Builds a corpus of ``--n`` articles by resampling the AllSides articles of
``$FRAMING_DATA_DIR/allsides_abp/articles.jsonl.gz``: ``--n`` draws **with
replacement** from the 20,700 records (NumPy ``default_rng(--seed)``, default
seed 0), each written unchanged except for a new ``id`` (``s0000000``,
``s0000001``...), as JSON Lines gzip files of ``--file-docs`` articles
(``<workdir>/corpus-<n>/part-0000.jsonl.gz``...). The corpus is reused by later runs
with the same ``--n``/``--seed``/``--file-docs``. Disk: about 2.7 KB per article
compressed (270 MB for 100,000, 2.7 GB for a million), plus the Parquet output
(features and mentions of every shipped lexicon, about 2.6 KB per article);
``--keep`` keeps the output, otherwise it is deleted at the end. Results of a
run are in ``docs/performance.md`` (section Scale).

Then, in one run, and printing the machine's load average before each phase:

1. **main run** (``--n`` articles, ``--n-jobs`` workers):
   :func:`framing.stream.stream_extract` with ``WordingFeatures`` over every
   shipped lexicon (features + mentions Parquet parts), then
   :func:`framing.stream.stream_counts` (1-2-gram counts of title and text per
   AllSides leaning, ``bias_label``; ``min_count=2``) and
   :func:`framing.compare.terms.fighting_words` on them (one leaning against the
   rest). Reports
   articles/s of each pass, the peak resident memory of the main process
   (``resource.getrusage``) and the largest sampled sum over the main process
   and its workers (``psutil``, every 0.5 s). Must stay under 2 GB.
2. **speed-up** on the first ``--speedup-n`` articles (same pipeline as 1,
   extraction only): ``n_jobs=2`` against ``n_jobs=1``, and
   :func:`framing.parallel.dask_extract` on a ``distributed.LocalCluster``
   with two single-threaded worker processes against the same Dask graph run
   in this process (``scheduler="sync"``). Ratios of wall times; cluster
   start-up is timed apart. Because the machine may be shared, the CPU time
   of this process and its workers is measured too: ``cpu share`` is CPU
   seconds per wall second (2.0 = both cores all the time), ``overhead`` the
   CPU time of the parallel run over that of the single process, and
   ``expected on idle cores`` = ``2 / overhead``, the speed-up two free
   cores would give.

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python bench/scale.py [--n 1000000] [--n-jobs 2]
        [--chunk-size 1000] [--workdir /tmp/framing-scale] [--speedup-n 6000] [--skip-speedup] [--keep]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np

TARGET_RSS_MB = 2048.0
TARGET_SPEEDUP = 1.6


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def source_records() -> list[bytes]:
    root = os.environ.get("FRAMING_DATA_DIR")
    if not root:
        sys.exit("set FRAMING_DATA_DIR to the folder holding allsides_abp/articles.jsonl.gz")
    with gzip.open(Path(root) / "allsides_abp" / "articles.jsonl.gz", "rb") as fh:
        return [line for line in fh if line.strip()]


def build_corpus(workdir: Path, n: int, seed: int, file_docs: int) -> tuple[Path, float]:
    """Resample AllSides records with replacement into JSONL.gz files; reuse an earlier build."""
    folder = workdir / f"corpus-{n}-seed{seed}-{file_docs}"
    stamp = folder / "built.json"
    if stamp.is_file():
        return folder, 0.0
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    records = source_records()
    picks = np.random.default_rng(seed).integers(0, len(records), size=n)
    for f, lo in enumerate(range(0, n, file_docs)):
        with gzip.open(folder / f"part-{f:04d}.jsonl.gz", "wb", compresslevel=1) as out:
            for k in range(lo, min(lo + file_docs, n)):
                rec = json.loads(records[picks[k]])
                rec["source_id"] = rec.pop("id")
                rec["id"] = f"s{k:07d}"
                out.write(json.dumps(rec, ensure_ascii=False).encode() + b"\n")
    stamp.write_text(json.dumps({"n": n, "seed": seed, "file_docs": file_docs, "source_records": len(records)}))
    return folder, time.perf_counter() - start


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


class TreeMemory:
    """Largest sampled resident memory of this process plus its child processes (MB)."""

    def __init__(self, interval: float = 0.5) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak_total = 0.0
        self.peak_main = 0.0
        self.peak_worker = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                kids = [c.memory_info().rss for c in self.proc.children(recursive=True)]
            except psutil.Error:
                kids, main = [], 0
            self.peak_total = max(self.peak_total, (main + sum(kids)) / 2**20)
            self.peak_main = max(self.peak_main, main / 2**20)
            if kids:
                self.peak_worker = max(self.peak_worker, max(kids) / 2**20)
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its live child processes (pool and cluster workers)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def timed(fn) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process tree) of ``fn()``."""
    c, t = cpu_seconds(), time.perf_counter()
    fn()
    return time.perf_counter() - t, cpu_seconds() - c


def wording():
    from framing.extract.wording import WordingFeatures
    from framing.lexicons import list_lexicons

    names = tuple(list_lexicons()["name"])
    return WordingFeatures(lexicons=names).fit(["x"]), names


def main_run(folder: Path, out: Path, args: argparse.Namespace) -> dict[str, float]:
    from framing.compare.terms import fighting_words
    from framing.stream import stream_counts, stream_extract

    wf, names = wording()
    pattern = str(folder / "*.jsonl.gz")
    if not args.skip_extract:
        shutil.rmtree(out, ignore_errors=True)
    print(f"main run: {args.n:,} articles, WordingFeatures with {len(names)} lexicons, n_jobs={args.n_jobs}, "
          f"chunk_size={args.chunk_size}; {load()}", flush=True)
    t0 = time.perf_counter()
    if not args.skip_extract:
        with TreeMemory() as mem_x:
            res = stream_extract(pattern, [wf], out, chunk_size=args.chunk_size, n_jobs=args.n_jobs,
                                 meta_columns=("outlet",))
        n_docs = res.n_docs
        t1 = time.perf_counter()
        print(f"  extract: {n_docs:,} articles, {res.n_mentions:,} mentions, {t1 - t0:,.0f} s "
              f"({n_docs / (t1 - t0):,.1f} articles/s); peak memory main + workers {mem_x.peak_total:,.0f} MB "
              f"(largest worker {mem_x.peak_worker:,.0f} MB); output {disk_mb(out):,.0f} MB; {load()}", flush=True)
    else:
        mem_x, n_docs, t1 = None, args.n, t0
    with TreeMemory() as mem_c:
        counts = stream_counts(pattern, by="bias_label", ngram_range=(1, 2), min_count=2, chunk_size=args.chunk_size,
                               n_jobs=args.n_jobs)
    t2 = time.perf_counter()
    counts_main_maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  counts: {len(counts.groups)} leanings x {len(counts.terms):,} terms "
          f"({counts.n_terms_before_filter:,} before min_count=2), {t2 - t1:,.0f} s "
          f"({n_docs / (t2 - t1):,.1f} articles/s); peak memory main + workers {mem_c.peak_total:,.0f} MB "
          f"(sampled: main {mem_c.peak_main:,.0f} MB, largest worker {mem_c.peak_worker:,.0f} MB; main process "
          f"so far {counts_main_maxrss:,.0f} MB by getrusage); {load()}", flush=True)
    with TreeMemory() as mem_f:
        fw = fighting_words(counts=counts)
    t3 = time.perf_counter()
    print(f"  Fightin' Words (in memory, one table): {len(fw):,} rows in {t3 - t2:,.1f} s; "
          f"peak memory {mem_f.peak_total:,.0f} MB")
    del fw, counts
    peak_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    streaming_peak = max(mem_c.peak_total, mem_x.peak_total if mem_x else 0.0)
    total = t2 - t0
    print(f"  streaming passes {total:,.0f} s = {n_docs / total:,.1f} articles/s end to end (reading, cleaning, "
          f"extraction, counting)")
    print(f"  peak memory of the streaming passes: main + workers {streaming_peak:,.0f} MB (sampled) -> "
          f"{'OK' if streaming_peak < TARGET_RSS_MB else 'OVER'} (< {TARGET_RSS_MB:,.0f} MB); main process over "
          f"the whole run {peak_main:,.0f} MB (getrusage, includes the Fightin' Words table)", flush=True)
    mem = mem_c
    return {"n": args.n, "seconds_extract": t1 - t0, "seconds_counts": t2 - t1, "seconds_fighting_words": t3 - t2,
            "articles_per_s": n_docs / total, "peak_streaming_mb": streaming_peak,
            "peak_extract_mb": mem_x.peak_total if mem_x else float("nan"), "peak_counts_mb": mem.peak_total,
            "peak_counts_main_mb": mem.peak_main, "peak_counts_worker_mb": mem.peak_worker,
            "maxrss_main_after_counts_mb": counts_main_maxrss,
            "peak_fighting_words_mb": mem_f.peak_total, "peak_main_mb": peak_main,
            "peak_worker_mb": mem_x.peak_worker if mem_x else float("nan"), "output_mb": disk_mb(out)}


def speedup(workdir: Path, args: argparse.Namespace) -> dict[str, float]:
    from framing.stream import stream_extract

    n = args.speedup_n
    folder, _ = build_corpus(workdir, n, args.seed + 1, max(n // 8, 1))
    pattern = str(folder / "*.jsonl.gz")
    wf, _ = wording()
    times, cpu = {}, {}
    for jobs in (1, 2):
        out = workdir / f"speedup-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        if jobs > 1:  # start the worker pool outside the timing, as a long run amortizes it
            stream_extract(pattern, [wf], workdir / "warm", chunk_size=50, n_jobs=jobs, limit=100, resume=False)
        print(f"speed-up: stream_extract n_jobs={jobs} on {n:,} articles; {load()}", flush=True)
        times[jobs], cpu[jobs] = timed(lambda: stream_extract(pattern, [wf], out, chunk_size=max(n // 16, 1),
                                                              n_jobs=jobs))
        shutil.rmtree(out, ignore_errors=True)
        print(f"  {times[jobs]:,.1f} s ({n / times[jobs]:,.1f} articles/s), cpu share {cpu[jobs] / times[jobs]:.2f}; "
              f"{load()}", flush=True)
    shutil.rmtree(workdir / "warm", ignore_errors=True)
    ratio = times[1] / times[2]
    overhead = cpu[2] / cpu[1]
    print(f"  n_jobs=2 vs n_jobs=1: {ratio:.2f}x wall (target >= {TARGET_SPEEDUP}x); CPU overhead {overhead:.2f}, "
          f"expected on idle cores {2 / overhead:.2f}x", flush=True)
    result = {"speedup_n": n, "seconds_jobs1": times[1], "seconds_jobs2": times[2], "speedup_jobs": ratio,
              "cpu_jobs1": cpu[1], "cpu_jobs2": cpu[2], "idle_speedup_jobs": 2 / overhead}
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        print("  Dask not installed (pip install 'framing[dask]'): no cluster comparison")
        return result
    from framing.parallel import dask_extract

    def run(**kw: object) -> tuple[float, float]:
        # as on a real cluster, the workers write the tables (Parquet) instead of sending them to the client
        out = workdir / "dask-out"
        shutil.rmtree(out, ignore_errors=True)
        feats, ments = dask_extract(pattern, wf)
        writes = (feats.to_parquet(out / "features", compute=False, write_index=False),
                  ments.to_parquet(out / "mentions", compute=False, write_index=False))
        result = timed(lambda: dask.compute(*writes, **kw))
        shutil.rmtree(out, ignore_errors=True)
        return result

    print(f"dask: one process (scheduler='sync') on {n:,} articles, 8 files; {load()}", flush=True)
    one, cpu_one = run(scheduler="sync")
    print(f"  {one:,.1f} s, cpu share {cpu_one / one:.2f}; {load()}", flush=True)
    t = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        started = time.perf_counter() - t
        # warm the workers (imports, first use of the parsers) outside the timing
        dask.compute(*dask_extract(sorted(folder.glob("*.jsonl.gz"))[:2], wf))
        print(f"dask: LocalCluster(2 workers x 1 thread) started in {started:,.1f} s; {load()}", flush=True)
        two, cpu_two = run()
    overhead = cpu_two / cpu_one
    print(f"  {two:,.1f} s, cpu share {cpu_two / two:.2f}; {load()}", flush=True)
    print(f"  LocalCluster(2) vs one process: {one / two:.2f}x wall (target >= {TARGET_SPEEDUP}x); "
          f"CPU overhead {overhead:.2f}, expected on idle cores {2 / overhead:.2f}x", flush=True)
    result.update(seconds_dask_sync=one, seconds_dask_cluster=two, speedup_dask=one / two, dask_startup=started,
                  cpu_dask_sync=cpu_one, cpu_dask_cluster=cpu_two, idle_speedup_dask=2 / overhead)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the resampled corpus (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", default="/tmp/framing-scale", help="where the corpus and output go")
    parser.add_argument("--file-docs", type=int, default=50_000, help="articles per JSONL.gz file")
    parser.add_argument("--chunk-size", type=int, default=1_000, help="articles per streamed chunk")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--speedup-n", type=int, default=6_000, help="articles for the speed-up comparisons")
    parser.add_argument("--skip-main", action="store_true")
    parser.add_argument("--skip-extract", action="store_true", help="main run: counts and Fightin' Words only")
    parser.add_argument("--skip-speedup", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the Parquet output")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"framing scale benchmark; {os.cpu_count()} cores; {load()}", flush=True)
    results: dict[str, float] = {}
    if not args.skip_main:
        folder, built = build_corpus(workdir, args.n, args.seed, args.file_docs)
        print(f"corpus: {args.n:,} resampled articles in {folder} ({disk_mb(folder):,.0f} MB"
              + (f", built in {built:,.0f} s" if built else ", reused") + ")", flush=True)
        out = workdir / f"out-{args.n}"
        results.update(main_run(folder, out, args))
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    if not args.skip_speedup:
        results.update(speedup(workdir, args))
    print("RESULT " + json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}))


if __name__ == "__main__":
    main()
