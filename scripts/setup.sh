#!/usr/bin/env bash
# Installs what QuantRT needs on a fresh Debian machine (Swift 6.3 itself must be on PATH).
# Safe to run again. Uses sudo only when not root.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# System packages: the C library headers and zlib Swift's Foundation links against on Linux;
# for the Vulkan delegate, Vulkan's headers (libvulkan-dev, which brings the loader), Mesa's
# lavapipe software device (mesa-vulkan-drivers) so the GPU tests run without a GPU, and
# glslangValidator (glslang-tools) for scripts/compile_shaders.sh; vulkan-tools for vulkaninfo.
PACKAGES=(libc6-dev zlib1g-dev libvulkan-dev mesa-vulkan-drivers glslang-tools vulkan-tools)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH; install Swift 6.3 (https://www.swift.org/install/linux/) and run again" >&2
  exit 1
fi
swift --version 2>&1 | head -1
