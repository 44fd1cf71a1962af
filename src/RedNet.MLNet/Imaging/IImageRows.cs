namespace RedNet.MLNet.Imaging;

/// <summary>
/// Where an image that is produced a band of rows at a time goes (an output bitmap, an <see cref="RgbImage"/>): the producer
/// hands over each band once, top to bottom, and keeps nothing of it.
/// </summary>
public interface IImageRows
{
    /// <summary>
    /// Takes rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rowCount"/>): interleaved R, G, B
    /// bytes, and one alpha byte a pixel, or an empty span for an opaque image.
    /// </summary>
    void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha);
}
