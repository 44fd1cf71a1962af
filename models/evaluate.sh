#!/usr/bin/env bash
# Measures RED-Net (default: the embedded models, the one trained for each scale; or the MODEL.onnx given) and bicubic on
# Set5, Set14 and BSD100 at x2, x3, x4 with `rednet eval --json`, and prints the Markdown table of models/README.md.
# Run from the repository root:
#   bash models/evaluate.sh [MODEL.onnx] > /tmp/table.md
set -euo pipefail
cd "$(dirname "$0")/.."
model_option=()
[ $# -ge 1 ] && model_option=(--model "$1")
datasets="${REDNET_DATASETS:-../shared/datasets}"
dotnet build src/RedNet.Cli -c Release -v quiet -nologo >/dev/null
rednet="dotnet src/RedNet.Cli/bin/Release/net10.0/linux-x64/rednet.dll"
out=$(mktemp -d)
for scale in 2 3 4; do
  for set in Set5 Set14 BSD100; do
    $rednet eval --hr "$datasets/$set" --scale $scale --method bicubic --json > "$out/bicubic-$set-$scale.json" 2>/dev/null
    $rednet eval --hr "$datasets/$set" --scale $scale --method rednet "${model_option[@]}" --json > "$out/rednet-$set-$scale.json" 2>/dev/null
    echo "measured $set x$scale" >&2
  done
done
python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
paper = {("Set5", 2): (37.43, 37.66), ("Set14", 2): (32.77, 32.94), ("BSD100", 2): (31.85, 31.99)}
print("| set | scale | bicubic PSNR / SSIM | RedNet.NET PSNR / SSIM | gain (dB) | paper RED10 / RED30 PSNR |")
print("|---|---|---|---|---|---|")
for scale in (2, 3, 4):
    for s in ("Set5", "Set14", "BSD100"):
        b = json.load(open(os.path.join(out, f"bicubic-{s}-{scale}.json")))
        r = json.load(open(os.path.join(out, f"rednet-{s}-{scale}.json")))
        p = paper.get((s, scale))
        ps = f"{p[0]:.2f} / {p[1]:.2f}" if p else "–"
        print(f"| {s} | x{scale} | {b['psnr']:.2f} / {b['ssim']:.4f} | {r['psnr']:.2f} / {r['ssim']:.4f} | +{r['psnr'] - b['psnr']:.2f} | {ps} |")
PY
rm -rf "$out"
