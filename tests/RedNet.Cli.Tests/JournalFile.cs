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
}
