using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RedNet.Benchmarks;

/// <summary>
/// The CPU's fp32 limit with no library in between: every core runs a loop of independent fused multiply-adds on the widest
/// vectors the CPU has (AVX-512 where present, else AVX2+FMA). A convolution library can approach this figure but never pass
/// it, which a MatMul or one Conv through a runtime cannot promise (their own overheads make them a floor, not a ceiling).
/// </summary>
public static class FmaPeak
{
    private const int Accumulators = 12; // enough independent chains to cover FMA latency × ports on current x86 cores

    /// <summary>What the loop uses, or null where the CPU has no FMA.</summary>
    public static string? Kind =>
        Avx512F.IsSupported ? "avx512_fma" : Fma.IsSupported ? "avx2_fma" : null;

    /// <summary>Flops that one <see cref="Run"/> of <paramref name="iterations"/> does on all cores (2 per lane per FMA).</summary>
    public static double Flop(long iterations) =>
        (double)Environment.ProcessorCount * iterations * Accumulators * (Avx512F.IsSupported ? Vector512<float>.Count : Vector256<float>.Count) * 2;

    /// <summary>Runs the loop <paramref name="iterations"/> times on one thread per core, all at once.</summary>
    public static void Run(long iterations)
    {
        if (Kind is null) throw new PlatformNotSupportedException("This CPU has no FMA instructions.");
        var sinks = new float[Environment.ProcessorCount];
        var threads = Enumerable.Range(0, sinks.Length)
            .Select(i => new Thread(() => sinks[i] = Avx512F.IsSupported ? Loop512(iterations) : Loop256(iterations)))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (sinks.Any(float.IsNaN)) Console.WriteLine("# the FMA loop produced NaN"); // reading the sums keeps the loops alive
    }

    // Loop256 and Loop512 are one loop written twice: a generic loop over the vector type would need ISimdVector<TSelf, T>,
    // which .NET 10's reference assemblies keep internal, and a delegate per FMA would measure the call, not the FMA.
    private static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
