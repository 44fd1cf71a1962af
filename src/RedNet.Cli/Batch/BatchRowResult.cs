using System.Globalization;

namespace RedNet.Cli.Batch;

/// <summary>What happened to a row: written (ok), not written because of an error, or skipped (its image cell is empty).</summary>
public enum BatchRowStatus { Ok, Error, Skipped }

/// <summary>
/// One row of the results table. Values are written with fixed formats, so a row read back from the journal and written
/// again is byte-for-byte the row an uninterrupted run writes.
/// </summary>
/// <param name="Row">0-based data row of the input table.</param>
/// <param name="Input">The image cell as written in the table.</param>
/// <param name="Output">The output file name, relative to the output folder; empty when nothing was written.</param>
/// <param name="Width">Width of the output image.</param>
/// <param name="Height">Height of the output image.</param>
/// <param name="Psnr">PSNR (dB, Y, shave = scale) against the reference, when one is given.</param>
/// <param name="Ssim">SSIM against the reference, when one is given.</param>
/// <param name="Milliseconds">Time the row took (the only column that differs between otherwise equal runs).</param>
public sealed record BatchRowResult(long Row, string Input, string Output, int? Width, int? Height, BatchRowStatus Status, string Error,
    double? Psnr, double? Ssim, long Milliseconds)
{
    /// <summary>The results table's header.</summary>
    public static readonly IReadOnlyList<string> Columns = new[] { "row", "input", "output", "width", "height", "status", "error", "psnr", "ssim", "ms" };

    /// <summary>The row's cells; the text ones (input, output, error) with formula-like starts neutralised (<see cref="FormulaCells"/>).</summary>
    public IReadOnlyList<string> ToFields() => new[]
    {
        Row.ToString(CultureInfo.InvariantCulture), FormulaCells.Neutralise(Input), FormulaCells.Neutralise(Output), Format(Width), Format(Height),
        Status.ToString().ToLowerInvariant(), FormulaCells.Neutralise(OneLine(Error)), FormatPsnr(Psnr), Ssim?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "",
        Milliseconds.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a row written by <see cref="ToFields"/>; throws <see cref="FormatException"/> when it is not one.</summary>
    public static BatchRowResult FromFields(IReadOnlyList<string> f)
    {
        if (f.Count != Columns.Count) throw new FormatException($"expected {Columns.Count} fields, found {f.Count}");
        if (!Enum.TryParse<BatchRowStatus>(f[5], ignoreCase: true, out var status)) throw new FormatException($"unknown status '{f[5]}'");
        return new BatchRowResult(long.Parse(f[0], CultureInfo.InvariantCulture), FormulaCells.Restore(f[1]), FormulaCells.Restore(f[2]),
            ParseInt(f[3]), ParseInt(f[4]), status, FormulaCells.Restore(f[6]),
            ParsePsnr(f[7]), ParseDouble(f[8]), long.Parse(f[9], CultureInfo.InvariantCulture));
    }

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string FormatPsnr(double? psnr) => psnr switch
    {
        null => "",
        double.PositiveInfinity => "inf",
        double p => p.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    private static int? ParseInt(string s) => s.Length == 0 ? null : int.Parse(s, CultureInfo.InvariantCulture);

    private static double? ParseDouble(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);

    private static double? ParsePsnr(string s) => s == "inf" ? double.PositiveInfinity : ParseDouble(s);

    // Tables keep one row per line: a message never spans lines.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
