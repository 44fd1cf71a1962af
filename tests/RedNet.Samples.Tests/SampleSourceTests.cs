namespace RedNet.Samples.Tests;

/// <summary>What the samples and the README say, checked as text (fast; the build-and-run test is <see cref="SampleRunTests"/>).</summary>
public class SampleSourceTests
{
    [Fact]
    public void Every_csharp_block_of_the_readme_is_a_samples_readme_region_verbatim()
    {
        var regions = SampleSources.Names.ToDictionary(n => n, SampleSources.ReadmeRegion);
        var blocks = SampleSources.CSharpBlocks(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
            Assert.True(regions.Values.Contains(block),
                $"This README C# block is not the #region readme of any sample (samples/*/Program.cs); copy it from there:\n{block}");
        // And the other way: each sample's region is shown.
        foreach (var (name, region) in regions)
            Assert.True(blocks.Contains(region), $"samples/{name}/Program.cs's #region readme is not in the README.");
    }

    [Fact]
    public void Samples_pin_the_repository_version()
        => Assert.Equal(RepositoryVersion.Value, SampleSources.PinnedVersion);

    [Fact]
    public void Samples_reference_the_package_never_a_project()
    {
        foreach (var name in SampleSources.Names)
        {
            var project = File.ReadAllText(SampleSources.Project(name));
            Assert.DoesNotContain("ProjectReference", project);
            Assert.Contains("<PackageReference Include=\"RedNet.MLNet\" Version=\"$(RedNetVersion)\" />", project);
        }
    }
}
