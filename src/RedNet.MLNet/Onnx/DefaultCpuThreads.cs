namespace RedNet.MLNet.Onnx;

/// <summary>
/// The intra-op threads RedNet gives ONNX Runtime on CPU when <see cref="ApplyRedNetOptions.CpuThreads"/> is null: one per
/// physical core, but never more than the CPUs this process may use (<see cref="Environment.ProcessorCount"/>, which applies
/// the affinity mask and a container's CPU limit).
/// </summary>
/// <remarks>
/// Why not ONNX Runtime's own default (one thread per physical core of the machine, as its cpuinfo counts them): on a
/// 2-core AMD EPYC (Zen 5) VM that hides its CPU topology from CPUID, ONNX Runtime 1.31.1 chose 1 thread — half the machine:
/// Set14 x2 took 10.2–11.4 s with 1 thread against 6.2–6.5 s with 2 (benchmarks/RESULTS.md, "ONNX Runtime's thread default")
/// — and in a container given fewer CPUs than the host has it counts the host's cores and over-subscribes.
/// </remarks>
public static class DefaultCpuThreads
{
    private static readonly Lazy<int> Count = new(() => Choose(Environment.ProcessorCount, PhysicalCores("/sys/devices/system/cpu")));

    /// <summary>The default for this process.</summary>
    public static int Value => Count.Value;

    /// <summary>min(usable CPUs, physical cores) and at least 1; the usable CPUs alone when the cores are unknown.</summary>
    public static int Choose(int usableProcessors, int? physicalCores)
        => Math.Max(1, Math.Min(usableProcessors, physicalCores ?? usableProcessors));

    /// <summary>
    /// Distinct (package, core) pairs among <paramref name="cpuFolder"/>/cpuN/topology (Linux sysfs); null where that is not
    /// readable (another OS, a restricted container): SMT siblings share a core and add little to convolution throughput.
    /// </summary>
    public static int? PhysicalCores(string cpuFolder)
    {
        try
        {
            if (!Directory.Exists(cpuFolder)) return null;
            var cores = new HashSet<(string Package, string Core)>();
            foreach (var cpu in Directory.EnumerateDirectories(cpuFolder, "cpu*"))
            {
                string name = Path.GetFileName(cpu);
                if (name.Length <= 3 || !name.Skip(3).All(char.IsAsciiDigit)) continue; // cpufreq, cpuidle, ...
                string topology = Path.Combine(cpu, "topology");
                string core = Path.Combine(topology, "core_id"), package = Path.Combine(topology, "physical_package_id");
                if (!File.Exists(core)) continue; // offline CPUs have no topology
                cores.Add((File.Exists(package) ? File.ReadAllText(package).Trim() : "0", File.ReadAllText(core).Trim()));
            }
            return cores.Count > 0 ? cores.Count : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
