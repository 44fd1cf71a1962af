using RedNet.Training.Native;

namespace RedNet.Training.Tests;

/// <summary>The GLIBCXX_3.4.32 edit (build/ElfVersionNeeds.cs: the build task's and a notebook's, <see cref="InteractiveLibTorchSharp"/>), on TorchSharp's own file.</summary>
public class ElfVersionNeedsTests
{
    private static string? PackagedLibTorchSharp()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    [SkippableFact]
    public void Marks_the_glibcxx_3_4_32_requirement_weak_by_one_flag_and_only_once()
    {
        var path = PackagedLibTorchSharp();
        Skip.If(path is null, "TorchSharp's linux-x64 package is not in the NuGet folder");
        var original = File.ReadAllBytes(path!);
        var edited = (byte[])original.Clone();

        Assert.True(ElfVersionNeeds.MarkWeak(edited, "GLIBCXX_3.4.32"));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != edited[i]).ToList();
        var at = Assert.Single(changed);
        Assert.Equal(original[at] | 2, edited[at]);                   // VER_FLG_WEAK added, nothing else
        Assert.False(ElfVersionNeeds.MarkWeak(edited, "GLIBCXX_3.4.32"));   // already weak
        Assert.False(ElfVersionNeeds.MarkWeak(edited, "GLIBCXX_9.9.99"));   // a version it does not ask for
    }

    [Fact]
    public void Finds_a_version_name_only_when_it_is_nul_terminated()
    {
        var library = System.Text.Encoding.ASCII.GetBytes("xxGLIBCXX_3.4.3\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32X");
        Assert.True(ElfVersionNeeds.Defines(library, "GLIBCXX_3.4.30"));
        Assert.False(ElfVersionNeeds.Defines(library, "GLIBCXX_3.4.32"));   // present, but not as a whole name
        Assert.False(ElfVersionNeeds.Defines(library, "GLIBCXX_3.4.31"));
    }

    [Fact]
    public void Refuses_what_is_not_an_elf64_file()
        => Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(new byte[100], "GLIBCXX_3.4.32"));
}
