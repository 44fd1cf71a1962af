namespace RedNet.Cli.Batch;

/// <summary>
/// The last check before anything is written: the target must be a plain file name directly inside the output folder.
/// <see cref="OutputFileName"/> already guarantees it; this makes a future mistake fail loudly instead of writing elsewhere.
/// </summary>
public static class ContainedPath
{
    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="folder"/>; throws if it would land anywhere else.</summary>
    public static string Combine(string folder, string fileName)
    {
        string root = Path.GetFullPath(folder);
        string full = Path.GetFullPath(Path.Combine(root, fileName));
        bool plainName = fileName.Length > 0 && fileName != "." && fileName != ".."
                         && fileName.IndexOfAny(new[] { '/', '\\', '\0' }) < 0 && !Path.IsPathRooted(fileName);
        if (!plainName || !string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
            throw new InvalidOperationException($"Refusing to write '{fileName}': it is not a plain file name inside '{root}'.");
        return full;
    }
}
