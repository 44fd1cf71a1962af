using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Tests.Onnx;

public class DefaultCpuThreadsTests
{
    [Theory]
    [InlineData(2, 2, 2)]    // this 2-core VM
    [InlineData(8, 4, 4)]    // 4 cores with two hardware threads each: SMT siblings are not counted
    [InlineData(2, 32, 2)]   // a container given 2 CPUs of a 32-core host
    [InlineData(6, null, 6)] // cores unknown (no sysfs): the usable CPUs
    [InlineData(1, 0, 1)]    // never fewer than one
    public void Takes_the_fewer_of_usable_processors_and_physical_cores(int usable, int? cores, int expected)
        => Assert.Equal(expected, DefaultCpuThreads.Choose(usable, cores));

    [Fact]
    public void Physical_cores_are_distinct_package_and_core_pairs_of_the_online_cpus()
    {
        var root = TestPaths.NewTempDirectory();
        void Cpu(string name, string? package, string? core)
        {
            var topology = Directory.CreateDirectory(Path.Combine(root, name, "topology")).FullName;
            if (package is not null) File.WriteAllText(Path.Combine(topology, "physical_package_id"), package + "\n");
            if (core is not null) File.WriteAllText(Path.Combine(topology, "core_id"), core + "\n");
        }
        Cpu("cpu0", "0", "0");
        Cpu("cpu1", "0", "0");   // SMT sibling of cpu0
        Cpu("cpu2", "0", "1");
        Cpu("cpu3", "1", "0");   // core 0 of the second package is another core
        Cpu("cpu4", null, null); // offline: no topology files
        Directory.CreateDirectory(Path.Combine(root, "cpufreq", "topology"));
        Assert.Equal(3, DefaultCpuThreads.PhysicalCores(root));
        Assert.Null(DefaultCpuThreads.PhysicalCores(Path.Combine(root, "missing")));
    }

    [Fact]
    public void This_process_gets_at_least_one_thread_and_no_more_than_it_may_use()
        => Assert.InRange(DefaultCpuThreads.Value, 1, Environment.ProcessorCount);

    [Fact]
    public void The_onnx_stage_runs_on_the_default_threads_without_a_memory_pattern()
    {
        // Both settings were measured (benchmarks/RESULTS.md): ONNX Runtime's own thread default was 1 on a 2-core VM, and
        // its memory pattern, planned per input shape, cost time and memory on images of many tiles.
        var options = RedNet.MLNet.OnnxScoringStage.SessionOptions(null);
        Assert.Equal(DefaultCpuThreads.Value, options.IntraOpNumThreads);
        Assert.Equal(1, options.InterOpNumThreads);
        Assert.False(options.EnableMemoryPattern);
        Assert.Equal(3, RedNet.MLNet.OnnxScoringStage.SessionOptions(3).IntraOpNumThreads);
    }

    [Fact]
    public void On_cpu_the_onnx_stage_hands_ml_net_the_library_s_own_session_options()
    {
        // ML.NET 5.0.1 makes the session from CreateSessionOptions alone when it is set: it must carry the same settings
        // (and, unlike ML.NET's properties, no spinning; ONNX Runtime has no getter for that entry).
        using var created = RedNet.MLNet.OnnxScoringStage.SessionOptions(3).CreateSessionOptions!();
        Assert.Equal(3, created.IntraOpNumThreads);
        Assert.Equal(1, created.InterOpNumThreads);
        Assert.False(created.EnableMemoryPattern);
        using var byDefault = RedNet.MLNet.OnnxScoringStage.SessionOptions(null).CreateSessionOptions!();
        Assert.Equal(DefaultCpuThreads.Value, byDefault.IntraOpNumThreads);
        // For a GPU, ML.NET would ignore the device id beside the delegate, so there is none.
        Assert.Null(RedNet.MLNet.OnnxScoringStage.SessionOptions(null, gpuDeviceId: 0).CreateSessionOptions);
    }
}
