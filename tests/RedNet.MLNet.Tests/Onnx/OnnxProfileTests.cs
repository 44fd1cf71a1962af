using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Tests.Onnx;

public class OnnxProfileTests
{
    [Fact]
    public void A_real_cpu_profile_of_the_tiled_graph_counts_its_nodes_and_intra_op_threads()
    {
        var weights = RedNetModelSource.Default.Weights;
        var graph = RedNetInferenceGraph.Build(weights, "Y", "Restored", new InferenceGraphOptions(64, 10, false));
        var folder = TestPaths.NewTempDirectory();
        using var options = new SessionOptions { ProfileOutputPathPrefix = Path.Combine(folder, "p"), EnableProfiling = true };
        using var session = new InferenceSession(graph, options);
        var plane = new float[2 + 40 * 30];
        plane[0] = 30;
        plane[1] = 40;
        using (session.Run(new[] { NamedOnnxValue.CreateFromTensor("Y", new DenseTensor<float>(plane, new[] { 1, plane.Length })) }))
        {
        }
        string file = session.EndProfiling();
        Assert.StartsWith(folder, file);
        var profile = OnnxProfile.Parse(File.ReadAllText(file));

        // One tile: every node of the main graph and of the Loop body ran once, all on the CPU provider; the 10 convolutions
        // of RED10 are among them.
        var (provider, nodes) = Assert.Single(profile.NodesByProvider);
        Assert.Equal(OnnxRuntimeBuild.CpuProvider, provider);
        Assert.InRange(nodes, 2 * weights.Config.Layers + 1, 1000);
        Assert.True(profile.IntraOpThreads >= 1, $"intra-op threads {profile.IntraOpThreads}");
    }

    [Fact]
    public void A_profile_that_is_not_a_trace_array_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => OnnxProfile.Parse("{\"cat\":\"Node\"}"));
        var empty = OnnxProfile.Parse("[]");
        Assert.Empty(empty.NodesByProvider);
        Assert.Null(empty.IntraOpThreads);
    }

    [Fact]
    public void Scheduling_stats_of_a_session_without_a_thread_pool_count_as_one_thread()
    {
        // What ONNX Runtime writes with IntraOpNumThreads = 1 (no pool): the stats are an empty string, not an object.
        const string json = "[{\"cat\":\"Node\",\"args\":{\"provider\":\"CPUExecutionProvider\",\"thread_scheduling_stats\":\"\"}}]";
        var profile = OnnxProfile.Parse(json);
        Assert.Equal(1, profile.NodesByProvider["CPUExecutionProvider"]);
        Assert.Equal(1, profile.IntraOpThreads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_real_profile_reports_the_intra_op_threads_the_session_was_given(int threads)
    {
        var graph = RedNetInferenceGraph.Build(RedNetModelSource.Default.Weights, "Y", "Restored", new InferenceGraphOptions(64, 10, false));
        var folder = TestPaths.NewTempDirectory();
        using var options = new SessionOptions { ProfileOutputPathPrefix = Path.Combine(folder, "p"), EnableProfiling = true, IntraOpNumThreads = threads };
        using var session = new InferenceSession(graph, options);
        var plane = new float[2 + 64 * 64];
        plane[0] = 64;
        plane[1] = 64;
        using (session.Run(new[] { NamedOnnxValue.CreateFromTensor("Y", new DenseTensor<float>(plane, new[] { 1, plane.Length })) }))
        {
        }
        Assert.Equal(threads, OnnxProfile.Parse(File.ReadAllText(session.EndProfiling())).IntraOpThreads);
    }
}
