using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RedNet.MLNet;

namespace RedNet.Cli.Batch;

/// <summary>The results table of a batch (or of one shard): header plus one row per table row, in row order, written atomically.</summary>
public static partial class ResultsFile
{
    /// <summary>results.csv, or results.shard-2-of-8.csv for a shard, with the input table's extension (.csv or .tsv).</summary>
    public static string NameFor(TableFormat format, ShardSpec? shard)
        => "results" + (shard is { } s ? "." + s.FileTag : "") + format.Extension;

    /// <summary>The shard a file name written by <see cref="NameFor"/> is for; null for any other name (or another format's).</summary>
    public static ShardSpec? ShardOf(string fileName, TableFormat format)
    {
        var match = ShardName().Match(fileName);
        if (!match.Success || "." + match.Groups[3].Value != format.Extension) return null;
        return ShardSpec.TryParse(match.Groups[1].Value + "/" + match.Groups[2].Value, out _);
    }

    public static void Write(string path, TableFormat format, IEnumerable<BatchRowResult> rows)
    {
        var text = new StringBuilder();
        text.Append(DelimitedText.Join(BatchRowResult.Columns, format.Separator)).Append('\n');
        foreach (var row in rows.OrderBy(r => r.Row))
            text.Append(DelimitedText.Join(row.ToFields(), format.Separator)).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Reads a table written by <see cref="Write"/>. Throws <see cref="BatchSetupException"/> naming the file (and line)
    /// when it cannot be read or is not such a table.
    /// </summary>
    public static List<BatchRowResult> Read(string path, TableFormat format)
    {
        string[] lines;
        try
        {
            lines = DelimitedText.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatchSetupException($"'{path}': cannot be read ({e.Message}).", e);
        }
        if (lines.Length == 0 || !DelimitedText.Split(lines[0], format.Separator).SequenceEqual(BatchRowResult.Columns))
            throw new BatchSetupException($"'{path}' is not a rednet batch results table: its first line must be the header " +
                                          $"'{DelimitedText.Join(BatchRowResult.Columns, format.Separator)}'.");
        var rows = new List<BatchRowResult>(lines.Length - 1);
        for (int i = 1, next; i < lines.Length; i = next)
        {
            // An input cell may hold a line break (quoted), so a row can take more than one line.
            string record = DelimitedText.Record(lines, i, out next);
            if (record.Length == 0) continue;
            try
            {
                rows.Add(BatchRowResult.FromFields(DelimitedText.Split(record, format.Separator)));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new BatchSetupException($"'{path}' line {(i + 1).ToString(CultureInfo.InvariantCulture)}: not a results row ({e.Message}).", e);
            }
        }
        return rows;
    }

    [GeneratedRegex(@"^results\.shard-([0-9]+)-of-([0-9]+)\.(csv|tsv)$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardName();
}
