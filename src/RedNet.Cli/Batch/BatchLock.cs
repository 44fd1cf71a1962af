namespace RedNet.Cli.Batch;

/// <summary>
/// Keeps two batches from writing the same results table (and journal) in one <c>--out</c> at once: an exclusive lock on
/// <c>.&lt;results name&gt;.lock</c> beside them, held for the whole run. Shards write different results files, so the shards of one
/// batch still share a folder. The operating system releases the lock when the process ends, however it ends, so a killed
/// run never blocks the next one. (.NET takes <c>FileShare.None</c> as an advisory <c>flock</c> on Unix; on a network file
/// system without flock support the lock is not enforced.)
/// </summary>
public sealed class BatchLock : IDisposable
{
    private readonly FileStream _stream;

    private BatchLock(FileStream stream) => _stream = stream;

    public static string PathFor(string resultsPath)
        => Path.Combine(Path.GetDirectoryName(resultsPath)!, "." + Path.GetFileName(resultsPath) + ".lock");

    /// <summary>Takes the lock of <paramref name="resultsPath"/>, or throws <see cref="BatchSetupException"/> when another run holds it.</summary>
    public static BatchLock Acquire(string resultsPath)
    {
        string path = PathFor(resultsPath);
        try
        {
            // DeleteOnClose removes the file when this run ends normally; a killed run leaves it behind, unlocked.
            return new BatchLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new BatchSetupException($"another rednet batch is writing '{resultsPath}' right now (it holds '{path}'): wait for it to end, " +
                                          "or give this run another --out (or --shard).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BatchSetupException($"cannot create the lock file '{path}' ({e.Message}).", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
