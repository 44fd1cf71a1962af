using RedNet.MLNet;
using System.Globalization;

namespace RedNet.Cli.Batch;

/// <summary>
/// <c>--shard I/N</c>: worker <see cref="Index"/> (0-based) of <see cref="Count"/> takes the rows whose key hashes to it, so N
/// workers that each see the whole table split it without talking to each other, and every row lands in exactly one shard.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The whole table (no sharding).</summary>
    public static readonly ShardSpec All = new(0, 1);

    /// <summary>Parses "I/N"; returns null and an error message when the text is not a valid shard.</summary>
    public static ShardSpec? TryParse(string text, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"--shard must be I/N with 0 <= I < N, e.g. 2/8 (got '{text}').";
            return null;
        }
        if (count < 1 || index >= count)
        {
            error = $"--shard {text}: the index must be 0 to {Math.Max(count - 1, 0)} for {count} shard(s) (0-based, like JOB_COMPLETION_INDEX).";
            return null;
        }
        return new ShardSpec(index, count);
    }

    /// <summary>True when the row with this key (its image path, as written in the table) belongs to this shard.</summary>
    public bool Contains(string rowKey) => IndexOf(rowKey, Count) == Index;

    /// <summary>The shard (0-based) of <paramref name="count"/> that the row with this key belongs to.</summary>
    public static int IndexOf(string rowKey, int count) => count == 1 ? 0 : (int)(StableHash.Fnv1a64(rowKey) % (ulong)count);

    /// <summary>"shard-2-of-8", used in the names of the shard's results files.</summary>
    public string FileTag => $"shard-{Index}-of-{Count}";

    public override string ToString() => $"{Index}/{Count}";
}
