#!/usr/bin/env bash
# Per-row overhead of `rednet batch` where no image is decoded: a generated table of N rows naming files that do not exist
# (issue 14: 100k such rows took 3.4 ms a row). Prints the batch's own summary line (its `in S s`, from the first row to
# the results table) and the process's wall time. Usage: benchmarks/batch-missing-rows.sh [ROWS] [path/to/rednet.dll]
set -euo pipefail
rows=${1:-20000}
tool=${2:-src/RedNet.Cli/bin/Release/net10.0/linux-x64/rednet.dll}
work=$(mktemp -d /tmp/rednet-missing-rows.XXXXXX)
trap 'rm -rf "$work"' EXIT
{ echo image; for ((i = 0; i < rows; i++)); do printf 'missing/img_%06d.png\n' "$i"; done; } > "$work/table.csv"
start=$(date +%s.%N)
set +e
dotnet "$tool" batch --table "$work/table.csv" --image-column image --out "$work/out" 2>/dev/null | grep '^batch:'
set -e
end=$(date +%s.%N)
echo "rows=$rows wall_s=$(echo "$end - $start" | bc)"
