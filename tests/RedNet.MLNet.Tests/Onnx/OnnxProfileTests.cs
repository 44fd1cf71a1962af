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
}
