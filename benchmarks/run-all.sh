#!/usr/bin/env bash
# Runs every benchmark behind RESULTS.md and prints their result lines. Run from the repository root on a quiet machine
# (stop any training first: two cores are easily disturbed). PyTorch needs Debian's python3-torch and libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/RedNet.Benchmarks -c Release -v quiet -nologo >/dev/null
bench="dotnet benchmarks/RedNet.Benchmarks/bin/Release/net10.0/linux-x64/RedNet.Benchmarks.dll"
$bench training --layers 5,10,15 --batch 32 --patch 50
/usr/bin/python3 benchmarks/pytorch/rednet_bench.py --threads "$(nproc)"
$bench inference --size 512
$bench pipeline --hr "${REDNET_DATASETS:-../shared/datasets}/Set14" --scale 2
$bench memory --width 2000 --height 1500 --scale 2
# rednet batch on the same Set14 LR images as the pipeline benchmark: images/s, and its overhead over the raw pipeline.
dotnet build src/RedNet.Cli -c Release -v quiet -nologo >/dev/null
tmp=$(mktemp -d)
$bench batch-table --hr "${REDNET_DATASETS:-../shared/datasets}/Set14" --scale 2 --out "$tmp/in"
start=$(date +%s.%N)
dotnet src/RedNet.Cli/bin/Release/net10.0/linux-x64/rednet.dll batch --table "$tmp/in/table.csv" --image-column path --out "$tmp/out" --scale 2 --json 2>/dev/null \
  | tr -d '\n ' ; echo
echo "batch wall_seconds=$(echo "$(date +%s.%N) - $start" | bc)"
rm -rf "$tmp"
