#!/bin/bash
# `rednet batch` against the strip upscaler in memory, in alternating rounds (RESULTS.md, "rednet batch with decode/encode
# overlapped"). Usage: benchmarks/batch-overlap.sh BEFORE_REDNET_DLL [HR_DIR] [ROUNDS]
#   BEFORE_REDNET_DLL: rednet.dll of the build to compare with (e.g. built from an earlier commit); the after build is this tree's.
set -euo pipefail
before=$1; hr=${2:-../shared/datasets/Set5}; rounds=${3:-2}
B=benchmarks/RedNet.Benchmarks/bin/Release/net10.0/linux-x64/RedNet.Benchmarks.dll
after=src/RedNet.Cli/bin/Release/net10.0/linux-x64/rednet.dll
work=$(mktemp -d)
dotnet $B batch-table --hr "$hr" --scale 2 --out $work/table
for round in $(seq 1 $rounds); do
  echo "== round $round $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  nice -n 10 dotnet $B strips --hr "$hr" --scale 2 --repeats 1 | grep -v '^#'
  for v in before after; do
    dll=$([ $v = before ] && echo "$before" || echo "$after")
    rm -rf $work/out-$v
    /usr/bin/time -f "$v process_wall=%e user=%U sys=%S maxrss_kb=%M" nice -n 10 dotnet "$dll" batch --table $work/table/table.csv \
      --image-column path --out $work/out-$v --scale 2 --json 2>&1 >$work/$v.json | grep process_wall
    python3 -c "import json;d=json.load(open('$work/$v.json'));print('$v batch_seconds', d['seconds'], 'ok', d['ok'])"
  done
  for f in $work/out-before/*.png; do cmp -s $f $work/out-after/$(basename $f) || echo "DIFFER $(basename $f)"; done
done
