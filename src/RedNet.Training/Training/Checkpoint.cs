using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using RedNet.MLNet;
using RedNet.Training.Model;
using RedNet.MLNet.Model;
using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>
/// A checkpoint file: a zip holding <c>state.json</c> (<see cref="TrainingState"/>: options, iteration, random state, timing,
/// validation), <c>model.bin</c> (TorchSharp state dict) and, when saved for resuming, <c>optimizer.bin</c> (Adam's moments).
/// Written to a temporary file and renamed, so a crash mid-write leaves the previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.ckpt";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Save(string path, TrainingState state, RedNet.Training.Model.RedNet model, TorchSharp.Modules.OptimizerHelper? optimizer,
        RedNet.Training.Model.RedNet? averaged = null)
    {
        var modelBytes = new MemoryStream();
        model.save(modelBytes);
        MemoryStream? averagedBytes = null;
        if (averaged is not null) averaged.save(averagedBytes = new MemoryStream());
        byte[]? optimizerBytes = null;
        if (optimizer is not null)
        {
            var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer.save_state_dict(writer);
            optimizerBytes = buffer.ToArray();
        }
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, "state.json", JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions));
            WriteEntry(zip, "model.bin", modelBytes.ToArray());
            if (optimizerBytes is not null) WriteEntry(zip, "optimizer.bin", optimizerBytes);
            if (averagedBytes is not null) WriteEntry(zip, AveragedEntry, averagedBytes.ToArray());
        });
    }

    /// <summary>Reads only the state (options, iteration, metrics) of a checkpoint.</summary>
    public static TrainingState ReadState(string path)
    {
        using var zip = Open(path);
        return ReadStateEntry(zip, path);
    }

    /// <summary>
    /// Loads the weights into a new model built from the checkpoint's own configuration: the averaged weights where the run
    /// keeps an average (they are what it validated), else the trained ones; <paramref name="raw"/> asks for the trained ones.
    /// </summary>
    public static (TrainingState State, RedNet.Training.Model.RedNet Model) LoadModel(string path, bool raw = false)
    {
        using var zip = Open(path);
        var state = ReadStateEntry(zip, path);
        var model = new RedNet.Training.Model.RedNet(state.Options.Model);
        LoadWeights(zip, path, model, !raw && zip.GetEntry(AveragedEntry) is not null ? AveragedEntry : "model.bin");
        return (state, model);
    }

    /// <summary>
    /// Restores weights and optimizer state into existing objects, after checking the architecture matches, and the averaged
    /// weights into <paramref name="averaged"/> when both it and the checkpoint have them. Returns the state and whether the
    /// average was restored.
    /// </summary>
    public static (TrainingState State, bool AverageRestored) Restore(string path, RedNet.Training.Model.RedNet model, TorchSharp.Modules.OptimizerHelper optimizer,
        RedNet.Training.Model.RedNet? averaged = null)
    {
        using var zip = Open(path);
        var state = ReadStateEntry(zip, path);
        EnsureSameArchitecture(path, state.Options.Model, model.Config);
        LoadWeights(zip, path, model, "model.bin");
        bool averageRestored = averaged is not null && zip.GetEntry(AveragedEntry) is not null;
        if (averageRestored) LoadWeights(zip, path, averaged!, AveragedEntry);
        var entry = zip.GetEntry("optimizer.bin")
                    ?? throw new InvalidDataException($"Checkpoint '{path}' has no optimizer state (it was saved for export only) and cannot be resumed.");
        try
        {
            using var reader = new BinaryReader(ReadAll(entry));
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"Checkpoint '{path}': the optimizer state cannot be read ({e.Message}).", e);
        }
        return (state, averageRestored);
    }

    /// <summary>Throws when a checkpoint's architecture differs from the one asked for, naming every difference.</summary>
    public static void EnsureSameArchitecture(string path, RedNetConfig stored, RedNetConfig requested)
    {
        var differences = new List<string>();
        // In the CLI's terms: --layers counts conv + deconv (RED20 = --layers 20), while the config holds the conv count.
        if (stored.Layers != requested.Layers)
            differences.Add($"--layers {2 * stored.Layers} vs {2 * requested.Layers} ({stored.Layers} vs {requested.Layers} conv + as many deconv)");
        if (stored.Features != requested.Features) differences.Add($"features {stored.Features} vs {requested.Features}");
        if (stored.SkipEvery != requested.SkipEvery) differences.Add($"skip-every {stored.SkipEvery} vs {requested.SkipEvery}");
        if (stored.Decoder != requested.Decoder) differences.Add($"decoder {stored.Decoder} vs {requested.Decoder}");
        if (differences.Count > 0)
            throw new InvalidDataException($"Checkpoint '{path}' holds a different architecture ({stored.Name}) than requested ({requested.Name}): " +
                                           string.Join(", ", differences) + " (checkpoint vs requested).");
    }

    private static ZipArchive Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        try
        {
            return new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt or truncated ({e.Message}).", e);
        }
    }

    private static TrainingState ReadStateEntry(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry("state.json") ?? throw new InvalidDataException($"Checkpoint '{path}' has no state.json: not a RedNet checkpoint.");
        TrainingState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(ReadAll(entry), JsonOptions);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt: state.json cannot be read ({e.Message}).", e);
        }
        if (state is null) throw new InvalidDataException($"Checkpoint '{path}' is corrupt: empty state.json.");
        if (state.Format > TrainingState.CurrentFormat)
            throw new InvalidDataException($"Checkpoint '{path}' has format {state.Format}; this build reads up to {TrainingState.CurrentFormat}.");
        return state;
    }

    private const string AveragedEntry = "averaged.bin";

    private static void LoadWeights(ZipArchive zip, string path, RedNet.Training.Model.RedNet model, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"Checkpoint '{path}' has no {name}.");
        try
        {
            model.load(ReadAll(entry), strict: true);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"Checkpoint '{path}': the weights do not fit a {model.Config.Name} ({e.Message}).", e);
        }
    }

    private static MemoryStream ReadAll(ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream();
        try
        {
            using var s = entry.Open();
            s.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Checkpoint entry '{entry.FullName}' is corrupt ({e.Message}).", e);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        // Stored, not deflated: weights barely compress and stored entries are quicker to write and read.
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = entry.Open();
        s.Write(bytes);
    }
}
