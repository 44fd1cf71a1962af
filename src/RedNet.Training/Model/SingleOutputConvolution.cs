using static TorchSharp.torch;

namespace RedNet.Training.Model;

/// <summary>
/// A stride-1, zero-padded k×k convolution with ONE output channel, computed as one batched matrix product and k² shifted
/// sums instead of by libtorch's oneDNN convolution. The result is the same convolution (same weight and bias tensors, same
/// state-dict shapes, same ONNX export), to float rounding.
/// </summary>
/// <remarks>
/// Why: the last RED-Net layer (64 maps → 1 channel) is the only layer for which oneDNN runs a convolution with a single
/// output channel (forward, backward-data and backward-weights primitives <c>ic64oc1</c>; ONEDNN_VERBOSE lists them), and
/// oneDNN pads that one channel to a full SIMD block (8 channels on AVX2, 16 on AVX-512). On an AMD EPYC with AVX-512
/// (issue 10) training with that primitive gave NaN at the first step and runs that were not repeatable, while the
/// paper's transposed-convolution decoder — which uses every other primitive of the convolution form but not those three —
/// trained and repeated exactly. This path avoids the primitive on every CPU; see docs/investigations/issue-10-nan.md.
/// Its cost is one [k², C]×[C, H·W] product per image: under 1 % of a RED10 step.
/// </remarks>
public static class SingleOutputConvolution
{
    /// <summary>
    /// <paramref name="input"/> [N, C, H, W], <paramref name="weight"/> [1, C, k, k] (odd k), <paramref name="bias"/> [1] →
    /// [N, 1, H, W], padding k/2 so the size is kept (what <c>nn.Conv2d(C, 1, k, stride: 1, padding: k/2)</c> computes).
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        if (input.dim() != 4) throw new ArgumentException($"Expected an [N, C, H, W] input, got {input.dim()} dimensions.", nameof(input));
        long n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
        if (weight.dim() != 4 || weight.shape[0] != 1 || weight.shape[1] != c || weight.shape[2] != weight.shape[3] || weight.shape[2] % 2 == 0)
            throw new ArgumentException($"Expected a [1, {c}, k, k] weight with odd k, got [{string.Join(", ", weight.shape)}].", nameof(weight));
        int k = (int)weight.shape[2], pad = k / 2;
        using var scope = NewDisposeScope();
        // taps[t, c] = weight[0, c, ky, kx] with t = ky·k + kx; per pixel, tap t's contribution is taps[t] · input[:, pixel].
        var taps = weight.reshape(c, k * k).t();
        var perTap = matmul(taps, input.reshape(n, c, h * w)).reshape(n, k * k, h, w);
        // out[y, x] = Σ_t perTap[t][y + ky − pad, x + kx − pad], zero outside the image: pad once, then add k² shifted views.
        var padded = nn.functional.pad(perTap, new long[] { pad, pad, pad, pad });
        Tensor? sum = null;
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                var shifted = padded.select(1, ky * k + kx).narrow(1, ky, h).narrow(2, kx, w);
                sum = sum is null ? shifted.clone() : sum.add_(shifted, KeptScalars.One);
            }
        var output = sum!.unsqueeze(1);
        if (bias is not null) output = output.add(bias.reshape(1, 1, 1, 1), KeptScalars.One);
        return output.MoveToOuterDisposeScope();
    }
}
