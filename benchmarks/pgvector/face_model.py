#!/usr/bin/python3
"""A Gaussian model of real face embeddings, for a face-like benchmark gallery.

Usage: face_model.py EMBED.json OUT.f32
EMBED.json is `pictor embed --json DIR` over a folder of <Person>/<photo> images (LFW); the first
(highest-scoring) face of each photo is used. The model is fitted to second-order statistics only:
  mean    m (128): the mean embedding
  between B (128x128): a square root of the covariance of all embeddings (how people differ)
  within  W (128x128): a square root of the covariance of the difference between two photos of
                       one person: twice the covariance of each embedding's deviation from its
                       person's mean (over people with two photos or more, scaled by n/(n-1) for
                       the person means' own error), since the enrolled photo has its own noise
PgVectorBenchmark then draws an enrolled person as unit(m + B z) and a second photo of them as
unit(e + W z), z standard normal. OUT.f32 holds m, B, W as little-endian float32, row-major.
It prints real and synthetic genuine/impostor distances side by side, as the check of the fit.
"""
import collections
import json
import sys

import numpy as np

DIM = 128


def sqrtm(cov):
    values, vectors = np.linalg.eigh(cov)
    return vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def quartiles(d):
    return " / ".join(f"{q:.3f}" for q in np.percentile(d, [25, 50, 75]))


def main():
    source, out = sys.argv[1], sys.argv[2]
    with open(source) as f:
        doc = json.load(f)
    people = collections.defaultdict(list)
    for image in doc["images"]:
        if image["faces"]:
            person = image["file"].replace("\\", "/").split("/")[-2]
            people[person].append(np.array(image["faces"][0]["embedding"], dtype=np.float64))
    x = np.array([e for v in people.values() for e in v])
    mean = x.mean(axis=0)
    between = sqrtm(np.cov(x, rowvar=False))
    deviations = []
    for v in people.values():
        if len(v) >= 2:
            v = np.array(v)
            scale = np.sqrt(len(v) / (len(v) - 1))
            deviations.extend((v - v.mean(axis=0)) * scale)
    within = sqrtm(2 * np.cov(np.array(deviations), rowvar=False, bias=True))
    np.concatenate([mean, between.ravel(), within.ravel()]).astype("<f4").tofile(out)

    rng = np.random.default_rng(1)
    genuine = [
        np.linalg.norm(v[i] - v[j])
        for v in people.values()
        for i in range(len(v))
        for j in range(i + 1, len(v))
    ]
    pick = rng.integers(0, len(x), size=(20000, 2))
    names = [p for p, v in people.items() for _ in v]
    impostor = [np.linalg.norm(x[a] - x[b]) for a, b in pick if names[a] != names[b]]
    enrolled = unit(mean + rng.standard_normal((20000, DIM)) @ between.T)
    second = unit(enrolled + rng.standard_normal((20000, DIM)) @ within.T)
    others = unit(mean + rng.standard_normal((20000, DIM)) @ between.T)
    print(f"{len(x)} embeddings of {len(people)} people ({doc['model']}); "
          f"{len(deviations)} deviations from people with >= 2 photos")
    print("distance quartiles (25 / 50 / 75 %)    real             synthetic")
    print(f"  genuine (same person)            {quartiles(genuine)}   "
          f"{quartiles(np.linalg.norm(enrolled - second, axis=1))}")
    print(f"  impostor (two people)            {quartiles(impostor)}   "
          f"{quartiles(np.linalg.norm(enrolled - others, axis=1))}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
