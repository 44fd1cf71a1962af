using System.Text.RegularExpressions;

namespace RedNet.Samples.Tests;

/// <summary>
/// A restore into fresh folders resolves every package from exact versions in NuGet's global packages folder and asks no
/// feed which versions exist. When some package wanted a version that is not served (OnnxSharp asks for Google.Protobuf
/// 3.29.3, ML.NET for ONNX Runtime's managed binding 1.23.2, BenchmarkDotNet's diagnostics client for
/// Microsoft.Bcl.AsyncInterfaces 6.0.0), each such restore listed the feed to find the nearest version, and two of them
/// at once (the notebook and the sample tests both pack RedNet.MLNet into artifacts folders of their own) is the likely
/// cause of a CI failure with NuGet's "RestoreTask returned false but did not log an error". Directory.Packages.props pins
/// those packages.
/// </summary>
public class RestoreWithoutFeedTests
{
    // What NuGet prints at normal verbosity for each version listing it fetches (GET) or takes from its HTTP cache (CACHE).
    private static readonly Regex FeedLookup = new(@"^\s*(GET|CACHE)\s+https?://\S+", RegexOptions.Multiline);

    [Fact]
    public void A_fresh_restore_of_the_solution_asks_no_feed()
    {
        // The solution was restored before this test ran, so every exact version it needs is in the global packages folder.
        var work = TestPaths.NewTempDirectory();
        try
        {
            var restore = DotnetCommand.Run(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(10), "restore", "RedNet.sln",
                "--artifacts-path", work, "-v", "n", "-nologo");
            Assert.True(restore.ExitCode == 0, "restore failed:\n" + restore.Output);
            var lookups = FeedLookup.Matches(restore.Output).Select(m => m.Value.Trim()).Distinct().ToList();
            Assert.True(lookups.Count == 0,
                "a fresh restore asked the feed for version lists (some package wants a version nobody pins; pin it in "
                + "Directory.Packages.props):\n" + string.Join('\n', lookups));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
