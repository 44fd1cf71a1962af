using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RedNet.MLNet.Diagnostics;

/// <summary>The processor as far as it matters to ONNX Runtime's CPU kernels: its name, the instruction-set level, and how
/// many logical processors this process may use.</summary>
/// <param name="Model">The processor's marketing name (Linux /proc/cpuinfo, the Windows registry); the architecture elsewhere.</param>
/// <param name="IsaLevel">x86-64-v1…v4 (the psABI levels) or the architecture's name, from the features .NET reports.</param>
/// <param name="Extensions">The vector extensions present that matter for convolution kernels (AVX2, FMA, AVX-512…).</param>
/// <param name="LogicalProcessors">Environment.ProcessorCount: what this process may use (affinity and container limits applied).</param>
public sealed record CpuDescription(string Model, string IsaLevel, IReadOnlyList<string> Extensions, int LogicalProcessors)
{
    public static CpuDescription OfThisMachine()
    {
        var (level, extensions) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => X64Level(),
            Architecture.Arm64 => ("arm64", Present(("AdvSIMD", AdvSimd.IsSupported), ("DotProd", Dp.IsSupported), ("RDM", Rdm.IsSupported))),
            var other => (other.ToString().ToLowerInvariant(), new List<string>()),
        };
        return new CpuDescription(ModelName() ?? RuntimeInformation.ProcessArchitecture.ToString(), level, extensions, Environment.ProcessorCount);
    }

    public override string ToString()
        => $"{Model}; {IsaLevel}{(Extensions.Count == 0 ? "" : $" ({string.Join(", ", Extensions)})")}; {LogicalProcessors} logical processor{(LogicalProcessors == 1 ? "" : "s")} for this process";

    // The levels of the x86-64 psABI, judged by the features .NET exposes (MOVBE, F16C, CX16 and LAHF it does not).
    private static (string, List<string>) X64Level()
    {
        bool v2 = Sse42.IsSupported && Popcnt.IsSupported && Ssse3.IsSupported;
        bool v3 = v2 && Avx2.IsSupported && Fma.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Lzcnt.IsSupported;
        bool v4 = v3 && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported;
        string level = v4 ? "x86-64-v4" : v3 ? "x86-64-v3" : v2 ? "x86-64-v2" : "x86-64";
        return (level, Present(("AVX", Avx.IsSupported), ("AVX2", Avx2.IsSupported), ("FMA", Fma.IsSupported), ("AVX-512F", Avx512F.IsSupported), ("AVX-512BW", Avx512BW.IsSupported)));
    }

    private static List<string> Present(params (string Name, bool Supported)[] features) => features.Where(f => f.Supported).Select(f => f.Name).ToList();

    private static string? ModelName()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
                return File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith("model name", StringComparison.Ordinal) || l.StartsWith("Model", StringComparison.Ordinal))
                    .Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault(n => n.Length > 0);
            if (OperatingSystem.IsWindows())
                return Microsoft.Win32.Registry.GetValue(@"HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\CentralProcessor\0", "ProcessorNameString", null) as string;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // The name is a courtesy; the level and counts above do not need it.
        }
        return null;
    }
}
