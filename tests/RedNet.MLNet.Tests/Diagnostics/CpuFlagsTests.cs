using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using RedNet.MLNet.Diagnostics;

namespace RedNet.MLNet.Tests.Diagnostics;

public class CpuFlagsTests
{
    [Fact]
    public void The_flags_agree_with_what_dotnet_reports_for_the_extensions_both_know()
    {
        // Only Linux lists flags; elsewhere every answer is "no", which the trainer and benchmarks treat as the portable path.
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Assert.False(CpuFlags.Has("avx2"));
            return;
        }
        Assert.Equal(Sse42.IsSupported, CpuFlags.Has("sse4_2"));
        Assert.Equal(Avx2.IsSupported, CpuFlags.Has("avx2"));
        Assert.Equal(Fma.IsSupported, CpuFlags.Has("fma"));
        Assert.Equal(Avx512F.IsSupported, CpuFlags.Has("avx512f"));
    }

    [Fact]
    public void A_flag_is_matched_whole_not_as_a_prefix()
    {
        Assert.False(CpuFlags.Has("av"));
        Assert.False(CpuFlags.Has("no_such_flag"));
        Assert.False(CpuFlags.Has(""));
    }
}
