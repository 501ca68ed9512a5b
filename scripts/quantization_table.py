"""Converts the converter-zoo models with qconvert in every mode and measures, with OUR runtime
(qrun) for both files, accuracy (digits_cnn) or mean output cosine vs the float model (others),
next to the TFLite converter's file for the same mode. Prints a Markdown table.

Tooling only (needs numpy), never a test dependency:
  swift build -c release --product qconvert --product qrun
  python scripts/quantization_table.py --calibration-dir /tmp/quantrt-calibration [--models ...] [--modes ...]
(mobilenet_v2's calibration set: python ../shared/anchors/make_calibration.py /tmp/quantrt-calibration)"""
import argparse, os, subprocess, sys, time, tempfile
import numpy as np

MODES = ["float32", "dynamic", "int8", "int8-only", "fp16", "int16x8"]
VARIANT = {"float32": "fp32", "int8": "int8_fallback", "int8-only": "int8_only"}

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + "\n" + p.stderr.strip())
    return p.stdout

def qrun_outputs(qrun, model, inputs, out, threads):
    os.makedirs(out, exist_ok=True)
    run([qrun, model, "--input", inputs, "--output-dir", out, "--dequantize-outputs", "--threads", str(threads)])
    return np.load(os.path.join(out, "output_0.npy")).astype(np.float64)

def cosine(a, b):
    a = a.reshape(a.shape[0], -1); b = b.reshape(b.shape[0], -1)
    return float(np.mean(np.sum(a * b, 1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-30)))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release"))
    ap.add_argument("--calibration-dir", default="/tmp/quantrt-calibration")
    ap.add_argument("--models", nargs="*", default=["digits_cnn", "tiny_transformer", "mobilenet_v2"])
    ap.add_argument("--modes", nargs="*", default=MODES)
    ap.add_argument("--method", default="minmax")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--samples", type=int, default=10, help="refdata inputs for the cosine (at most 10)")
    a = ap.parse_args()
    qconvert, qrun = os.path.join(a.bin, "qconvert"), os.path.join(a.bin, "qrun")
    work = tempfile.mkdtemp(prefix="quantrt-table-")
    print("| model | mode | TFLite size | our size | ratio | metric | TFLite file (our runtime) | our file | convert s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in a.models:
        models, refs = os.path.join(a.shared, "models", name), os.path.join(a.shared, "refdata", name)
        if name == "digits_cnn":
            inputs, calib = os.path.join(refs, "test_x.npy"), os.path.join(refs, "calib_x.npy")
            labels = np.load(os.path.join(refs, "test_y.npy")).reshape(-1)
            metric = lambda y: float(np.mean(np.argmax(y.reshape(y.shape[0], -1), 1) == labels))
            label = "accuracy"
        else:
            calib = os.path.join(refs, "calib_x.npy") if name != "mobilenet_v2" else os.path.join(a.calibration_dir, "mobilenet_v2_calib.npy")
            n = a.samples
            inputs = os.path.join(work, name + "_inputs.npy")
            np.save(inputs, np.concatenate([np.load(os.path.join(refs, "input_%02d.npy" % i)) for i in range(n)]))
            reference = np.concatenate([np.load(os.path.join(refs, "fp32_output_%02d.npy" % i)) for i in range(n)]).astype(np.float64)
            metric = lambda y: cosine(y, reference)
            label = "cosine"
        for mode in a.modes:
            ours = os.path.join(work, "%s_%s.bin" % (name, mode))
            cmd = [qconvert, os.path.join(models, "fp32.tflite"), "-o", ours, "--mode", mode, "--threads", str(a.threads)]
            if mode in ("int8", "int8-only", "int16x8"):
                cmd += ["--calibration", calib, "--calibration-method", a.method]
            start = time.time(); run(cmd); seconds = time.time() - start
            theirs = os.path.join(models, VARIANT.get(mode, mode) + ".tflite")
            cells = []
            for model in (theirs, ours):
                try:
                    cells.append("%.6f" % metric(qrun_outputs(qrun, model, inputs, os.path.join(work, "out"), a.threads)))
                except RuntimeError as e:
                    cells.append("fails: " + str(e).splitlines()[-1][:80])
            ts, os_ = os.path.getsize(theirs), os.path.getsize(ours)
            print("| %s | %s | %d | %d | %.3f | %s | %s | %s | %.2f |" % (name, mode, ts, os_, os_ / ts, label, cells[0], cells[1], seconds), flush=True)

if __name__ == "__main__":
    main()
