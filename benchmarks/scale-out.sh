#!/usr/bin/env bash
# rednet batch scaled out (issue 16): rows/s of the README's Slurm job array (deploy/slurm/rednet-batch.sbatch: 4 tasks,
# 1 CPU and --threads 1 each) against one process on the same table, alternating, and the peak memory of one batch
# process on an input at the Kubernetes manifest's --max-pixels cap (2000x1500). Starts and stops its own one-node Slurm
# cluster with .ci/slurm-up.sh (root; installs slurm-wlm and munge when missing). Needs ../shared/datasets and Debian's
# python3-pil (to enlarge a BSD100 photo to 2000x1500). Run from anywhere; prints key=value lines for RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
datasets=${REDNET_DATASETS:-../shared/datasets}
rounds=${ROUNDS:-2}
tmp=$(mktemp -d)
export REDNET_SLURM_DIR="$tmp/slurm" SLURM_CONF="$tmp/slurm/slurm.conf"
trap 'bash .ci/slurm-down.sh; rm -rf "$tmp"' EXIT
bash .ci/slurm-up.sh

dotnet build benchmarks/RedNet.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet build src/RedNet.Cli -c Release -v quiet -nologo >/dev/null
bench="dotnet benchmarks/RedNet.Benchmarks/bin/Release/net10.0/linux-x64/RedNet.Benchmarks.dll"
export REDNET_DLL=$PWD/src/RedNet.Cli/bin/Release/net10.0/linux-x64/rednet.dll
echo "# $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The table: BSD100's 100 images at x2 (LR files written by the benchmark project, as for the batch benchmark).
$bench batch-table --hr "$datasets/BSD100" --scale 2 --out "$tmp/in" >/dev/null
rows=$(($(wc -l <"$tmp/in/table.csv") - 1))
for round in $(seq "$rounds"); do
  start=$(date +%s.%N)
  dotnet "$REDNET_DLL" batch --table "$tmp/in/table.csv" --image-column path --out "$tmp/single-$round" --json >/dev/null 2>&1
  single=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  # --wait: sbatch returns when every task of the array has ended.
  sbatch --wait --quiet --array=0-3 --chdir="$tmp" --output="$tmp/task-%A_%a.log" deploy/slurm/rednet-batch.sbatch 4 \
    --table "$tmp/in/table.csv" --image-column path --out "$tmp/array-$round"
  array=$(echo "$(date +%s.%N) - $start" | bc)
  dotnet "$REDNET_DLL" batch-merge --table "$tmp/in/table.csv" --image-column path --out "$tmp/array-$round" >/dev/null
  echo "scale-out round=$round rows=$rows single_seconds=$single single_rows_per_s=$(echo "scale=3; $rows / $single" | bc)" \
       "array_seconds=$array array_rows_per_s=$(echo "scale=3; $rows / $array" | bc) load=$(cut -d' ' -f1 /proc/loadavg)"
done

# Peak memory (max RSS of the process) of one row at the cap: a BSD100 photo enlarged to 2000x1500, upscaled x2.
mkdir -p "$tmp/big"
/usr/bin/python3 -c "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB').resize((2000, 1500), Image.BICUBIC).save(sys.argv[2])" \
  "$(ls "$datasets"/BSD100/*.png | head -n 1)" "$tmp/big/photo.png"
printf 'path\nphoto.png\n' >"$tmp/big/table.csv"
for threads in 1 2; do
  /usr/bin/time -f "%M %e" -o "$tmp/time" dotnet "$REDNET_DLL" batch --table "$tmp/big/table.csv" --image-column path \
    --out "$tmp/big/out-$threads" --threads "$threads" --max-pixels 3000000 >/dev/null 2>&1
  read -r kib seconds <"$tmp/time"
  echo "scale-out-memory input=2000x1500 output=4000x3000 threads=$threads seconds=$seconds peak_rss_mib=$((kib / 1024))"
done
