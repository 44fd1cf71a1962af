namespace RedNet.Cli.Tests;

/// <summary>Reads a batch journal while its batch may still be writing it, for tests that stop a batch midway.</summary>
internal static class JournalFile
{
    /// <summary>
    /// Rows the journal holds (its first line is the settings header); a torn last line counts too, which only makes a test
    /// wait for more. 0 while the journal does not exist yet.
    /// </summary>
    public static int RecordedRows(string journal)
    {
        try
        {
            using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return Math.Max(0, reader.ReadToEnd().Count(c => c == '\n') - 1);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Waits (at most 2 minutes) until <paramref name="journal"/> holds <paramref name="rows"/> rows or the batch ended.</summary>
    public static void WaitForRows(System.Diagnostics.Process batch, string journal, int rows)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (RecordedRows(journal) < rows && !batch.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
    }
}
