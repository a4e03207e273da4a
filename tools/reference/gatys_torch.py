#!/usr/bin/python3
"""Gatys style transfer in PyTorch on the same network and costs as Pictor, for timing.

Same VGG-19 blocks 1-3 weights (the TF.js copy in the model directory), same preprocessing (RGB
0..255 in, BGR minus the caffe mean inside), average pooling, same costs (J_content at conv3_2,
J_style over conv1_1/conv2_1/conv3_1 with equal weights, both normalised as in the issue), Adam
with lr 2 on pixel values, clamped to 0..255; gradients by autograd.

usage: gatys_torch.py MODEL_DIR CONTENT STYLE [--threads 2] [--sizes 256 512] [--steps 10]
                      [--peak-size 1024] [--alpha 10] [--beta 0.05]
                      [--allow-reference-blas]
Prints seconds per step (mean over the steps after one warm-up, the statistic GatysTiming
prints; median and min beside it) per size and the peak RSS of
a short run at --peak-size. Needs python3-torch (Debian) and python3-pil, python3-numpy.

Debian's python3-torch multiplies matrices (the Gram matrices: 81% of a step on the reference BLAS) through whatever
libblas.so.3 the alternatives system points at. With only the reference BLAS installed that is
several times slower than anyone runs PyTorch, so the script first reports which BLAS the process
actually loaded (from /proc/self/maps, and OpenBLAS's own config and kernel name) and refuses to
time on the reference BLAS unless --allow-reference-blas is given. Install an optimised one with
`apt-get install libopenblas0-pthread`. OpenBLAS gets the same thread count as PyTorch.
"""
import argparse
import ctypes
import json
import os
import sys
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

MEAN_BGR = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)
BLOCKS = [2, 2, 4]  # convolutions per block, blocks 1-3


def loaded_blas():
    """(description, optimised) of the BLAS libraries this process has mapped, after one matmul."""
    a = torch.ones(64, 64)
    float((a @ a).sum())
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if path.startswith("/") and any(k in name for k in ("blas", "mkl", "blis")):
                paths.add(os.path.realpath(path))
    openblas = [p for p in paths if "openblas" in p]
    optimised = bool(openblas) or any("mkl" in p or "blis" in p for p in paths)
    parts = sorted(paths) or ["no BLAS library mapped"]
    if openblas:
        lib = ctypes.CDLL(openblas[0])
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        parts.append(f"{lib.openblas_get_config().decode()}, kernel {lib.openblas_get_corename().decode()}")
    return "; ".join(parts), optimised, openblas[0] if openblas else None


def set_openblas_threads(path, threads):
    ctypes.CDLL(path).openblas_set_num_threads(threads)


def load_weights(model_dir):
    manifest_path = Path(model_dir) / "vgg19-tfjs" / "model.json"
    manifest = json.loads(manifest_path.read_text())["weightsManifest"]
    weights = {}
    for group in manifest:
        files = [manifest_path.parent / p for p in group["paths"]]
        if not all(f.exists() for f in files):
            continue
        data = b"".join(f.read_bytes() for f in files)
        offset = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"]))
            a = np.frombuffer(data, dtype="<f4", count=n, offset=offset).reshape(w["shape"])
            offset += 4 * n
            weights[w["name"]] = torch.from_numpy(a.copy())
    convs = {}
    for b, count in enumerate(BLOCKS, start=1):
        for i in range(1, count + 1):
            k = weights[f"block{b}_conv{i}/kernel"].permute(3, 2, 0, 1).contiguous()  # out,in,kh,kw
            convs[f"conv{b}_{i}"] = (k, weights[f"block{b}_conv{i}/bias"])
    return convs


def features(convs, image, last):
    """ReLU outputs of every layer up to `last`; image is RGB 0..255, [1,3,H,W]."""
    x = image[:, [2, 1, 0]] - MEAN_BGR
    out = {}
    for b, count in enumerate(BLOCKS, start=1):
        if b > 1:
            x = F.avg_pool2d(x, 2)
        for i in range(1, count + 1):
            name = f"conv{b}_{i}"
            k, bias = convs[name]
            x = F.relu(F.conv2d(x, k, bias, padding=1))
            out[name] = x
            if name == last:
                return out
    return out


def gram(a):
    c = a.shape[1]
    m = a.reshape(c, -1)
    return m @ m.t()


def load(path, size):
    img = Image.open(path).convert("RGB")
    w, h = img.size
    s = size / max(w, h)
    img = img.resize((round(w * s), round(h * s)), Image.BILINEAR)
    return torch.from_numpy(np.asarray(img, dtype=np.float32)).permute(2, 0, 1)[None].contiguous()


def load_cover(path, w, h):
    img = Image.open(path).convert("RGB")
    s = max(w / img.size[0], h / img.size[1])
    sw, sh = max(w, int(np.ceil(img.size[0] * s))), max(h, int(np.ceil(img.size[1] * s)))
    img = img.resize((sw, sh), Image.BILINEAR)
    x0, y0 = (sw - w) // 2, (sh - h) // 2
    img = img.crop((x0, y0, x0 + w, y0 + h))
    return torch.from_numpy(np.asarray(img, dtype=np.float32)).permute(2, 0, 1)[None].contiguous()


def run(convs, content_path, style_path, size, steps, alpha, beta):
    content = load(content_path, size)
    h, w = content.shape[2:]
    style = load_cover(style_path, w, h)
    style_layers = ["conv1_1", "conv2_1", "conv3_1"]
    content_layer = "conv3_2"
    with torch.no_grad():
        target_c = features(convs, content, content_layer)[content_layer]
        fs = features(convs, style, content_layer)
        target_g = {l: gram(fs[l]) for l in style_layers}
    gen = torch.Generator().manual_seed(1)
    noise = torch.tensor([123.68, 116.779, 103.939]).view(1, 3, 1, 1) + (
        torch.rand(content.shape, generator=gen) * 40 - 20)
    x = (0.4 * content + 0.6 * noise).clamp(0, 255).requires_grad_(True)
    opt = torch.optim.Adam([x], lr=2.0)
    times = []
    for step in range(steps + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        f = features(convs, x, content_layer)
        a = f[content_layer]
        _, c, nh, nw = a.shape
        j_content = ((a - target_c) ** 2).sum() / (4 * nh * nw * c)
        j_style = 0
        for l in style_layers:
            _, c, nh, nw = f[l].shape
            j_style = j_style + ((gram(f[l]) - target_g[l]) ** 2).sum() / (
                4 * c * c * (nh * nw) ** 2) / len(style_layers)
        j = alpha * j_content + beta * j_style
        j.backward()
        opt.step()
        with torch.no_grad():
            x.clamp_(0, 255)
        times.append(time.perf_counter() - t0)
    return w, h, times[1:], float(j)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model_dir")
    p.add_argument("content")
    p.add_argument("style")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sizes", type=int, nargs="+", default=[256, 512])
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--peak-size", type=int, default=0)
    p.add_argument("--alpha", type=float, default=10.0)
    p.add_argument("--beta", type=float, default=0.05)
    p.add_argument("--allow-reference-blas", action="store_true",
                   help="time even when only an unoptimised (reference) BLAS is loaded")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    blas, optimised, openblas = loaded_blas()
    print(f"pytorch {torch.__version__}, BLAS in use: {blas}", flush=True)
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            print(f"WARNING: {var}={os.environ[var]} is set: it overrides OpenBLAS's kernel choice "
                  f"for this CPU; unset it for this command to time the default kernel",
                  file=sys.stderr, flush=True)
    if not optimised:
        print("WARNING: no optimised BLAS (OpenBLAS, MKL, BLIS) is loaded: matrix products run on "
              "the reference BLAS, several times slower than a normal PyTorch install. Install "
              "one (apt-get install libopenblas0-pthread) or pass --allow-reference-blas.",
              file=sys.stderr, flush=True)
        if not args.allow_reference_blas:
            sys.exit(2)
    if openblas:
        set_openblas_threads(openblas, args.threads)
    convs = load_weights(args.model_dir)
    for size in args.sizes:
        w, h, times, j = run(convs, args.content, args.style, size, args.steps, args.alpha, args.beta)
        print(f"pytorch {torch.__version__} {w}x{h} {args.threads} threads: "
              f"{statistics.mean(times):.3f} s/step mean over {len(times)} steps "
              f"(median {statistics.median(times):.3f}, min {min(times):.3f}), final J {j:.4g}",
              flush=True)
    if args.peak_size:
        w, h, times, _ = run(convs, args.content, args.style, args.peak_size, 2, args.alpha, args.beta)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"pytorch {w}x{h}: peak RSS {peak:.0f} MiB, {statistics.mean(times):.2f} s/step",
              flush=True)


if __name__ == "__main__":
    main()
