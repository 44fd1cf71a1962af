namespace RedNet.MLNet.Imaging;

/// <summary>
/// A 16-bit RGB image, samples interleaved R, G, B, row-major, no padding: what a 16-bit PNG holds, kept whole. The 8-bit
/// <see cref="RgbImage"/> stays the exchange type of the image math; this one carries the extra precision of a 16-bit file
/// through the steps that can keep it (<see cref="LumaSuperResolution.Upscale(Rgb16Image, int, Func{Plane, Plane})"/>).
/// A 16-bit sample s stands for the 8-bit level s / 257 (65535 = 255·257), so an 8-bit image widened by s = 257·v gives
/// exactly the values of the 8-bit path.
/// </summary>
public sealed class Rgb16Image
{
    /// <summary>The factor between the 8-bit and the 16-bit scale: 65535 / 255.</summary>
    public const double LevelsPer8Bit = 257.0;

    /// <summary>Creates an image over <paramref name="samples"/> (length 3·width·height, R G B interleaved).</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="samples">3·width·height samples, R G B interleaved, row-major; kept, not copied.</param>
    /// <param name="sourceIsGrayscale">True when the image was decoded from a single-channel file (R = G = B).</param>
    public Rgb16Image(int width, int height, ushort[] samples, bool sourceIsGrayscale = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (samples.Length != checked(3L * width * height))
            throw new ArgumentException($"Expected {3L * width * height} samples for a {width}x{height} RGB image, got {samples.Length}.", nameof(samples));
        Width = width;
        Height = height;
        Samples = samples;
        SourceIsGrayscale = sourceIsGrayscale;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>R, G, B samples (0–65535), row-major.</summary>
    public ushort[] Samples { get; }

    /// <summary>True when the samples came from a single-channel (grey) file: R = G = B.</summary>
    public bool SourceIsGrayscale { get; }

    /// <summary>The 8-bit image nearest to this one (each sample / 257, rounded): what an 8-bit consumer sees.</summary>
    public RgbImage ToRgbImage()
    {
        var pixels = new byte[Samples.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = ToByte(Samples[i]);
        return new RgbImage(Width, Height, pixels, SourceIsGrayscale);
    }

    /// <summary>An 8-bit sample widened to 16 bits (v · 257, so 255 → 65535).</summary>
    public static ushort Widen(byte value) => (ushort)(value * 257);

    /// <summary>A 16-bit sample rounded to the nearest 8-bit level.</summary>
    public static byte ToByte(ushort sample) => (byte)((sample + 128) / 257);

    /// <summary>A value on the 8-bit scale (0–255, fractional) rounded half away from zero to 16 bits and saturated.</summary>
    public static ushort FromLevel(double level) => Round(level * LevelsPer8Bit);

    /// <summary>A value on the 16-bit scale rounded half away from zero and saturated to [0, 65535].</summary>
    public static ushort Round(double value)
    {
        if (!(value > 0)) return 0; // also NaN
        if (value >= 65535) return 65535;
        return (ushort)(value + 0.5);
    }
}
