namespace RedNet.MLNet.Imaging;

/// <summary>
/// An 8-bit RGB image, pixels interleaved R, G, B, row-major, no padding.
/// This is the exchange type of the image math: it knows nothing of ML.NET or TorchSharp.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (length 3·width·height, R G B interleaved).</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixels">3·width·height bytes, R G B interleaved, row-major; kept, not copied.</param>
    /// <param name="sourceIsGrayscale">True when the image was decoded from a single-channel file. The protocol then
    /// takes the grey value itself as Y (MATLAB's evaluation scripts only call rgb2ycbcr on 3-channel images).</param>
    public RgbImage(int width, int height, byte[] pixels, bool sourceIsGrayscale = false)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (pixels.Length != checked(3L * width * height))
            throw new ArgumentException($"Expected {3L * width * height} bytes for a {width}x{height} RGB image, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        SourceIsGrayscale = sourceIsGrayscale;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>R, G, B bytes, row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>True when the pixels came from a single-channel (grey) file: R = G = B and Y is the grey value.</summary>
    public bool SourceIsGrayscale { get; }

    /// <summary>Creates a black image.</summary>
    public static RgbImage Create(int width, int height, bool sourceIsGrayscale = false)
        => new(width, height, new byte[checked(3 * width * height)], sourceIsGrayscale);

    /// <summary>Copies one channel (0 = R, 1 = G, 2 = B) into a new byte array.</summary>
    public byte[] GetChannel(int channel)
    {
        if ((uint)channel > 2) throw new ArgumentOutOfRangeException(nameof(channel));
        var result = new byte[Width * Height];
        for (int i = 0, j = channel; i < result.Length; i++, j += 3) result[i] = Pixels[j];
        return result;
    }

    /// <summary>Builds an image from three channel arrays of equal size.</summary>
    public static RgbImage FromChannels(int width, int height, byte[] r, byte[] g, byte[] b, bool sourceIsGrayscale = false)
    {
        int n = width * height;
        if (r.Length != n || g.Length != n || b.Length != n)
            throw new ArgumentException("Channel sizes do not match the image size.");
        var pixels = new byte[3 * n];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            pixels[j] = r[i];
            pixels[j + 1] = g[i];
            pixels[j + 2] = b[i];
        }
        return new RgbImage(width, height, pixels, sourceIsGrayscale);
    }

    /// <summary>Copies the rectangle [x, x+width) × [y, y+height).</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {x},{y} {width}x{height} is outside the {Width}x{Height} image.");
        var pixels = new byte[3 * width * height];
        for (int row = 0; row < height; row++)
            Buffer.BlockCopy(Pixels, 3 * ((y + row) * Width + x), pixels, 3 * row * width, 3 * width);
        return new RgbImage(width, height, pixels, SourceIsGrayscale);
    }
}
