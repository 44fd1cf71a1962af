using RedNet.Training.Training;

namespace RedNet.Training.Data;

/// <summary>
/// Draws random training patches: an image with probability proportional to its area, a scale uniformly among those the
/// image has, a uniformly random position, and one of the 8 flips/rotations (the dihedral group of the square).
/// Everything comes from one <see cref="SeededRandom"/>, so a run is reproducible and resumable.
/// </summary>
public sealed class PatchSampler
{
    private readonly TrainingSet _set;
    private readonly int _patch;
    private readonly (int Image, int Scale)[] _choices;
    private readonly double[] _cumulativeArea;

    public PatchSampler(TrainingSet set, int patchSize)
    {
        _set = set;
        _patch = patchSize;
        var choices = new List<(int, int)>();
        var cumulative = new List<double>();
        double total = 0;
        for (int i = 0; i < set.Images.Count; i++)
            foreach (int s in set.Scales)
            {
                var input = set.Images[i].InputByScale[s];
                if (input is null) continue;
                total += (double)input.Width * input.Height;
                choices.Add((i, s));
                cumulative.Add(total);
            }
        if (choices.Count == 0) throw new InvalidOperationException("The training set has no image large enough for a patch.");
        _choices = choices.ToArray();
        _cumulativeArea = cumulative.ToArray();
    }

    public int PatchSize => _patch;

    /// <summary>Fills <paramref name="inputs"/> and <paramref name="targets"/> (each batch·P·P floats, NCHW with C = 1).</summary>
    public void Sample(SeededRandom random, int batch, float[] inputs, float[] targets)
    {
        int pp = _patch * _patch;
        if (inputs.Length < batch * pp || targets.Length < batch * pp) throw new ArgumentException("Buffers are too small for the batch.");
        for (int b = 0; b < batch; b++)
        {
            double pick = random.NextDouble() * _cumulativeArea[^1];
            int c = Array.BinarySearch(_cumulativeArea, pick);
            c = c < 0 ? ~c : c + 1;
            c = Math.Min(c, _choices.Length - 1);
            var (imageIndex, scale) = _choices[c];
            var image = _set.Images[imageIndex];
            var input = image.InputByScale[scale]!;
            int x0 = random.NextInt(input.Width - _patch + 1);
            int y0 = random.NextInt(input.Height - _patch + 1);
            int transform = random.NextInt(8);
            Copy(input.Data, input.Width, x0, y0, transform, inputs.AsSpan(b * pp, pp));
            Copy(image.Target.Data, image.Target.Width, x0, y0, transform, targets.AsSpan(b * pp, pp));
        }
    }

    // Copies the P×P patch at (x0, y0) through one of the 8 dihedral transforms: bit 2 transposes, bit 0 mirrors x, bit 1 mirrors y.
    private void Copy(float[] source, int stride, int x0, int y0, int transform, Span<float> destination)
    {
        int p = _patch;
        bool transpose = (transform & 4) != 0, mirrorX = (transform & 1) != 0, mirrorY = (transform & 2) != 0;
        for (int v = 0; v < p; v++)
            for (int u = 0; u < p; u++)
            {
                int a = transpose ? v : u, b = transpose ? u : v;
                if (mirrorX) a = p - 1 - a;
                if (mirrorY) b = p - 1 - b;
                destination[v * p + u] = source[(y0 + b) * stride + x0 + a];
            }
    }
}
