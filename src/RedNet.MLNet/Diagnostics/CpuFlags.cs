namespace RedNet.MLNet.Diagnostics;

/// <summary>
/// The CPU feature flags Linux lists in /proc/cpuinfo. .NET's intrinsics classes do not report the extensions that decide
/// ONNX Runtime's int8 and libtorch's bf16 kernels (AVX512_VNNI, AVX-VNNI, AVX512_BF16, AMX), so both the trainer's
/// precision choice and the benchmarks read them here. Empty where there is no /proc/cpuinfo (Windows, macOS) or it cannot
/// be read: callers then take the portable path.
/// </summary>
public static class CpuFlags
{
    private static readonly Lazy<IReadOnlySet<string>> Flags = new(Read);

    /// <summary>Whether the CPU lists <paramref name="flag"/>, spelled as /proc/cpuinfo does (e.g. <c>avx512_bf16</c>).</summary>
    public static bool Has(string flag) => Flags.Value.Contains(flag);

    private static IReadOnlySet<string> Read()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return new HashSet<string>();
            // Every processor repeats the same line; the first is the machine's (a VM does not mix models within one).
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null
                ? new HashSet<string>()
                : new HashSet<string>(line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    }
}
