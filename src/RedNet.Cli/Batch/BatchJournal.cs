using RedNet.MLNet;
using System.Globalization;
using System.Text;

namespace RedNet.Cli.Batch;

/// <summary>
/// The batch's record of finished rows. Each row is handed to the operating system as it completes, so a killed process
/// (kill -9, out of memory) loses only the rows in flight; it is forced to the disk (fsync) at most once a second and when
/// the journal is closed, so a power cut loses at most the last second's rows, which <c>--resume</c> then redoes — an fsync
/// per row cost 3–6 ms, more than a row of missing files takes to score (benchmarks/RESULTS.md). Its first line holds the
/// run's settings; every other record is a results row followed by a completion marker (<c>#</c> + the FNV-1a checksum of
/// the record), so a line torn by a kill is recognised and not trusted. A later record for the same row (a row redone by
/// <c>--resume</c>) wins.
/// </summary>
public sealed class BatchJournal : IDisposable
{
    private const string HeaderPrefix = "# rednet batch journal v1 | ";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);
    private readonly FileStream _stream;
    private readonly char _separator;
    private readonly System.Diagnostics.Stopwatch _sinceSync = System.Diagnostics.Stopwatch.StartNew();

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
        var lines = DelimitedText.ReadLines(path);
        string header = lines[0].TrimEnd('\r');
        if (header.Length == 0) return rows;
        if (header != HeaderPrefix + settings)
            throw new BatchSetupException($"'{path}' was written by a batch with other settings ({Differences(Strip(header), settings)}). " +
                                          "Resume with the same table and options, or run without --resume to start over.");
        for (int i = 1; i < lines.Length; i++)
        {
            // A row whose input cell holds a line break spans lines. A line torn by a kill may leave a quote open and so
            // swallow the lines after it: when the joined record fails its checksum, the next line is tried on its own.
            if (TryParse(DelimitedText.Record(lines, i, out int next), separator) is { } row)
            {
                rows[row.Row] = row;
                i = next - 1;
            }
        }
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

    /// <summary>Appends a finished row: written to the operating system before returning, to the disk within a second.</summary>
    public void Append(BatchRowResult row)
    {
        string line = DelimitedText.Join(row.ToFields(), _separator);
        WriteLine(line + _separator + Marker(line));
    }

    /// <summary>Forces every row appended so far to the disk (the batch calls it when the last row is done).</summary>
    public void Sync()
    {
        _stream.Flush(flushToDisk: true);
        _sinceSync.Restart();
    }

    public void Dispose() => _stream.Dispose();

    private void WriteLine(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        bool sync = _sinceSync.Elapsed >= SyncInterval;
        _stream.Flush(flushToDisk: sync);
        if (sync) _sinceSync.Restart();
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
