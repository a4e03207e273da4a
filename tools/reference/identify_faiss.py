#!/usr/bin/python3
"""faiss IndexFlatIP on the vectors of Pictor's IdentifyBenchmark, one query at a time.

The peer of `IdentifyBenchmark.exactRecognizer`: exact inner-product search (the vectors are unit
length, so the largest inner product is the smallest Euclidean distance), top 5, queries issued
one by one as an application identifying faces would, faiss limited to --threads OpenMP threads.

usage: identify_faiss.py VECTORS_FILE [--threads 1] [--seconds 10] [--k 5]
VECTORS_FILE is written by `dev.pictor.benchmarks.IdentifyData` (same seed as the benchmark); it
also holds Pictor's exact top 5 of every probe, which this script compares with faiss's.
Prints ms per query (mean, median and spread of 1-second rounds). Needs python3-faiss (Debian).
"""
import argparse
import statistics
import time

import faiss
import numpy as np


def read(path):
    raw = open(path, "rb").read()
    rows, dim, probes, k = np.frombuffer(raw, dtype="<i4", count=4)
    at = 16
    gallery = np.frombuffer(raw, dtype="<f4", count=rows * dim, offset=at).reshape(rows, dim)
    at += 4 * rows * dim
    queries = np.frombuffer(raw, dtype="<f4", count=probes * dim, offset=at).reshape(probes, dim)
    at += 4 * probes * dim
    expected = np.frombuffer(raw, dtype="<i4", count=probes * k, offset=at).reshape(probes, k)
    return np.ascontiguousarray(gallery), np.ascontiguousarray(queries), expected


def main():
    p = argparse.ArgumentParser()
    p.add_argument("vectors")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--k", type=int, default=5)
    args = p.parse_args()
    faiss.omp_set_num_threads(args.threads)
    gallery, queries, expected = read(args.vectors)
    index = faiss.IndexFlatIP(gallery.shape[1])
    index.add(gallery)
    one = [queries[i:i + 1] for i in range(len(queries))]
    same = sum(
        list(index.search(q, args.k)[1][0][: expected.shape[1]]) == list(expected[i])
        for i, q in enumerate(one))
    for q in one:  # warm-up
        index.search(q, args.k)
    rounds = []
    end = time.perf_counter() + args.seconds
    while time.perf_counter() < end:
        n = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 1.0:
            index.search(one[n % len(one)], args.k)
            n += 1
        rounds.append((time.perf_counter() - t0) * 1000 / n)
    print(f"faiss {faiss.__version__} IndexFlatIP, {gallery.shape[0]} x {gallery.shape[1]}, "
          f"top {args.k}, {args.threads} thread(s), one query at a time: "
          f"{statistics.mean(rounds):.2f} ms/query mean of {len(rounds)} 1-s rounds "
          f"(median {statistics.median(rounds):.2f}, min {min(rounds):.2f}, "
          f"max {max(rounds):.2f}); same top {expected.shape[1]} as Pictor's exact search "
          f"for {same} of {len(one)} probes", flush=True)


if __name__ == "__main__":
    main()
