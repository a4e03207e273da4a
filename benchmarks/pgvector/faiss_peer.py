#!/usr/bin/python3
"""faiss on the vectors PgVectorBenchmark wrote: IndexFlatIP (exact) and IndexHNSWFlat.

Usage: faiss_peer.py DIR [--flat-only] [--ef LIST] [--ivf LISTS:PROBE_LIST]
(DIR/gallery.f32, DIR/random.f32, DIR/genuine.f32: float32 rows of 128). --flat-only skips
IndexHNSWFlat, whose one-thread build takes hours at 1M here; --ef 40,100,... sets efSearch.
--ivf 1000:10,20 adds IndexIVFFlat with 1000 lists (k-means on 50 x lists rows, as pgvector
samples), searched with each nprobe.
One thread (faiss.omp_set_num_threads(1)), one query at a time, top 5, like one database backend
serving one identification. Recall is against IndexFlatIP's exact answers. CPU is this thread's
CPU time per query: unlike wall time, it does not grow when the machine is shared.
"""
import sys
import time

import faiss
import numpy as np

DIM = 128
TOP = 5


def rows(path):
    return np.fromfile(path, dtype="<f4").reshape(-1, DIM)


def timed(index, queries):
    found = np.zeros((len(queries), TOP), dtype=np.int64)
    times = []
    for i in range(min(20, len(queries))):
        index.search(queries[i : i + 1], TOP)
    cpu = time.thread_time_ns()
    for i in range(len(queries)):
        start = time.perf_counter()
        _, ids = index.search(queries[i : i + 1], TOP)
        times.append(time.perf_counter() - start)
        found[i] = ids[0]
    timed.cpu_ms = (time.thread_time_ns() - cpu) / 1e6 / len(queries)
    return found, np.array(times) * 1000


def report(what, times, found, truth):
    recall1 = np.mean(found[:, 0] == truth[:, 0])
    recall5 = np.mean([len(set(f) & set(t)) / TOP for f, t in zip(found, truth)])
    print(
        f"  {what:<48} p50 {np.percentile(times, 50):7.2f} ms  p99 {np.percentile(times, 99):7.2f} ms"
        f"  recall@1 {recall1:.3f}  recall@5 {recall5:.3f}  CPU {timed.cpu_ms:.2f} ms"
    )


def main():
    faiss.omp_set_num_threads(1)
    folder = sys.argv[1]
    flat_only = "--flat-only" in sys.argv
    efs = [40, 64, 100, 200, 400]
    if "--ef" in sys.argv:
        efs = [int(e) for e in sys.argv[sys.argv.index("--ef") + 1].split(",")]
    ivf_lists, probes = 0, []
    if "--ivf" in sys.argv:
        spec = sys.argv[sys.argv.index("--ivf") + 1]
        ivf_lists, probes = int(spec.split(":")[0]), [int(p) for p in spec.split(":")[1].split(",")]
    gallery = rows(f"{folder}/gallery.f32")
    print(f"faiss {faiss.__version__}, {len(gallery)} vectors, 1 thread")
    flat = faiss.IndexFlatIP(DIM)
    flat.add(gallery)
    if not flat_only:
        start = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(DIM, 16, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 64
        hnsw.add(gallery)
        print(f"IndexHNSWFlat build (M=16, efConstruction=64, 1 thread): {time.perf_counter() - start:.1f} s")
    if ivf_lists:
        start = time.perf_counter()
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, ivf_lists, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(gallery), min(len(gallery), 50 * ivf_lists), replace=False)
        ivf.train(gallery[sample])
        ivf.add(gallery)
        print(f"IndexIVFFlat build (lists={ivf_lists}, 1 thread): {time.perf_counter() - start:.1f} s")
    for name in ("random", "genuine"):
        queries = rows(f"{folder}/{name}.f32")
        print(f"\n probes: {name} ({len(queries)})")
        truth, times = timed(flat, queries)
        report("faiss IndexFlatIP (exact)", times, truth, truth)
        for ef in [] if flat_only else efs:
            hnsw.hnsw.efSearch = ef
            found, times = timed(hnsw, queries)
            report(f"faiss IndexHNSWFlat efSearch={ef}", times, found, truth)
        for nprobe in probes:
            ivf.nprobe = nprobe
            found, times = timed(ivf, queries)
            report(f"faiss IndexIVFFlat nprobe={nprobe}", times, found, truth)


if __name__ == "__main__":
    main()
