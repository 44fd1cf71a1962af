using System.Text;
using RedNet.MLNet;

namespace RedNet.Cli.Batch;

/// <summary>The results table of a batch (or of one shard): header plus one row per table row, in row order, written atomically.</summary>
public static class ResultsFile
{
    /// <summary>results.csv, or results.shard-2-of-8.csv for a shard, with the input table's extension (.csv or .tsv).</summary>
    public static string NameFor(TableFormat format, ShardSpec? shard)
        => "results" + (shard is { } s ? "." + s.FileTag : "") + format.Extension;

    public static void Write(string path, TableFormat format, IEnumerable<BatchRowResult> rows)
    {
        var text = new StringBuilder();
        text.Append(DelimitedText.Join(BatchRowResult.Columns, format.Separator)).Append('\n');
        foreach (var row in rows.OrderBy(r => r.Row))
            text.Append(DelimitedText.Join(row.ToFields(), format.Separator)).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
