#!/usr/bin/env bash
# Compares the two ONNX Runtime packages RedNet.MLNet can use: Microsoft.ML.OnnxRuntime 1.31.1 (CPU, the default) and
# Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 (-p:RedNetOnnxRuntime=Gpu): build output size and CPU inference speed.
# Builds the GPU variant in a separate git worktree so the normal build is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
git worktree add -q --detach "$work/tree" HEAD
trap 'git -C "$root" worktree remove --force "$work/tree"; rm -rf "$work"' EXIT
for variant in Cpu Gpu; do
  start=$(date +%s)
  dotnet build "$work/tree/benchmarks/RedNet.Benchmarks" -c Release -p:RedNetOnnxRuntime=$variant -o "$work/$variant" -v quiet -nologo >/dev/null
  echo "package variant=$variant build_seconds=$(( $(date +%s) - start )) output_mib=$(du -sm "$work/$variant" | cut -f1) onnxruntime_files_mib=$(du -cm "$work/$variant"/libonnxruntime* | tail -1 | cut -f1)"
  dotnet "$work/$variant/RedNet.Benchmarks.dll" inference --size 512 | grep '^inference engine=onnxruntime'
done
