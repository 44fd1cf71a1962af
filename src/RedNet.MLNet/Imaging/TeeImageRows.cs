namespace RedNet.MLNet.Imaging;

/// <summary>Hands every band to each of several destinations.</summary>
public sealed class TeeImageRows(params IImageRows[] destinations) : IImageRows
{
    public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha)
    {
        foreach (var destination in destinations) destination.WriteRows(firstRow, rowCount, rgb, alpha);
    }
}
