using System.Text;

namespace RedNet.Cli.Batch;

/// <summary>
/// The name a row's output gets: <c>000123_photo_x2.png</c>. Built only from the row index and the input's file name reduced
/// to [A-Za-z0-9._-], so no table cell — "../../etc/passwd", an absolute path, quotes, unicode — can make a name that
/// leaves the output folder; the index prefix keeps names unique when inputs share a name.
/// </summary>
public static class OutputFileName
{
    /// <summary>Longest kept part of the input's name (file systems limit a name to 255 bytes).</summary>
    public const int MaxStemLength = 100;

    public static string For(long row, string inputPath, int scale)
        => $"{row:D6}_{SafeStem(inputPath)}_x{scale}.png";

    /// <summary>The input's file name without folder and extension, reduced to [A-Za-z0-9._-], never empty, never dots alone.</summary>
    public static string SafeStem(string inputPath)
    {
        // Both separators count: a table written on Windows may hold backslashes.
        string name = inputPath[(inputPath.LastIndexOfAny(new[] { '/', '\\' }) + 1)..];
        int dot = name.LastIndexOf('.');
        if (dot > 0) name = name[..dot];
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            char kept = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            // Runs of dots collapse to one, so ".." never appears in a name.
            if (kept == '.' && safe.Length > 0 && safe[^1] == '.') continue;
            safe.Append(kept);
        }
        string stem = safe.ToString().Trim('.', '_');
        if (stem.Length > MaxStemLength) stem = stem[..MaxStemLength].TrimEnd('.', '_');
        return stem.Length == 0 ? "image" : stem;
    }
}
