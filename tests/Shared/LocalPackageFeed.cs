namespace RedNet.Tests;

/// <summary>
/// Packages of this repository packed into a temporary feed, as a user's <c>dotnet pack</c> makes them, but with a version
/// of their own (RedNetVersion-test.xxxxxxxx): NuGet keeps a restored package by id and version, so a test that packed the
/// plain version again would be served whatever an earlier build left in ~/.nuget/packages. Disposing deletes the feed and
/// that test version from NuGet's global packages folder (nothing else will ever ask for it).
/// </summary>
internal sealed class LocalPackageFeed : IDisposable
{
    private readonly string _work;
    private readonly string[] _ids;

    private LocalPackageFeed(string work, string version, string[] ids)
    {
        _work = work;
        _ids = ids;
        Version = version;
    }

    /// <summary>The folder holding the .nupkg files (a source for nuget.config or <c>#i "nuget: …"</c>).</summary>
    public string Folder => Path.Combine(_work, "feed");

    public string Version { get; }

    /// <summary>Packs each project folder (relative to the repository, e.g. src/RedNet.MLNet; its name is the package id).</summary>
    public static LocalPackageFeed Pack(TimeSpan timeout, params string[] projects)
    {
        var work = TestPaths.NewTempDirectory();
        string suffix = "test." + Guid.NewGuid().ToString("N")[..8];
        var feed = new LocalPackageFeed(work, RepositoryVersion.Value + "-" + suffix, projects.Select(Path.GetFileName).ToArray()!);
        try
        {
            foreach (var project in projects)
            {
                // Build folders of its own: test projects run in parallel, and another may be building the same project
                // into its bin/ and obj/. The projects share them, so a later one reuses what an earlier one built.
                var pack = DotnetCommand.Run(TestPaths.RepositoryRoot, timeout, "pack", project, "-c", "Release", "-o", feed.Folder,
                    "--artifacts-path", Path.Combine(work, "build"), "-p:VersionSuffix=" + suffix, "-nologo");
                var package = Path.Combine(feed.Folder, $"{Path.GetFileName(project)}.{feed.Version}.nupkg");
                if (pack.ExitCode != 0 || !File.Exists(package))
                    throw new InvalidOperationException($"dotnet pack {project} failed ({pack.ExitCode}) or wrote no {Path.GetFileName(package)}:\n{pack.Output}");
            }
            return feed;
        }
        catch
        {
            feed.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
        foreach (var id in _ids)
        {
            var cached = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    public static string GlobalPackagesFolder
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
