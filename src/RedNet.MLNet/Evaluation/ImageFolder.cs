namespace RedNet.MLNet.Evaluation;

/// <summary>Lists the files of an image folder in a stable order, with errors that name the folder.</summary>
public static class ImageFolder
{
    /// <summary>
    /// Every regular, non-hidden file directly in <paramref name="folder"/>, sorted by name (ordinal). Files that turn out
    /// not to be images are reported by whoever decodes them, so nothing is silently skipped.
    /// </summary>
    public static IReadOnlyList<string> ListFiles(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("No folder given.", nameof(folder));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(File.Exists(folder)
                ? $"'{folder}' is a file, not a folder of images."
                : $"'{folder}': no such folder.");
        var files = Directory.EnumerateFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDataException($"'{folder}': the folder holds no files.");
        return files;
    }
}
