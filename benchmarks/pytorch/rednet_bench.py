#!/usr/bin/env python3
"""The same RED-Net in PyTorch CPU eager, for comparison with RedNet.NET (benchmarks/RESULTS.md).

Run with Debian's interpreter and packages (python3-torch, libopenblas0-pthread):
    /usr/bin/python3 benchmarks/pytorch/rednet_bench.py [--threads 2]
Prints one line per measurement in the same key=value form as the .NET benchmarks.
"""
import argparse
import platform
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class RedNet(nn.Module):
    """n conv + n deconv layers, 3x3, 64 maps, ReLU after every layer, a skip every 2 layers from conv i to deconv n-i
    (summed before the ReLU), last deconv to 1 channel plus the input. transposed=True uses ConvTranspose2d literally;
    False writes the decoder as Conv2d (the same function with flipped, transposed weights)."""

    def __init__(self, layers, features=64, skip_every=2, transposed=False):
        super().__init__()
        self.n, self.skip_every = layers, skip_every
        self.encoder = nn.ModuleList(nn.Conv2d(1 if i == 0 else features, features, 3, padding=1) for i in range(layers))
        layer = nn.ConvTranspose2d if transposed else nn.Conv2d
        self.decoder = nn.ModuleList(layer(features, 1 if j == layers - 1 else features, 3, padding=1) for j in range(layers))

    def forward(self, x):
        n, skips, h = self.n, {}, x
        for i in range(1, n + 1):
            h = F.relu(self.encoder[i - 1](h))
            if self.skip_every and i % self.skip_every == 0 and i < n:
                skips[i] = h
        for j in range(1, n):
            h = self.decoder[j - 1](h)
            if (n - j) in skips:
                h = h + skips[n - j]
            h = F.relu(h)
        return self.decoder[n - 1](h) + x


def median_seconds(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--patch", type=int, default=50)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--size", type=int, default=512)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    print(f"# {platform.machine()}, torch {torch.__version__}, threads {torch.get_num_threads()}, mkldnn {torch.backends.mkldnn.is_available()}")
    for layers in (5, 10, 15):
        for transposed in (False, True):
            model = RedNet(layers, transposed=transposed)
            adam = torch.optim.Adam(model.parameters(), lr=1e-4)
            x = torch.rand(args.batch, 1, args.patch, args.patch)
            y = torch.rand(args.batch, 1, args.patch, args.patch)

            def step():
                adam.zero_grad()
                loss = F.mse_loss(model(x), y)
                loss.backward()
                adam.step()

            for _ in range(2):
                step()
            start = time.perf_counter()
            for _ in range(args.steps):
                step()
            seconds = time.perf_counter() - start
            decoder = "TransposedConvolution" if transposed else "Convolution"
            print(f"training engine=pytorch model=RED{2 * layers} decoder={decoder} batch={args.batch} patch={args.patch} "
                  f"steps={args.steps} seconds={seconds:.2f} patches_per_s={args.steps * args.batch / seconds:.1f}")
    for layers in (5, 15):
        for transposed in (False, True):
            model = RedNet(layers, transposed=transposed).eval()
            x = torch.rand(1, 1, args.size, args.size)
            with torch.no_grad():
                seconds = median_seconds(lambda: model(x), 5)
            mps = args.size * args.size / seconds / 1e6
            decoder = "TransposedConvolution" if transposed else "Convolution"
            print(f"inference engine=pytorch model=RED{2 * layers} decoder={decoder} size={args.size} seconds={seconds:.3f} mp_per_s={mps:.3f}")


if __name__ == "__main__":
    main()
