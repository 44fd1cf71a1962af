namespace RedNet.Training.Native;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13's libstdc++); Debian 12 has 3.4.30, so the
/// library does not load (build/TorchSharp.Debian.targets explains why marking that requirement weak is enough). An
/// application's build fixes the copy in its output folder, but a notebook (<c>#r "nuget: RedNet.Training, …"</c> in
/// Polyglot Notebooks / dotnet-interactive) runs TorchSharp straight from the NuGet package folder, where no build step
/// runs. There TorchSharp first fails to load the package's copy, then copies the native libraries it needs into
/// <c>torchsharp/&lt;version&gt;/lib/&lt;tfm&gt;/cpu/</c> beside TorchSharp.dll (only files not there yet) and loads them
/// from that folder. This class puts a fixed libLibTorchSharp.so there first; the package's own files are never changed.
/// </summary>
public static class InteractiveLibTorchSharp
{
    private const string Library = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private static int _done;

    /// <summary>
    /// Once per process, before libtorch is first used: on Linux, when TorchSharp.dll was loaded from a NuGet package
    /// folder and this process's libstdc++ lacks GLIBCXX_3.4.32, writes the fixed copy TorchSharp will load. Returns the
    /// path written or fixed, or null when nothing had to be done.
    /// </summary>
    public static string? Prepare()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _done, 1) == 1) return null;
        var torchSharpFolder = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (string.IsNullOrEmpty(torchSharpFolder)) return null;
        // <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll, as NuGet lays packages out; an application folder is not.
        var packageRoot = Path.GetFullPath(Path.Combine(torchSharpFolder, "..", ".."));
        var packaged = Path.Combine(packageRoot, "runtimes", "linux-x64", "native", Library);
        if (!string.Equals(Path.GetFileName(Path.GetDirectoryName(packageRoot)), "torchsharp", StringComparison.OrdinalIgnoreCase)
            || !File.Exists(packaged) || SystemLibStdCxxHas(MissingVersion))
            return null;

        var consolidated = Path.Combine(torchSharpFolder, "cpu", Library);
        var elf = File.ReadAllBytes(File.Exists(consolidated) ? consolidated : packaged);
        if (!ElfVersionNeeds.MarkWeak(elf, MissingVersion) && File.Exists(consolidated)) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(consolidated)!);
        // Written beside and renamed, so TorchSharp (here or in another notebook) never loads a half-written library.
        var partial = $"{consolidated}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        File.WriteAllBytes(partial, elf);
        File.Move(partial, consolidated, overwrite: true);
        return consolidated;
    }

    /// <summary>Whether the libstdc++ this process runs with (the .NET runtime has loaded it) defines <paramref name="version"/>.</summary>
    private static bool SystemLibStdCxxHas(string version)
    {
        var loaded = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
        var library = loaded ?? "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        if (!File.Exists(library)) return true;   // nothing to compare with: leave TorchSharp as it is
        return ElfVersionNeeds.Defines(File.ReadAllBytes(library), version);
    }
}
