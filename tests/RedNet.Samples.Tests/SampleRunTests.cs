using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RedNet.Samples.Tests;

/// <summary>
/// The samples as a user gets them: RedNet.MLNet packed into a local feed, the three console apps restored from it and
/// built (never against the projects), then run on small images from the fixtures.
/// </summary>
public class SampleRunTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_samples_build_against_the_packed_package_and_run()
    {
        // The README's pack command for the library alone, with a version of its own (see LocalPackageFeed).
        using var packages = LocalPackageFeed.Pack(Step, "src/RedNet.MLNet");
        var work = TestPaths.NewTempDirectory();
        string feed = packages.Folder, samples = Path.Combine(work, "samples"), version = packages.Version;
        try
        {
            CopySamples(samples, feed);
            var build = DotnetCommand.Run(samples, Step, "build", "RedNet.Samples.slnx", "-p:RedNetVersion=" + version, "-nologo");
            Assert.True(build.ExitCode == 0, "the samples did not build against the package:\n" + build.Output);

            string lr = Path.Combine(work, "lr"), hr = Path.Combine(work, "hr"), output = Path.Combine(work, "out");
            Directory.CreateDirectory(lr);
            Directory.CreateDirectory(hr);
            File.Copy(Fixture("Set5", "x2", "LR"), Path.Combine(lr, "bird.png"));        // 140x140
            File.Copy(Fixture("Set5", "x4", "LR"), Path.Combine(lr, "small.png"));       // 70x70
            File.Copy(Fixture("Set5", "x2", "HR"), Path.Combine(hr, "a.png"));
            File.Copy(Fixture("Set14", "x3", "HR"), Path.Combine(hr, "b.png"));

            var folder = RunSample(samples, "UpscaleFolder", lr, output);
            Assert.Equal((280, 280), PngSize(Path.Combine(output, "bird_x2.png")));
            Assert.Equal((140, 140), PngSize(Path.Combine(output, "small_x2.png")));
            Assert.True(File.Exists(Path.Combine(output, "upscaler.zip")));
            Assert.Contains("reloaded upscaler.zip: identical pixels", folder);

            string single = Path.Combine(work, "single.png");
            RunSample(samples, "PredictSingleImage", Path.Combine(lr, "bird.png"), single, "3");
            Assert.Equal((420, 420), PngSize(single));

            var evaluation = RunSample(samples, "EvaluateFolder", hr, "2");
            Assert.Contains("a.png: PSNR ", evaluation);
            var mean = Regex.Match(evaluation, @"mean of 2: PSNR (\d+\.\d\d) dB, SSIM (0\.\d{4})");
            Assert.True(mean.Success, evaluation);
            Assert.InRange(double.Parse(mean.Groups[1].Value, CultureInfo.InvariantCulture), 25, 60);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Fixture(string set, string scale, string kind)
        => Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "matlab-bicubic", set, scale, kind), "*.png").Single();

    /// <summary>
    /// samples/ without build outputs, its nuget.config pointed at <paramref name="feed"/> instead of artifacts/packages and
    /// at NuGet's global packages folder instead of nuget.org: everything else the samples need, the solution's restore has
    /// already put there, so the test needs no network and shares no HTTP cache with the notebook tests running beside it.
    /// </summary>
    private static void CopySamples(string target, string feed)
    {
        foreach (var file in Directory.EnumerateFiles(SampleSources.Folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(SampleSources.Folder, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj")) continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        var config = Path.Combine(target, "nuget.config");
        var text = File.ReadAllText(config);
        Assert.Contains("value=\"../artifacts/packages\"", text);
        const string NuGetOrg = "value=\"https://api.nuget.org/v3/index.json\" protocolVersion=\"3\"";
        Assert.Contains(NuGetOrg, text);
        File.WriteAllText(config, text.Replace("value=\"../artifacts/packages\"", $"value=\"{feed}\"")
            .Replace(NuGetOrg, $"value=\"{LocalPackageFeed.GlobalPackagesFolder}\""));
    }

    private static string RunSample(string samples, string name, params string[] args)
    {
        var run = DotnetCommand.Run(samples, Step, ["run", "--project", name, "--no-build", "--", .. args]);
        Assert.True(run.ExitCode == 0, $"{name} exited {run.ExitCode}:\n{run.Output}");
        return run.Output;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path)[..24];
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
