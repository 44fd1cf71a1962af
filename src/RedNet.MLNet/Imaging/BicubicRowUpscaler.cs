namespace RedNet.MLNet.Imaging;

/// <summary>
/// <see cref="MatlabBicubic.Upscale(Plane, int)"/> one band of output rows at a time, from only the input rows that band
/// reads (the kernel's four taps, clamped at the border). Each output value is the same sum, in the same order, as in the
/// whole-plane enlargement, so bands put together equal the whole result bit for bit, while the memory is that of a band.
/// </summary>
public sealed class BicubicRowUpscaler
{
    private readonly MatlabBicubic.Contributions _vertical;
    private readonly MatlabBicubic.Contributions _horizontal;

    public BicubicRowUpscaler(int inputWidth, int inputHeight, int factor)
    {
        if (inputWidth <= 0 || inputHeight <= 0) throw new ArgumentOutOfRangeException(nameof(inputWidth), $"A {inputWidth}x{inputHeight} plane has no pixels.");
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scale factor must be at least 1.");
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        OutputWidth = MatlabBicubic.OutputLength(inputWidth, factor);
        OutputHeight = MatlabBicubic.OutputLength(inputHeight, factor);
        _vertical = MatlabBicubic.Contributions.For(inputHeight, OutputHeight, factor);
        _horizontal = MatlabBicubic.Contributions.For(inputWidth, OutputWidth, factor);
    }

    public int InputWidth { get; }
    public int InputHeight { get; }
    public int OutputWidth { get; }
    public int OutputHeight { get; }

    /// <summary>The input rows [First, End) that output rows [<paramref name="first"/>, <paramref name="end"/>) read.</summary>
    public (int First, int End) InputRows(int first, int end)
    {
        CheckRows(first, end);
        int lo = int.MaxValue, hi = int.MinValue;
        for (int t = _vertical.Start[first]; t < _vertical.Start[end]; t++)
        {
            lo = Math.Min(lo, _vertical.Index[t]);
            hi = Math.Max(hi, _vertical.Index[t]);
        }
        return (lo, hi + 1);
    }

    /// <summary>
    /// Output rows [<paramref name="first"/>, <paramref name="end"/>) into <paramref name="destination"/> (row-major,
    /// <see cref="OutputWidth"/> wide, row <paramref name="first"/> at index 0). <paramref name="band"/> holds input rows
    /// from <paramref name="bandFirstRow"/> on (<see cref="InputWidth"/> wide) and must cover <see cref="InputRows"/>.
    /// <paramref name="scratch"/> holds the vertical pass: at least (end − first) · InputWidth values.
    /// </summary>
    public void Upscale(float[] band, int bandFirstRow, int first, int end, float[] destination, float[] scratch)
    {
        var (need, needEnd) = InputRows(first, end);
        int rows = end - first;
        if (need < bandFirstRow || (long)(needEnd - bandFirstRow) * InputWidth > band.Length)
            throw new ArgumentException($"Output rows {first}–{end} read input rows {need}–{needEnd}; the band holds rows from {bandFirstRow}, {band.Length / InputWidth} of them.", nameof(band));
        if (scratch.Length < (long)rows * InputWidth) throw new ArgumentException("The scratch buffer is smaller than the band's vertical pass.", nameof(scratch));
        if (destination.Length < (long)rows * OutputWidth) throw new ArgumentException("The destination is smaller than the band.", nameof(destination));
        MatlabBicubic.ResizeRows(band, bandFirstRow, InputWidth, _vertical, first, end, scratch, default(MatlabBicubic.FloatStore));
        MatlabBicubic.ResizeColumns(scratch, InputWidth, rows, _horizontal, destination, default(MatlabBicubic.FloatStore));
    }

    private void CheckRows(int first, int end)
    {
        if (first < 0 || end > OutputHeight || first >= end)
            throw new ArgumentOutOfRangeException(nameof(first), $"Rows {first}–{end} are not a band of the {OutputHeight} output rows.");
    }
}
