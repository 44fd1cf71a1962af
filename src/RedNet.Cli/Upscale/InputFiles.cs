using Microsoft.Extensions.FileSystemGlobbing;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Upscale;

/// <summary>The files a list of command-line inputs stands for, and the inputs that stand for none (one message each).</summary>
/// <param name="Skipped">Files a folder or pattern matched but that were left out, each with why (outputs of an earlier run).</param>
public sealed record InputExpansion(IReadOnlyList<string> Files, IReadOnlyList<string> Errors, IReadOnlyList<string>? Skipped = null);

/// <summary>
/// Expands <c>rednet upscale</c>'s inputs: a file is itself (whatever its extension: the decoder says if it is no image), a
/// folder is its image files (those the codec reads, .gif and .webp too), and a pattern with <c>*</c>, <c>?</c> or <c>**</c> is
/// the image files it matches — expanded here, for shells that pass patterns on unexpanded (quoted, or Windows). Files come in
/// order, each once. A folder or pattern leaves out files named like this tool's outputs (<c>photo_x2.png</c>), so running
/// <c>upscale</c> twice on a folder does not enlarge its own results; named on their own they are taken.
/// </summary>
public static class InputFiles
{
    private static readonly char[] Wildcards = { '*', '?' };

    public static InputExpansion Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var skipped = new List<string>();
        foreach (var input in inputs)
        {
            IEnumerable<string> found;
            if (input.IndexOfAny(Wildcards) >= 0) found = WithoutOutputs(Glob(input, errors), skipped);
            else if (File.Exists(input)) found = new[] { input };
            else if (Directory.Exists(input)) found = WithoutOutputs(Folder(input, errors), skipped);
            else
            {
                errors.Add($"'{input}': no such file or folder.");
                continue;
            }
            foreach (var file in found)
                if (seen.Add(Path.GetFullPath(file))) files.Add(file);
        }
        return new InputExpansion(files, errors, skipped);
    }

    private static readonly System.Text.RegularExpressions.Regex OutputName = new(@"_x[2-8]$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static List<string> WithoutOutputs(List<string> files, List<string> skipped)
    {
        foreach (var file in files.Where(f => OutputName.IsMatch(Path.GetFileNameWithoutExtension(f))))
            skipped.Add($"'{file}': named like an output of rednet upscale, so not enlarged again (name the file itself to enlarge it).");
        return files.Where(f => !OutputName.IsMatch(Path.GetFileNameWithoutExtension(f))).ToList();
    }

    private static List<string> Folder(string folder, List<string> errors)
    {
        var images = Directory.EnumerateFiles(folder)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && ImageCodec.HasReadableExtension(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0) errors.Add($"'{folder}': the folder holds no image file ({string.Join(", ", ImageCodec.ReadableExtensions)}).");
        return images;
    }

    private static List<string> Glob(string pattern, List<string> errors)
    {
        // The folder part before the first wildcard is where matching starts; the rest is the pattern relative to it.
        var segments = pattern.Split(Path.DirectorySeparatorChar == '\\' ? new[] { '/', '\\' } : new[] { '/' });
        int first = Array.FindIndex(segments, s => s.IndexOfAny(Wildcards) >= 0);
        string root = string.Join('/', segments[..first]);
        if (root.Length == 0) root = Path.IsPathRooted(pattern) ? Path.GetPathRoot(pattern)! : ".";
        if (!Directory.Exists(root))
        {
            errors.Add($"'{pattern}': no such folder '{root}'.");
            return new List<string>();
        }
        var matcher = new Matcher(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments[first..]));
        var images = matcher.GetResultsInFullPath(root)
            .Where(f => ImageCodec.HasReadableExtension(f))
            .Select(f => Path.IsPathRooted(pattern) ? f : Path.GetRelativePath(".", f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0) errors.Add($"'{pattern}' matches no image file ({string.Join(", ", ImageCodec.ReadableExtensions)}).");
        return images;
    }
}
