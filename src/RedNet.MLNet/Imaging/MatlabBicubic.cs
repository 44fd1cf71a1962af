namespace RedNet.MLNet.Imaging;

/// <summary>
/// MATLAB-compatible <c>imresize(A, scale, 'bicubic')</c>, the degradation of the super-resolution protocol.
/// Cubic kernel with a = −0.5; when shrinking the kernel is widened by 1/scale (antialiasing); samples beyond the border
/// take the nearest edge pixel; the vertical pass runs first (MATLAB sorts the dimensions by scale and keeps rows first on a
/// tie); and 8-bit images are rounded to 8 bits after each 1-D pass, as MATLAB does. Those details make the result equal
/// MATLAB's pixel for pixel.
/// </summary>
public static class MatlabBicubic
{
    private const double KernelWidth = 4.0;

    /// <summary>Output side length for an input side and scale, as MATLAB computes it (ceil(scale·n)).</summary>
    public static int OutputLength(int inputLength, double scale)
    {
        // The small tolerance keeps 255·(1/3) = 85 exactly instead of rounding a last-bit error up to 86.
        return Math.Max(1, (int)Math.Ceiling(inputLength * scale - 1e-9));
    }

    /// <summary>Resizes an 8-bit image by <paramref name="scale"/> (&lt; 1 shrinks, with antialiasing).</summary>
    public static RgbImage Resize(RgbImage image, double scale)
    {
        ValidateScale(scale);
        int outW = OutputLength(image.Width, scale), outH = OutputLength(image.Height, scale);
        var vertical = Contributions.For(image.Height, outH, scale);
        var horizontal = Contributions.For(image.Width, outW, scale);
        var channels = new byte[3][];
        int channelCount = image.SourceIsGrayscale ? 1 : 3;
        for (int c = 0; c < channelCount; c++)
        {
            var plane = ToDouble(image.GetChannel(c));
            plane = ResizeRows(plane, image.Width, image.Height, vertical, roundToByte: true);
            plane = ResizeColumns(plane, image.Width, outH, horizontal, roundToByte: true);
            channels[c] = ToBytes(plane);
        }
        if (channelCount == 1) channels[1] = channels[2] = channels[0];
        return RgbImage.FromChannels(outW, outH, channels[0], channels[1], channels[2], image.SourceIsGrayscale);
    }

    /// <summary>Resizes a float plane by <paramref name="scale"/>; values are not rounded.</summary>
    public static Plane Resize(Plane plane, double scale)
    {
        ValidateScale(scale);
        int outW = OutputLength(plane.Width, scale), outH = OutputLength(plane.Height, scale);
        var data = new double[plane.Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = plane.Data[i];
        data = ResizeRows(data, plane.Width, plane.Height, Contributions.For(plane.Height, outH, scale), roundToByte: false);
        data = ResizeColumns(data, plane.Width, outH, Contributions.For(plane.Width, outW, scale), roundToByte: false);
        var result = new float[data.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (float)data[i];
        return new Plane(outW, outH, result);
    }

    /// <summary>The protocol's low-resolution image: modcrop to a multiple of <paramref name="factor"/>, then shrink by 1/factor.</summary>
    public static RgbImage Downscale(RgbImage highResolution, int factor)
    {
        ValidateFactor(factor);
        return Resize(ModCrop.Apply(highResolution, factor), 1.0 / factor);
    }

    /// <summary>Enlarges an 8-bit image by an integer factor (the bicubic baseline).</summary>
    public static RgbImage Upscale(RgbImage image, int factor)
    {
        ValidateFactor(factor);
        return Resize(image, factor);
    }

    /// <summary>Enlarges a float plane by an integer factor.</summary>
    public static Plane Upscale(Plane plane, int factor)
    {
        ValidateFactor(factor);
        return Resize(plane, factor);
    }

    private static void ValidateScale(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be a positive finite number.");
    }

    private static void ValidateFactor(int factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scale factor must be at least 1.");
    }

    private static double Cubic(double x)
    {
        // Keys' cubic convolution kernel with a = -0.5, as in MATLAB's imresize.
        double ax = Math.Abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
        if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1;
        if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        return 0;
    }

    /// <summary>Which input samples, with which weights, make each output sample along one axis.</summary>
    internal sealed class Contributions
    {
        public required int OutputLength { get; init; }
        public required int[] Start { get; init; }   // Start[o]..Start[o+1] index into Index/Weight
        public required int[] Index { get; init; }
        public required double[] Weight { get; init; }

        public static Contributions For(int inputLength, int outputLength, double scale)
        {
            bool antialias = scale < 1;
            double width = antialias ? KernelWidth / scale : KernelWidth;
            int taps = (int)Math.Ceiling(width) + 2;
            var start = new int[outputLength + 1];
            var index = new List<int>(outputLength * taps);
            var weight = new List<double>(outputLength * taps);
            var w = new double[taps];
            for (int o = 0; o < outputLength; o++)
            {
                // MATLAB, 1-based: u = x/scale + 0.5·(1 − 1/scale); left = floor(u − width/2).
                double u = (o + 1) / scale + 0.5 * (1 - 1 / scale);
                double left = Math.Floor(u - width / 2);
                double sum = 0;
                for (int j = 0; j < taps; j++)
                {
                    double d = u - (left + j);
                    w[j] = antialias ? scale * Cubic(scale * d) : Cubic(d);
                    sum += w[j];
                }
                start[o] = index.Count;
                for (int j = 0; j < taps; j++)
                {
                    if (w[j] == 0) continue; // MATLAB drops all-zero columns; a zero weight adds nothing to the sum either way.
                    int i = (int)left + j - 1; // back to 0-based
                    index.Add(Math.Clamp(i, 0, inputLength - 1)); // nearest edge pixel beyond the border
                    weight.Add(w[j] / sum);
                }
            }
            start[outputLength] = index.Count;
            return new Contributions { OutputLength = outputLength, Start = start, Index = index.ToArray(), Weight = weight.ToArray() };
        }
    }

    // Resizes along y: each output row is a weighted sum of input rows (summed in MATLAB's tap order).
    private static double[] ResizeRows(double[] src, int width, int height, Contributions c, bool roundToByte)
    {
        var dst = new double[width * c.OutputLength];
        for (int o = 0; o < c.OutputLength; o++)
        {
            var row = dst.AsSpan(o * width, width);
            for (int t = c.Start[o]; t < c.Start[o + 1]; t++)
            {
                double wt = c.Weight[t];
                var input = src.AsSpan(c.Index[t] * width, width);
                for (int x = 0; x < width; x++) row[x] += wt * input[x];
            }
            if (roundToByte) RoundInPlace(row);
        }
        return dst;
    }

    // Resizes along x.
    private static double[] ResizeColumns(double[] src, int width, int height, Contributions c, bool roundToByte)
    {
        int outW = c.OutputLength;
        var dst = new double[outW * height];
        for (int y = 0; y < height; y++)
        {
            var input = src.AsSpan(y * width, width);
            var row = dst.AsSpan(y * outW, outW);
            for (int o = 0; o < outW; o++)
            {
                double acc = 0;
                for (int t = c.Start[o]; t < c.Start[o + 1]; t++) acc += c.Weight[t] * input[c.Index[t]];
                row[o] = acc;
            }
            if (roundToByte) RoundInPlace(row);
        }
        return dst;
    }

    private static void RoundInPlace(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = YCbCr.ToByte(values[i]);
    }

    private static double[] ToDouble(byte[] values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static byte[] ToBytes(double[] values)
    {
        var result = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (byte)values[i];
        return result;
    }
}
