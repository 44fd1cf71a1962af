using System.Diagnostics;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>Issue 14: files as users have them must not hang, exhaust or fool the decoder.</summary>
public class UntrustedFileTests
{
    private static string Fixture => Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set5", "x2", "HR", "img_004.png");

    [Fact]
    public void A_png_bomb_is_refused_from_its_header_naming_the_file_and_both_sizes()
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "bomb.png");
        File.WriteAllBytes(path, BadFiles.PngBomb());
        Assert.True(new FileInfo(path).Length < 100);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 10_000_000, "the bomb's pixels were allocated");
        Assert.Contains(path, e.Message);
        Assert.Contains("65535x65535", e.Message);
        Assert.Contains("4,294,836,225 pixels", e.Message);
        Assert.Contains(ImageFile.DefaultMaxPixels.ToString("N0"), e.Message);

        // A raised limit lets the header pass; the missing data is then the error (the decoder allocates, so keep it small).
        File.WriteAllBytes(path, BadFiles.PngBomb(3000, 3000));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path, maxPixels: 9_000_000)).Message);
        Assert.Contains("3000x3000", Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path, maxPixels: 8_999_999)).Message);
    }

    [SkippableFact]
    public void A_fifo_is_refused_without_being_opened()
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "x.png");
        Skip.IfNot(BadFiles.TryMakeFifo(path), "no mkfifo here");
        var decode = Task.Run(() => ImageCodec.Decode(path)).WaitAsync(TimeSpan.FromSeconds(10)); // a TimeoutException if it blocks
        var e = Assert.Throws<InvalidDataException>(() => decode.GetAwaiter().GetResult());
        Assert.Equal($"'{path}' is a FIFO (named pipe), not a regular file; refused without opening it.", e.Message);
        Assert.False(ImageCodec.IsSingleChannelFile(path));
    }

    [SkippableFact]
    public void A_png_link_to_dev_zero_is_refused_as_a_device()
    {
        Skip.IfNot(File.Exists("/dev/zero") && !OperatingSystem.IsWindows(), "no /dev/zero here");
        string path = Path.Combine(TestPaths.NewTempDirectory(), "zero.png");
        File.CreateSymbolicLink(path, "/dev/zero");
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("character device", e.Message);
    }

    [Fact]
    public void Reads_are_bounded_by_the_pixel_limit()
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "big.png");
        File.Copy(Fixture, path);
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(80L << 20); // 80 MiB (sparse) of zeros after IEND
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path, maxPixels: 1000));
        Assert.Contains("bytes, more than an image of at most 1,000 pixels can need", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_truncated_png_is_an_error_naming_the_file(double fraction)
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "cut.png");
        BadFiles.WriteTruncated(Fixture, path, fraction);
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("./out")]
    [InlineData("../out")]
    [InlineData(".hidden")]
    public void Encode_takes_a_relative_path_starting_with_a_dot_by_its_extension(string folder)
    {
        var image = RgbImage.Create(4, 4);
        Assert.Equal(ImageCodec.Encode(image, ".png"), ImageCodec.Encode(image, $"{folder}/x.png"));
        Assert.Equal(ImageCodec.Encode(image, ".bmp"), ImageCodec.Encode(image, $"{folder}/x.bmp"));
        Assert.Throws<ArgumentException>(() => ImageCodec.Encode(image, $"{folder}/x"));
    }
}
