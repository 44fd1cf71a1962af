using RedNet.MLNet.Model;

namespace RedNet.MLNet.Quantization;

/// <summary>
/// The activations the int8 model quantizes, by name: the output (after ReLU) of every conv layer, of every deconv layer but
/// the last, and the raw output of each deconv layer that a skip connection is added to. The network's input, the last
/// deconv layer's output (the residual) and the final sum stay in float.
/// </summary>
public static class ActivationPoints
{
    public static string EncoderOutput(int i) => $"encoder.{i}.output";
    public static string DecoderConvolution(int i) => $"decoder.{i}.conv";
    public static string DecoderOutput(int i) => $"decoder.{i}.output";

    /// <summary>Every point of a network of <paramref name="config"/>, in the order the network computes them.</summary>
    public static IReadOnlyList<string> Of(RedNetConfig config)
    {
        int n = config.Layers;
        var points = Enumerable.Range(0, n).Select(EncoderOutput).ToList();
        for (int j = 1; j < n; j++)
        {
            if (config.HasSkipFrom(n - j)) points.Add(DecoderConvolution(j - 1));
            points.Add(DecoderOutput(j - 1));
        }
        return points;
    }

    /// <summary>True for a point taken after a ReLU (never negative, so its int8 zero point is 0).</summary>
    public static bool FollowsRelu(string point) => point.EndsWith(".output", StringComparison.Ordinal);
}
