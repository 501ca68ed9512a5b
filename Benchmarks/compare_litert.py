#!/usr/bin/env python3
"""Side-by-side latency of qrun and LiteRT on the shared models, in one run.

Tooling only (never a test dependency). Needs `pip install ai-edge-litert numpy` in a venv
outside the repo and a release build of qrun:

    swift build -c release --product qrun
    /path/to/venv/bin/python Benchmarks/compare_litert.py [--runs 30] [--threads 1] [--set float|quantized] [--rounds 3]

For each model: LiteRT's median of N invoke() after warm-up, then qrun's median over N
stacked samples (one process, one invoke per sample), alternating model by model so machine
noise hits both alike; with --rounds R the pair is measured R times and the median of each side
reported. Prints a Markdown table with the ratio ours/LiteRT (below 1.0 = faster).
"""
import argparse, os, re, subprocess, sys, tempfile, time
import numpy as np
from ai_edge_litert.interpreter import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("QUANTRT_SHARED", os.path.join(ROOT, "..", "shared"))
MODELS = [f"{m}/{v}" for m in ("digits_cnn", "mobilenet_v2", "tiny_transformer") for v in ("fp32", "fp16")] + [
    f"mediapipe/{m}" for m in ("face_detection_short_range", "face_detection_full_range_sparse", "face_landmark",
                               "hand_landmark_lite", "palm_detection_lite")]
QUANTIZED = [f"{m}/{v}" for m in ("mobilenet_v2", "tiny_transformer") for v in ("fp32", "int8_only", "dynamic", "int16x8")]

def litert_median(path, x, runs, threads):
    it = Interpreter(model_path=path, num_threads=threads)
    it.allocate_tensors()
    inp = it.get_input_details()[0]["index"]
    for _ in range(5):
        it.set_tensor(inp, x); it.invoke()
    times = []
    for _ in range(runs):
        it.set_tensor(inp, x); t = time.perf_counter(); it.invoke(); times.append(time.perf_counter() - t)
    return float(np.median(times)) * 1000

def ours_median(qrun, path, x, runs, threads):
    with tempfile.TemporaryDirectory() as d:
        np.save(f"{d}/x.npy", np.repeat(x, runs + 2, axis=0))
        out = subprocess.run([qrun, path, "--input", f"{d}/x.npy", "--threads", str(threads)], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"run: ([0-9.]+) ms", out).group(1))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--qrun", default=os.path.join(ROOT, ".build", "release", "qrun"))
    ap.add_argument("--set", choices=["float", "quantized"], default="float")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--models", help="comma-separated model/variant names (default: the set)")
    a = ap.parse_args()
    print(f"| model | threads | LiteRT ms | QuantRT ms | ratio |\n|---|---|---|---|---|")
    for name in (a.models.split(",") if a.models else MODELS if a.set == "float" else QUANTIZED):
        path = os.path.join(SHARED, "models", name + ".tflite")
        it = Interpreter(model_path=path); it.allocate_tensors()
        d = it.get_input_details()[0]
        if len(it.get_input_details()) != 1: continue
        rng = np.random.default_rng(0)
        if np.issubdtype(d["dtype"], np.integer):
            info = np.iinfo(d["dtype"])
            x = rng.integers(info.min, info.max, d["shape"], endpoint=True).astype(d["dtype"])
        else:
            x = rng.uniform(-1, 1, d["shape"]).astype(d["dtype"])
        lites, ourss = [], []
        for _ in range(a.rounds):
            try:
                lites.append(litert_median(path, x, a.runs, a.threads))
            except Exception as e:  # LiteRT cannot run some models (tiny_transformer int16x8)
                lites.append(float("nan")); err = str(e).splitlines()[0][:60]
            ourss.append(ours_median(a.qrun, path, x, a.runs, a.threads))
        lite, ours = float(np.median(lites)), float(np.median(ourss))
        lite_text = f"{lite:.3f}" if lite == lite else f"fails ({err})"
        ratio = f"{ours / lite:.2f}" if lite == lite else "—"
        print(f"| {name} | {a.threads} | {lite_text} | {ours:.3f} | {ratio} |", flush=True)

if __name__ == "__main__":
    main()
