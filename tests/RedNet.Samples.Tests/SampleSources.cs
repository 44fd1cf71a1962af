using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RedNet.Samples.Tests;

/// <summary>The samples as files: their projects, their <c>#region readme</c> parts, the README's C# blocks.</summary>
internal static class SampleSources
{
    public static readonly string[] Names = ["UpscaleFolder", "PredictSingleImage", "EvaluateFolder"];

    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "samples");

    public static string Project(string name) => Path.Combine(Folder, name, name + ".csproj");

    /// <summary>The lines between <c>#region readme</c> and <c>#endregion</c> of a sample's Program.cs.</summary>
    public static string ReadmeRegion(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, name, "Program.cs"));
        int start = Array.FindIndex(lines, l => l.Trim() == "#region readme"), end = Array.FindIndex(lines, l => l.Trim() == "#endregion");
        if (start < 0 || end < start) throw new InvalidOperationException($"samples/{name}/Program.cs has no #region readme ... #endregion");
        return string.Join('\n', lines[(start + 1)..end]);
    }

    /// <summary>The bodies of the ```csharp blocks of a Markdown file.</summary>
    public static IReadOnlyList<string> CSharpBlocks(string markdownPath)
    {
        var text = File.ReadAllText(markdownPath).Replace("\r\n", "\n");
        return Regex.Matches(text, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value.TrimEnd('\n')).ToList();
    }

    /// <summary>RedNetVersion in samples/Directory.Build.props: the package version the samples ask for.</summary>
    public static string PinnedVersion => XDocument.Load(Path.Combine(Folder, "Directory.Build.props")).Descendants("RedNetVersion").Single().Value.Trim();
}
