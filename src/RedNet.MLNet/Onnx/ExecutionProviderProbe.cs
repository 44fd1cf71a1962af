using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// Runs a RedNet inference graph once, on a 16×16 plane, in a session RedNet owns and configures as ML.NET configures its own
/// (<c>SessionOptions.MakeSessionOptionWithCudaProvider</c> for a device, default options for CPU), with ONNX Runtime's
/// profiler on. Creating the session loads the CUDA provider and selects the device; running it loads cuDNN and cuBLAS
/// and runs every kernel once — the failures that otherwise surface in the middle of a Transform. The profile then says
/// which provider ran each node.
/// </summary>
internal static class ExecutionProviderProbe
{
    private const int Side = 16;

    /// <summary>The graph ApplyRedNet builds for the embedded default model with default options: what to check a device
    /// with when no pipeline's own graph is at hand (a loaded pipeline, a report).</summary>
    public static byte[] DefaultGraph()
    {
        var weights = RedNetModelSource.Default.Weights;
        var options = new InferenceGraphOptions(ApplyRedNetOptions.Defaults.TileSize, RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers), SelfEnsemble: false);
        return RedNetInferenceGraph.Build(weights, "Plane", "Restored", options);
    }

    /// <summary>The profile of one run on <paramref name="gpuDeviceId"/> (null = CPU); throws what ONNX Runtime throws.</summary>
    public static OnnxProfile Run(byte[] graph, int? gpuDeviceId)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rednet-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var options = gpuDeviceId is int id ? SessionOptions.MakeSessionOptionWithCudaProvider(id) : new SessionOptions();
            // The prefix first: ONNX Runtime takes it when profiling is switched on.
            options.ProfileOutputPathPrefix = Path.Combine(folder, "profile");
            options.EnableProfiling = true;
            using var session = new InferenceSession(graph, options);
            var plane = new float[PlaneVector.HeaderLength + Side * Side];
            plane[0] = Side;
            plane[1] = Side;
            var input = new DenseTensor<float>(plane, new[] { 1, plane.Length });
            using (session.Run(new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input) }))
            {
            }
            string file = session.EndProfiling();
            return OnnxProfile.Parse(File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
