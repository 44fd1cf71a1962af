namespace RedNet.Cli.Tests;

/// <summary>Assertions on finished batches.</summary>
internal static class BatchAssert
{
    /// <summary>
    /// Two batches over the same table ended alike: their results.csv are equal but for timings, and every output an ok row
    /// names is the same bytes in both folders.
    /// </summary>
    public static void SameResults(string expectedOut, string actualOut)
    {
        var expected = ResultsTable.Read(Path.Combine(expectedOut, "results.csv"));
        var actual = ResultsTable.Read(Path.Combine(actualOut, "results.csv"));
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.WithoutTiming(), actual.WithoutTiming());
        foreach (var row in expected.Rows.Where(r => expected.Get(r, "status") == "ok"))
        {
            string name = expected.Get(row, "output");
            Assert.True(File.ReadAllBytes(Path.Combine(expectedOut, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualOut, name))),
                $"{name} differs between '{expectedOut}' and '{actualOut}'");
        }
    }
}
