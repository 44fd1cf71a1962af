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
            var rows = ResizeRows(image.GetChannel(c), image.Width, vertical, default(ByteStore));
            channels[c] = ResizeColumns(rows, image.Width, outH, horizontal, default(ByteStore));
        }
        if (channelCount == 1) channels[1] = channels[2] = channels[0];
        return RgbImage.FromChannels(outW, outH, channels[0], channels[1], channels[2], image.SourceIsGrayscale);
    }

    /// <summary>
    /// Resizes a float plane by <paramref name="scale"/>. Sums are taken in double precision and stored as float after each
    /// 1-D pass (the values are not rounded to 8 bits).
    /// </summary>
    public static Plane Resize(Plane plane, double scale)
    {
        ValidateScale(scale);
        int outW = OutputLength(plane.Width, scale), outH = OutputLength(plane.Height, scale);
        var rows = ResizeRows(plane.Data, plane.Width, Contributions.For(plane.Height, outH, scale), default(FloatStore));
        var result = ResizeColumns(rows, plane.Width, outH, Contributions.For(plane.Width, outW, scale), default(FloatStore));
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

    // How a pass reads and writes its samples: 8-bit images round to the nearest byte after each pass (as MATLAB does),
    // float planes keep the float value. Sums are always double and taken in MATLAB's tap order, so results are exact.
    internal interface ISampleStore<T>
    {
        double Read(T value);
        T Write(double sum);
    }

    // Structs, so that the JIT compiles each pass once per store with the reads and writes inlined.
    private readonly struct ByteStore : ISampleStore<byte>
    {
        public double Read(byte value) => value;
        public byte Write(double sum) => YCbCr.ToByte(sum);
    }

    internal readonly struct FloatStore : ISampleStore<float>
    {
        public double Read(float value) => value;
        public float Write(double sum) => (float)sum;
    }

    // Resizes along y: each output row is a weighted sum of input rows. Rows are independent, so they run in parallel.
    private static T[] ResizeRows<T, TStore>(T[] src, int width, Contributions c, TStore store) where TStore : ISampleStore<T>
    {
        var dst = new T[width * c.OutputLength];
        ResizeRows(src, 0, width, c, 0, c.OutputLength, dst, store);
        return dst;
    }

    // Output rows [first, end) of the vertical pass into dst (row first at dst[0]), reading input rows from src, whose first
    // row is input row srcFirstRow. Every row is the same sum in the same order as in a whole-plane pass, so a band of rows
    // equals those rows of the whole result exactly.
    internal static void ResizeRows<T, TStore>(T[] src, int srcFirstRow, int width, Contributions c, int first, int end, T[] dst, TStore store)
        where TStore : ISampleStore<T>
    {
        Parallel.For(first, end, () => new double[width], (o, _, acc) =>
        {
            Array.Clear(acc);
            for (int t = c.Start[o]; t < c.Start[o + 1]; t++)
            {
                double wt = c.Weight[t];
                int offset = (c.Index[t] - srcFirstRow) * width;
                for (int x = 0; x < width; x++) acc[x] += wt * store.Read(src[offset + x]);
            }
            int row = (o - first) * width;
            for (int x = 0; x < width; x++) dst[row + x] = store.Write(acc[x]);
            return acc;
        }, _ => { });
    }

    // Resizes along x, one row per task.
    private static T[] ResizeColumns<T, TStore>(T[] src, int width, int height, Contributions c, TStore store) where TStore : ISampleStore<T>
    {
        var dst = new T[c.OutputLength * height];
        ResizeColumns(src, width, height, c, dst, store);
        return dst;
    }

    // The horizontal pass of the first `height` rows of src into dst.
    internal static void ResizeColumns<T, TStore>(T[] src, int width, int height, Contributions c, T[] dst, TStore store) where TStore : ISampleStore<T>
    {
        int outW = c.OutputLength;
        Parallel.For(0, height, y =>
        {
            int input = y * width, row = y * outW;
            for (int o = 0; o < outW; o++)
            {
                double acc = 0;
                for (int t = c.Start[o]; t < c.Start[o + 1]; t++) acc += c.Weight[t] * store.Read(src[input + c.Index[t]]);
                dst[row + o] = store.Write(acc);
            }
        });
    }
}
