using RedNet.Training.Data;
using RedNet.Training.Training;

namespace RedNet.Training.Tests;

public class ValidationSplitTests
{
    private static string Folder(params string[] names)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var n in names) File.WriteAllText(Path.Combine(dir, n), "x");
        return dir;
    }

    [Fact]
    public void Holds_out_the_same_files_per_folder_whatever_the_folder_holds_besides_them()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"img{i:00}.png").ToArray();
        var a = Folder(names);
        var split = ValidationSplit.Make(new[] { a }, 4);
        Assert.Equal(4, split.ValidationFiles.Count);
        Assert.Equal(26, split.TrainingFiles.Count);
        Assert.Empty(split.ValidationFiles.Intersect(split.TrainingFiles));
        // Another folder with the same names plus more files: the names held out are those with the smallest hash, so the
        // 4 held out here either stay held out or give way to a new file with a smaller hash — never to another old file.
        var b = Folder(names.Concat(new[] { "zzz-extra.png" }).ToArray());
        var heldA = split.ValidationFiles.Select(Path.GetFileName).ToHashSet();
        var heldB = ValidationSplit.Make(new[] { b }, 4).ValidationFiles.Select(Path.GetFileName).ToList();
        Assert.All(heldB.Where(n => n != "zzz-extra.png"), n => Assert.Contains(n, heldA));
        // Per folder: two folders hold out 4 each.
        Assert.Equal(8, ValidationSplit.Make(new[] { a, Folder(names) }, 4).ValidationFiles.Count);
    }

    [Fact]
    public void Zero_holds_nothing_out_and_a_folder_too_small_is_an_error_naming_it()
    {
        var a = Folder("a.png", "b.png", "c.png");
        Assert.Empty(ValidationSplit.Make(new[] { a }, 0).ValidationFiles);
        var e = Assert.Throws<InvalidDataException>(() => ValidationSplit.Make(new[] { a }, 3));
        Assert.Contains(a, e.Message);
    }

    [Fact]
    public void Warmup_ramps_the_learning_rate_linearly_then_follows_the_schedule()
    {
        var options = new TrainingOptions { LearningRate = 1e-4, LearningRateWarmup = 3, LearningRateStep = 10, LearningRateDecay = 0.5 };
        Assert.Equal(0.25e-4, options.LearningRateAt(1), 12);
        Assert.Equal(0.75e-4, options.LearningRateAt(3), 12);
        Assert.Equal(1e-4, options.LearningRateAt(4), 12);
        Assert.Equal(0.5e-4, options.LearningRateAt(11), 12);
        Assert.Equal(1e-4, (options with { LearningRateWarmup = 0 }).LearningRateAt(1), 12);
    }
}
