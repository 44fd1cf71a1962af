using RedNet.MLNet;

namespace RedNet.Cli.Batch;

/// <summary>What <c>rednet batch</c> was asked to do.</summary>
/// <param name="MaxPixels">Inputs (and references) with more pixels than this are refused from their header, undecoded.</param>
public sealed record BatchSettings(string TablePath, string ImageColumn, string? ReferenceColumn, string OutputFolder, ShardSpec? Shard,
    bool Resume, long MaxPixels, RedNetUpscaleOptions Upscale)
{
    /// <summary>Default of <c>--max-pixels</c>: 40 megapixels, an 8K photo with room to spare (its x2 output is 160 MP).</summary>
    public const long DefaultMaxPixels = RedNet.MLNet.Imaging.ImageFile.DefaultMaxPixels;

    /// <summary>
    /// The settings a row's result depends on, stored in the journal: <c>--resume</c> refuses a journal written with others,
    /// since reusing its rows would mix two different runs in one results table.
    /// </summary>
    /// <remarks>The table is identified by its name, size and content hash, so a different table of the same name (or the
    /// same table edited) is not taken for this one. Reads the table.</remarks>
    public string Fingerprint =>
        $"table={Path.GetFileName(TablePath)}; table-bytes={new FileInfo(TablePath).Length}; table-sha256={TableHash()}; image-column={ImageColumn}; reference-column={ReferenceColumn ?? "-"}; scale={Upscale.Scale}; " +
        $"model={(Upscale.ModelPath is null ? "embedded" : Path.GetFullPath(Upscale.ModelPath))}; self-ensemble={Upscale.SelfEnsemble.ToString().ToLowerInvariant()}; " +
        $"{ShardKey}{Shard?.ToString() ?? "-"}";

    private const string ShardKey = "shard=";

    private string TableHash()
    {
        using var stream = File.OpenRead(TablePath);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream))[..32].ToLowerInvariant();
    }

    /// <summary>
    /// Splits a <see cref="Fingerprint"/> into the settings every shard of one batch shares and the shard ("2/8", or "-").
    /// The shard is the fingerprint's last key, and no shard text holds "; ", so the split is unambiguous.
    /// </summary>
    public static (string Shared, string Shard) SplitFingerprint(string fingerprint)
    {
        int cut = fingerprint.LastIndexOf("; " + ShardKey, StringComparison.Ordinal);
        return cut < 0 ? (fingerprint, "") : (fingerprint[..cut], fingerprint[(cut + 2 + ShardKey.Length)..]);
    }
}
