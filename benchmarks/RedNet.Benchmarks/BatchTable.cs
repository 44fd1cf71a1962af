using RedNet.MLNet.Imaging;

namespace RedNet.Benchmarks;

/// <summary>
/// Prepares the input of the batch benchmark: the low-resolution images that <see cref="PipelineOverhead"/> times in memory,
/// written as PNG files with a table.csv naming them, so `rednet batch` can be timed on exactly the same work.
/// </summary>
public static class BatchTable
{
    public static void Write(BenchmarkOptions options)
    {
        int scale = options.Int("scale", 2);
        string output = options.Get("out") ?? throw new ArgumentException("--out is required");
        Directory.CreateDirectory(output);
        var images = PipelineOverhead.LowResolutionImages(options.Get("hr"), scale);
        using var table = new StreamWriter(Path.Combine(output, "table.csv"));
        table.WriteLine("path");
        for (int i = 0; i < images.Count; i++)
        {
            string name = $"lr_{i:00}.png";
            ImageCodec.Save(images[i], Path.Combine(output, name));
            table.WriteLine(name);
        }
        Console.WriteLine($"batch-table images={images.Count} folder={output}");
    }
}
