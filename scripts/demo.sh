#!/usr/bin/env bash
# The main job on the bundled model: set up, build, convert the MediaPipe face detector
# to our .bin format, run it on CPU and compare its outputs with LiteRT's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product qrun
swift build -c release --product qconvert
bin=$(swift build -c release --show-bin-path)
mkdir -p out
model=Tests/Fixtures/models/face_detection_short_range.tflite
ref=Tests/Fixtures/face_detection_short_range
"$bin/qconvert" "$model" -o out/face_detection_short_range.bin
"$bin/qrun" out/face_detection_short_range.bin --show-partitions --delegate cpu > out/partitions.txt
head -3 out/partitions.txt
"$bin/qrun" out/face_detection_short_range.bin --delegate cpu --input "$ref/input_00.npy" --output-dir out/face_detection
python3 - "$ref" out/face_detection <<'PY' || echo "(numpy not available: comparison with LiteRT skipped)"
import sys, numpy as np
ref, ours = sys.argv[1], sys.argv[2]
for k in range(2):
    r = np.load(f"{ref}/output{k}_00.npy").ravel(); o = np.load(f"{ours}/output_{k}.npy").ravel()
    err = np.abs(o - r).max(); scale = np.abs(r).max()
    print(f"output {k}: max |ours - LiteRT| = {err:.3g} ({err/scale:.2g} of max |LiteRT|) -> {'OK' if err <= 1e-4*scale else 'MISMATCH'}")
PY
# CPU vs GPU side by side (the Vulkan delegate; on a machine without a GPU it runs on Mesa's
# lavapipe, or prints one notice and falls back to the CPU).
"$bin/qrun" out/face_detection_short_range.bin --benchmark --compare cpu,gpu --runs 10 --warmup 2
