namespace RedNet.Tests;

/// <summary>Where fixtures and the optional shared data sets are (linked into every test project).</summary>
internal static class TestPaths
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The repository root (the folder holding RedNet.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RedNet.sln"))) return dir.FullName;
            throw new InvalidOperationException("RedNet.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>../shared/datasets beside the repository, or null on a clone without it (tests that need it are skipped).</summary>
    public static string? SharedDatasets
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("REDNET_DATASETS");
            if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return fromEnv;
            var dir = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
