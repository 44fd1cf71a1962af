using RedNet.MLNet;
using System.Globalization;
using System.Text;

namespace RedNet.Cli.Batch;

/// <summary>
/// The batch's record of finished rows, appended and flushed to disk as each row completes, so that a killed run loses only
/// the rows in flight. Its first line holds the run's settings; every other line is a results row followed by a completion
/// marker (<c>#</c> + the FNV-1a checksum of the line), so a line torn by a kill is recognised and not trusted. A later
/// line for the same row (a row redone by <c>--resume</c>) wins.
/// </summary>
public sealed class BatchJournal : IDisposable
{
    private const string HeaderPrefix = "# rednet batch journal v1 | ";
    private readonly FileStream _stream;
    private readonly char _separator;

    private BatchJournal(FileStream stream, char separator)
    {
        _stream = stream;
        _separator = separator;
    }

    /// <summary>results.csv.journal beside the results file.</summary>
    public static string PathFor(string resultsPath) => resultsPath + ".journal";

    /// <summary>
    /// The trusted rows of an existing journal, by row index. Throws <see cref="BatchSetupException"/> when the journal was
    /// written with other settings, since its rows would not be this run's rows.
    /// </summary>
    public static Dictionary<long, BatchRowResult> Read(string path, char separator, string settings)
    {
        var rows = new Dictionary<long, BatchRowResult>();
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? header = reader.ReadLine();
        if (header is null) return rows;
        if (header != HeaderPrefix + settings)
            throw new BatchSetupException($"'{path}' was written by a batch with other settings ({Differences(Strip(header), settings)}). " +
                                          "Resume with the same table and options, or run without --resume to start over.");
        for (string? line; (line = reader.ReadLine()) is not null;)
            if (TryParse(line, separator) is { } row) rows[row.Row] = row;
        return rows;
    }

    /// <summary>The settings a journal was written with (its header), or null when the file does not start with a journal header.</summary>
    public static string? ReadSettings(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? header = reader.ReadLine();
        return header is not null && header.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? header[HeaderPrefix.Length..] : null;
    }

    /// <summary>Opens the journal: a new one (replacing any old one) or, when <paramref name="append"/>, the existing one.</summary>
    public static BatchJournal Open(string path, char separator, string settings, bool append)
    {
        bool exists = append && File.Exists(path) && new FileInfo(path).Length > 0;
        var stream = new FileStream(path, exists ? FileMode.Open : FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        var journal = new BatchJournal(stream, separator);
        if (exists)
        {
            // A kill mid-line leaves no line break; start on a fresh line so the next row is not glued to the torn one.
            stream.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = stream.ReadByte() == '\n';
            stream.Seek(0, SeekOrigin.End);
            if (!endsWithNewline) journal.WriteLine("");
        }
        else
        {
            journal.WriteLine(HeaderPrefix + settings);
        }
        return journal;
    }

    /// <summary>Appends a finished row and flushes it to disk before returning.</summary>
    public void Append(BatchRowResult row)
    {
        string line = DelimitedText.Join(row.ToFields(), _separator);
        WriteLine(line + _separator + Marker(line));
    }

    public void Dispose() => _stream.Dispose();

    private void WriteLine(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        _stream.Flush(flushToDisk: true);
    }

    private static string Marker(string line) => "#" + StableHash.Fnv1a64(line).ToString("x16", CultureInfo.InvariantCulture);

    private static BatchRowResult? TryParse(string line, char separator)
    {
        int cut = line.LastIndexOf(separator);
        if (cut < 0 || line[(cut + 1)..] != Marker(line[..cut])) return null;
        try
        {
            return BatchRowResult.FromFields(DelimitedText.Split(line[..cut], separator));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }
    }

    // "table-sha256: journal 1f…, now 9c…; scale: journal 2, now 3" — only the settings that differ.
    private static string Differences(string journal, string now)
    {
        static Dictionary<string, string> Parse(string text) => text.Split("; ")
            .Select(p => p.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First().Length > 1 ? g.First()[1] : "");
        var (a, b) = (Parse(journal), Parse(now));
        var keys = a.Keys.Union(b.Keys).Where(k => a.GetValueOrDefault(k, "(none)") != b.GetValueOrDefault(k, "(none)")).ToList();
        var text = string.Join("; ", keys.Select(k => $"{k}: journal {a.GetValueOrDefault(k, "(none)")}, now {b.GetValueOrDefault(k, "(none)")}"));
        return keys.Any(k => k.StartsWith("table", StringComparison.Ordinal)) ? $"a different table — {text}" : text;
    }

    private static string Strip(string header) => header.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? header[HeaderPrefix.Length..] : header;
}
