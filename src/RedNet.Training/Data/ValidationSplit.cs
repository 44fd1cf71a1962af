using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Training.Data;

/// <summary>
/// Holds a few training images out of training to validate on, so that nothing (learning rate, checkpoint, which model
/// ships) is chosen on an evaluation set. From each data folder the <c>perFolder</c> files whose names have the smallest
/// FNV-1a hash are held out: the choice depends only on the file names, not on listing order, machine or .NET version, and
/// it is not a hand-picked set of easy or hard images.
/// </summary>
public sealed record ValidationSplit(IReadOnlyList<string> TrainingFiles, IReadOnlyList<string> ValidationFiles)
{
    /// <summary>Splits the files of <paramref name="folders"/>; <paramref name="perFolder"/> = 0 holds nothing out.</summary>
    public static ValidationSplit Make(IReadOnlyList<string> folders, int perFolder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perFolder);
        var training = new List<string>();
        var validation = new List<string>();
        foreach (var folder in folders)
        {
            var files = ImageFolder.ListFiles(folder);
            if (perFolder > 0 && files.Count <= perFolder)
                throw new InvalidDataException($"'{folder}' has {files.Count} file(s); holding out {perFolder} for validation would leave none to train on.");
            var held = files.OrderBy(f => StableHash.Fnv1a64(Path.GetFileName(f))).ThenBy(f => f, StringComparer.Ordinal)
                .Take(perFolder).ToHashSet(StringComparer.Ordinal);
            training.AddRange(files.Where(f => !held.Contains(f)));
            validation.AddRange(files.Where(held.Contains));
        }
        return new ValidationSplit(training, validation);
    }
}
