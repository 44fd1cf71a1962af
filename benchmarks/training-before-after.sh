#!/usr/bin/env bash
# Training throughput of this tree against an earlier revision, in one run, alternating so both see the same machine state:
#   bash benchmarks/training-before-after.sh [REV=6e4197a] [ROUNDS=3]
# 6e4197a is the last revision whose RED-Net ran its 64 -> 1 layer through oneDNN's one-output-channel convolution (issue 10).
# Stop any training first (kill -STOP its pid; kill -CONT after): two cores are easily disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-6e4197a}"
rounds="${2:-3}"
before="$(mktemp -d)/before"
git worktree add --detach -q "$before" "$rev"
trap 'git worktree remove --force "$before"' EXIT
dotnet build "$before/benchmarks/RedNet.Benchmarks" -c Release -v quiet -nologo >/dev/null
dotnet build benchmarks/RedNet.Benchmarks -c Release -v quiet -nologo >/dev/null
lscpu | grep -E "^Model name|^Flags" | sed 's/^/# /'
for round in $(seq "$rounds"); do
  for side in before after; do
    dir=$([ "$side" = before ] && echo "$before" || echo .)
    dotnet "$dir/benchmarks/RedNet.Benchmarks/bin/Release/net10.0/linux-x64/RedNet.Benchmarks.dll" training --layers 5 --batch 32 --patch 50 --steps 10 \
      | grep "decoder=Convolution" | sed "s/^/$side round=$round /"
  done
done
