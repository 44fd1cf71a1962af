namespace RedNet.MLNet;

/// <summary>
/// Whole-file writes that never leave a half-written target: write a temporary sibling, flush it, rename it over the target.
/// A reader (or a resumed batch) sees either the old file, no file, or the complete new one.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files; anything ending in it is an interrupted write and may be deleted.</summary>
    public const string TemporarySuffix = ".partial";

    /// <summary>
    /// Deletes the temporary files in <paramref name="folder"/> (not below) left by writers that were killed: those whose
    /// writing process (the pid in their name) no longer runs. Files of live writers are kept. Returns how many went.
    /// </summary>
    public static int RemoveAbandoned(string folder)
    {
        int removed = 0;
        if (!Directory.Exists(folder)) return 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + TemporarySuffix))
        {
            // <name>.<pid>.<guid>.partial
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length < 4 || !int.TryParse(parts[^3], out int pid) || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next start; never a reason to stop the caller.
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void WriteAllText(string path, string text)
        => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Runs <paramref name="write"/> on a temporary file next to <paramref name="path"/>, then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var pending = Begin(path);
        write(pending.Stream);
        pending.Commit();
    }

    /// <summary>
    /// Starts a write that is filled over time (an image encoded as its rows are made): a temporary file next to
    /// <paramref name="path"/>, renamed into place by <see cref="PendingFile.Commit"/>; disposed without it, it is deleted.
    /// </summary>
    public static PendingFile Begin(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}";
        return new PendingFile(full, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None));
    }

    /// <summary>A file being written under a temporary name (<see cref="Begin"/>).</summary>
    public sealed class PendingFile : IDisposable
    {
        private readonly string _temporary;
        private FileStream? _stream;
        private bool _committed;

        internal PendingFile(string target, string temporary, FileStream stream)
        {
            Target = target;
            _temporary = temporary;
            _stream = stream;
        }

        /// <summary>The full path the file will have once committed.</summary>
        public string Target { get; }

        /// <summary>Where the bytes go until <see cref="Commit"/>.</summary>
        public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(PendingFile));

        /// <summary>Flushes the bytes to disk and renames the file into place, over any file already there.</summary>
        public void Commit()
        {
            var stream = _stream ?? throw new ObjectDisposedException(nameof(PendingFile));
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            _stream = null;
            File.Move(_temporary, Target, overwrite: true);
            _committed = true;
        }

        /// <summary>Deletes the temporary file unless <see cref="Commit"/> has put it in place.</summary>
        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
            if (_committed) return;
            try { File.Delete(_temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
