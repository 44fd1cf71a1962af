using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;
using SkiaSharp;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>
/// Issue 14: seeded malformed PNG/JPEG/BMP/GIF/WebP files (truncated, bytes flipped, sizes in the header rewritten, garbage
/// after a valid signature) through the decoder and the pipeline's checked loader: each one decodes or is refused with
/// <see cref="InvalidDataException"/>, within a time limit, never with more pixels than the limit.
/// </summary>
public class DecoderFuzzTests
{
    private const long MaxPixels = 1_000_000;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    // The classic 1x1 GIF; Skia cannot encode GIF.
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private static IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var image = RgbImage.Create(24, 16);
        new Random(1).NextBytes(image.Pixels);
        yield return ("png", ImageCodec.Encode(image, ".png"));
        yield return ("jpg", ImageCodec.Encode(image, ".jpg"));
        yield return ("bmp", ImageCodec.Encode(image, ".bmp"));
        yield return ("gif", Gif);
        using var bitmap = new SKBitmap(new SKImageInfo(24, 16, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var skImage = SKImage.FromBitmap(bitmap);
        using var webp = skImage.Encode(SKEncodedImageFormat.Webp, 80);
        yield return ("webp", webp.ToArray());
    }

    /// <summary>A few hundred malformed variants of the seeds, the same on every run.</summary>
    public static List<(string Name, byte[] Bytes)> Cases()
    {
        var random = new Random(14);
        var cases = new List<(string, byte[])>();
        foreach (var (format, seed) in Seeds())
            for (int i = 0; i < 60; i++)
            {
                var bytes = (byte[])seed.Clone();
                string kind;
                switch (i % 5)
                {
                    case 0:
                        kind = "truncated";
                        bytes = bytes[..random.Next(0, bytes.Length)];
                        break;
                    case 1:
                        kind = "flipped";
                        for (int k = random.Next(1, 9); k > 0; k--) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                        break;
                    case 2:
                        kind = "header";
                        // Rewrite 4 bytes among the first 32 (where every format keeps its sizes) with large values.
                        int at = random.Next(0, Math.Max(1, Math.Min(28, bytes.Length - 4)));
                        for (int k = 0; k < 4 && at + k < bytes.Length; k++) bytes[at + k] = (byte)random.Next(0x40, 256);
                        break;
                    case 3:
                        kind = "garbage";
                        var garbage = new byte[random.Next(0, 4096)];
                        random.NextBytes(garbage);
                        bytes = bytes[..Math.Min(bytes.Length, 16)].Concat(garbage).ToArray();
                        break;
                    default:
                        kind = "spliced";
                        int from = random.Next(bytes.Length), length = random.Next(1, 64);
                        var insert = new byte[length];
                        random.NextBytes(insert);
                        bytes = bytes[..from].Concat(insert).Concat(bytes[from..]).ToArray();
                        break;
                }
                cases.Add(($"{format}-{kind}-{i}", bytes));
            }
        return cases;
    }

    [Fact]
    public async Task Malformed_files_decode_or_are_refused_quickly_and_never_beyond_the_pixel_limit()
    {
        var cases = Cases();
        Assert.True(cases.Count >= 300);
        int refused = 0;
        foreach (var (name, bytes) in cases)
        {
            var run = Task.Run(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var decoded = ImageCodec.DecodeDetailed(bytes, name, MaxPixels);
                    Assert.True((long)decoded.Image.Width * decoded.Image.Height <= MaxPixels, name);
                    return false;
                }
                catch (InvalidDataException e)
                {
                    Assert.Contains($"'{name}'", e.Message);
                    return true;
                }
                finally
                {
                    Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, $"{name}: more than 64 MiB allocated");
                }
            });
            Assert.True(await Finishes(run, PerCase), $"{name}: not done in {PerCase}");
            if (await run) refused++;
        }
        Assert.InRange(refused, cases.Count / 4, cases.Count); // most malformed files are refused; some mutations stay decodable
    }

    [Fact]
    public async Task Malformed_files_through_the_checked_loader_are_row_errors()
    {
        var dir = TestPaths.NewTempDirectory();
        var paths = Cases().Where((_, i) => i % 10 == 0).Select(c =>
        {
            string path = Path.Combine(dir, c.Name);
            File.WriteAllBytes(path, c.Bytes);
            return path;
        }).ToArray();
        var ml = new MLContext(1);
        var data = Transforms.PipelineFixture.Paths(ml, paths);
        var run = Task.Run(() => Transforms.CheckedImageLoaderTests.Load(ml, data, ml.Transforms.LoadImagesChecked("Image", "Path", MaxPixels)));
        Assert.True(await Finishes(run, TimeSpan.FromMinutes(2)), "the pipeline did not get through the malformed files in 2 minutes");
        var rows = await run;
        Assert.Equal(paths.Length, rows.Count);
        foreach (var ((image, error), path) in rows.Zip(paths))
        {
            if (error is null) Assert.True((long)image!.Width * image.Height <= MaxPixels, path);
            else Assert.Contains(path, Assert.IsType<RowDataException>(error).Message);
        }
    }

    /// <summary>True when <paramref name="run"/> ends within <paramref name="limit"/> (a hung decoder fails the test, not the run).</summary>
    private static async Task<bool> Finishes(Task run, TimeSpan limit) => await Task.WhenAny(run, Task.Delay(limit)) == run;
}
