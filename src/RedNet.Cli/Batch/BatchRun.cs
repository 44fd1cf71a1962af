using System.Diagnostics;
using RedNet.Cli.Imaging;
using RedNet.MLNet;

namespace RedNet.Cli.Batch;

/// <summary>
/// Runs a batch over the rows of an <see cref="ImageTable"/> that belong to the shard: each row through
/// <see cref="BatchRowProcessor"/> (decoding the next row and writing the previous one while the network runs), recorded in the <see cref="BatchJournal"/> as soon as it is done, and at the end the
/// results table, written atomically. With <see cref="BatchSettings.Resume"/>, rows the journal records as ok whose output
/// is still there are kept as they are and everything else is done again, so a resumed run ends with the same table as an
/// uninterrupted one.
/// </summary>
public static class BatchRun
{
    /// <param name="warn">Gets one line per note on an input (16-bit reduced, EXIF orientation applied, alpha dropped, …).</param>
    public static BatchOutcome Execute(BatchSettings settings, ImageTable table, RedNetStripUpscaler upscaler, IProgress<BatchProgress>? progress = null,
        Action<string>? warn = null)
    {
        var clock = Stopwatch.StartNew();
        string folder = PrepareOutputFolder(settings.OutputFolder);
        var rows = table.Rows.Where(r => (settings.Shard ?? ShardSpec.All).Contains(r.Image)).ToList();
        string resultsPath = Path.Combine(folder, ResultsFile.NameFor(table.Format, settings.Shard));
        string journalPath = BatchJournal.PathFor(resultsPath);
        char separator = table.Format.Separator;
        int scale = settings.Upscale.Scale;
        using var runLock = BatchLock.Acquire(resultsPath); // before anything of a concurrent run's could be read or replaced
        string fingerprint = settings.Fingerprint;

        var previous = settings.Resume && File.Exists(journalPath)
            ? BatchJournal.Read(journalPath, separator, fingerprint)
            : new Dictionary<long, BatchRowResult>();
        if (!settings.Resume) File.Delete(resultsPath); // a stale table from another run must not pass for this one's
        RemoveInterruptedWrites(folder, rows.Select(r => OutputFileName.For(r.Index, r.Image, scale))
            .Append(Path.GetFileName(resultsPath)).ToHashSet(StringComparer.Ordinal));

        var processor = new BatchRowProcessor(table, upscaler, settings.MaxPixels, folder, warn);
        var results = new List<BatchRowResult>(rows.Count);
        int resumed = 0;
        var kept = rows.Select(row => previous.TryGetValue(row.Index, out var done) && IsComplete(done, row, folder, scale) ? done : null).ToArray();
        using (var journal = WriteOrStop(journalPath, results, () => BatchJournal.Open(journalPath, separator, fingerprint, append: settings.Resume)))
        {
            progress?.Report(new BatchProgress(0, rows.Count, null, false));
            // Three rows in flight, one step each: the next one decoding and the previous one encoding (and journaled) on
            // the thread pool while this one runs through the network. Each step takes the rows in table order, so the
            // journal, the results and the progress are in the order an unoverlapped run gives them, and at most one
            // decoded input waits and two outputs are held, whatever the table's length.
            Task<BatchRowProcessor.InFlight>? Open(int i) => i < rows.Count && kept[i] is null ? Task.Run(() => processor.Open(rows[i])) : null;
            void Record(int i, BatchRowProcessor.InFlight? row)
            {
                var result = kept[i] ?? processor.Finish(row!);
                if (kept[i] is not null) resumed++;
                else WriteOrStop(journalPath, results, () => journal.Append(result));
                results.Add(result);
                progress?.Report(new BatchProgress(results.Count, rows.Count, result, kept[i] is not null));
            }
            var opening = Open(0);
            Task finishing = Task.CompletedTask;
            for (int i = 0; i < rows.Count; i++)
            {
                var row = opening?.GetAwaiter().GetResult();
                opening = Open(i + 1);
                if (row is not null) processor.Enlarge(row);
                finishing.GetAwaiter().GetResult(); // rethrows a journal write that stopped the run
                int index = i;
                finishing = Task.Run(() => Record(index, row));
            }
            finishing.GetAwaiter().GetResult();
            WriteOrStop(journalPath, results, journal.Sync);
        }
        WriteOrStop(resultsPath, results, () => ResultsFile.Write(resultsPath, table.Format, results));
        return new BatchOutcome(results, resumed, clock.Elapsed, resultsPath, settings.Shard);
    }

    // A write to the journal or the results table that fails (disk full, --out made read-only, quota) ends the run with a
    // message naming the file, never an unhandled exception. The journal holds every row finished before, so the run resumes.
    private static void WriteOrStop(string path, IReadOnlyCollection<BatchRowResult> done, Action write) => WriteOrStop(path, done, () =>
    {
        write();
        return 0;
    });

    private static T WriteOrStop<T>(string path, IReadOnlyCollection<BatchRowResult> done, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatchSetupException($"cannot write '{path}' ({e.Message}); the run stops after {done.Count} row(s). " +
                                          "The journal keeps the rows it recorded: make room (or make --out writable) and rerun with --resume.", e);
        }
    }

    // A row is done when the journal says ok for this very input and its output is there at the recorded size (outputs are
    // only ever renamed into place complete, so a file that exists is whole).
    private static bool IsComplete(BatchRowResult done, TableRow row, string folder, int scale)
    {
        if (done.Status != BatchRowStatus.Ok || done.Input != row.Image || done.Output != OutputFileName.For(row.Index, row.Image, scale)) return false;
        string path = ContainedPath.Combine(folder, done.Output);
        return File.Exists(path) && ImageHeader.TryRead(path) is { } header && header.Width == done.Width && header.Height == done.Height;
    }

    private static string PrepareOutputFolder(string folder)
    {
        try
        {
            if (File.Exists(folder)) throw new IOException("it is a file");
            string full = Directory.CreateDirectory(folder).FullName;
            // An existing folder may still be read-only (or on a full or read-only file system): find out now, not at the first row.
            string probe = Path.Combine(full, $".rednet-write-test.{Environment.ProcessId}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
            File.WriteAllBytes(probe, new byte[] { 0 });
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new BatchSetupException($"--out '{folder}' cannot be used as the output folder ({e.Message}).", e);
        }
    }

    // A killed run can leave "<name>.<pid>.<guid>.partial" files (see AtomicFile). Only this shard's own are removed: other
    // shards may be writing theirs into the same folder right now.
    private static void RemoveInterruptedWrites(string folder, IReadOnlySet<string> ownNames)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + AtomicFile.TemporarySuffix))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length > 3 && ownNames.Contains(string.Join('.', parts[..^3])))
                File.Delete(file);
        }
    }
}
