#!/usr/bin/env bash
# Side-by-side latency on this machine, in one run: our gpu delegate against ncnn's Vulkan
# backend on the same Vulkan device (lavapipe here), and our cpu delegate, for mobilenet_v2 fp16
# and face_landmark at 1 and 2 threads (LP_NUM_THREADS = lavapipe's threads = --threads).
# Rounds alternate ncnn and ours so machine noise hits both alike.
# Usage: NCNN_PYTHON=/venv/bin/python bash scripts/bench_gpu.sh [rounds]   (pip install ncnn numpy in that venv;
# without NCNN_PYTHON only our numbers are measured).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${QUANTRT_SHARED:-../shared}
rounds=${1:-2}
swift build -c release --product qrun >/dev/null
models=("mobilenet_v2_fp16:models/mobilenet_v2/fp16.tflite:refdata/mobilenet_v2/input_00.npy"
        "face_landmark:models/mediapipe/face_landmark.tflite:refdata/face_landmark/input_00.npy")
for threads in 1 2; do
  for spec in "${models[@]}"; do
    IFS=: read -r name model input <<<"$spec"
    for round in $(seq "$rounds"); do
      if [ -n "${NCNN_PYTHON:-}" ]; then
        LP_NUM_THREADS=$threads "$NCNN_PYTHON" "$shared/anchors/bench_ncnn_vulkan.py" "$name" "$shared/$input" --threads "$threads" 2>/dev/null \
          | sed "s/^/threads=$threads round=$round /"
      fi
      LP_NUM_THREADS=$threads .build/release/qrun "$shared/$model" --input "$shared/$input" --compare gpu,cpu --threads "$threads" \
        --runs 20 --warmup 3 | grep -E '^  (gpu|cpu) ' | sed "s/^/threads=$threads round=$round $name /"
    done
  done
done
