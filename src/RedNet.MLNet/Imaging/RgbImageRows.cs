namespace RedNet.MLNet.Imaging;

/// <summary>Collects the rows into an <see cref="RgbImage"/> (and its alpha, when the rows have one).</summary>
public sealed class RgbImageRows : IImageRows
{
    public RgbImageRows(int width, int height, bool sourceIsGrayscale = false, bool keepAlpha = false)
    {
        Image = RgbImage.Create(width, height, sourceIsGrayscale);
        Alpha = keepAlpha ? new byte[width * height] : null;
    }

    public RgbImage Image { get; }

    /// <summary>One byte a pixel when the rows carry alpha and it was asked for; else null.</summary>
    public byte[]? Alpha { get; }

    public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha)
    {
        int w = Image.Width;
        rgb[..(3 * w * rowCount)].CopyTo(Image.Pixels.AsSpan(3 * w * firstRow));
        if (Alpha is not null && !alpha.IsEmpty) alpha[..(w * rowCount)].CopyTo(Alpha.AsSpan(w * firstRow));
    }
}
