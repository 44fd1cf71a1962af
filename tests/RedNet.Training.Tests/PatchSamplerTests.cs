using RedNet.MLNet.Imaging;
using RedNet.Training.Data;
using RedNet.Training.Training;

namespace RedNet.Training.Tests;

public class PatchSamplerTests
{
    private const int Patch = 12;

    /// <summary>An HR image of random pixels: every patch of its Y plane is unique, so a patch's position can be found.</summary>
    private static string NoiseImage(int size, int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        var image = RgbImage.Create(size, size);
        rng.NextBytes(image.Pixels);
        ImageCodec.Save(image, Path.Combine(dir, "noise.png"));
        return dir;
    }

    // The P×P patch of `plane` at (x0, y0) through transform t (bit 0 mirrors x, bit 1 mirrors y, bit 2 transposes),
    // written independently of PatchSampler: out[v, u] = plane[x0 + a, y0 + b] with (a, b) = the transformed (u, v).
    private static float[] Cut(Plane plane, int x0, int y0, int t)
    {
        var patch = new float[Patch * Patch];
        for (int v = 0; v < Patch; v++)
            for (int u = 0; u < Patch; u++)
            {
                int a = (t & 4) != 0 ? v : u, b = (t & 4) != 0 ? u : v;
                if ((t & 1) != 0) a = Patch - 1 - a;
                if ((t & 2) != 0) b = Patch - 1 - b;
                patch[v * Patch + u] = plane[x0 + a, y0 + b];
            }
        return patch;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Input_and_target_patches_come_from_the_same_pixels_under_the_same_transform(int scale)
    {
        var set = TrainingSet.Load(new[] { NoiseImage(36, seed: scale) }, new[] { scale }, Patch);
        var image = set.Images.Single();
        var input = image.InputByScale[scale]!;
        var sampler = new PatchSampler(set, Patch);
        const int batch = 24;
        var inputs = new float[batch * Patch * Patch];
        var targets = new float[batch * Patch * Patch];
        sampler.Sample(new SeededRandom(11), batch, inputs, targets);
        var transformsSeen = new HashSet<int>();
        for (int k = 0; k < batch; k++)
        {
            var target = targets[(k * Patch * Patch)..((k + 1) * Patch * Patch)];
            // Find where the target patch was cut (it is unique in a noise image), then the input must be cut there too.
            var matches = (from t in Enumerable.Range(0, 8)
                           from y0 in Enumerable.Range(0, input.Height - Patch + 1)
                           from x0 in Enumerable.Range(0, input.Width - Patch + 1)
                           where Cut(image.Target, x0, y0, t).AsSpan().SequenceEqual(target)
                           select (x0, y0, t)).ToList();
            Assert.True(matches.Count == 1, $"patch {k}: the target patch was found {matches.Count} times");
            var (x, y, tr) = matches[0];
            Assert.True(Cut(input, x, y, tr).AsSpan().SequenceEqual(inputs.AsSpan(k * Patch * Patch, Patch * Patch)),
                $"patch {k}: the input patch is not the input plane at ({x}, {y}) under transform {tr}, where the target was cut");
            transformsSeen.Add(tr);
        }
        Assert.True(transformsSeen.Count >= 4, $"only transforms {string.Join(",", transformsSeen)} drawn in {batch} patches");
    }
}
