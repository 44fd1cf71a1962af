using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Google.Protobuf;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Quantization;

/// <summary>
/// Measures the range of every quantized activation (<see cref="ActivationPoints"/>) by running the float network in ONNX
/// Runtime over calibration inputs: network inputs (bicubic-enlarged Y, 0–1) made from training images by the same
/// degradation as training. Never calibrate on an evaluation set: the int8 model would be tuned to the images it is scored on.
/// </summary>
public static class Int8Calibrator
{
    /// <summary>The calibration for <paramref name="weights"/> from same-sized <paramref name="patches"/>, run in batches.</summary>
    /// <param name="weights">The float network to be quantized.</param>
    /// <param name="patches">Calibration inputs, all of one size: bicubic-enlarged Y from training images, never evaluation sets.</param>
    /// <param name="weightBits">Bits of the per-channel weight quantization (8 for int8).</param>
    /// <param name="source">Describes the calibration data (stored in the model's metadata).</param>
    /// <param name="batch">Patches per ONNX Runtime run.</param>
    public static Int8Calibration Calibrate(RedNetWeights weights, IReadOnlyList<Plane> patches, int weightBits, string source, int batch = 16)
    {
        if (patches.Count == 0) throw new ArgumentException("No calibration input: the int8 ranges need at least one training image.", nameof(patches));
        if (weightBits is not (7 or 8)) throw new ArgumentOutOfRangeException(nameof(weightBits), weightBits, "Weight bits must be 7 or 8.");
        int width = patches[0].Width, height = patches[0].Height;
        if (patches.Any(p => p.Width != width || p.Height != height))
            throw new ArgumentException("Calibration patches must all have the same size.", nameof(patches));

        var (graph, points) = ObservedGraph(weights);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(graph, options);
        var min = points.ToDictionary(p => p, _ => float.PositiveInfinity);
        var max = points.ToDictionary(p => p, _ => float.NegativeInfinity);
        for (int start = 0; start < patches.Count; start += batch)
        {
            int n = Math.Min(batch, patches.Count - start);
            var data = new float[n * width * height];
            for (int i = 0; i < n; i++) patches[start + i].Data.CopyTo(data, i * width * height);
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(InputName, new DenseTensor<float>(data, new[] { n, 1, height, width })) });
            foreach (var result in results)
            {
                float lo = min[result.Name], hi = max[result.Name];
                foreach (float v in result.AsEnumerable<float>())
                {
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                }
                min[result.Name] = lo;
                max[result.Name] = hi;
            }
        }
        // A point after a ReLU starts at 0 exactly: a zero point of 0 lets ONNX Runtime fold the ReLU into the int8 convolution.
        var ranges = points.ToDictionary(p => p, p => new ActivationRange(ActivationPoints.FollowsRelu(p) ? 0f : min[p], max[p]));
        return new Int8Calibration(ranges, weightBits, source);
    }

    private const string InputName = "input";

    // The float network with every activation point as an extra graph output.
    private static (byte[] Graph, IReadOnlyList<string> Points) ObservedGraph(RedNetWeights weights)
    {
        var b = new OnnxGraphBuilder("rednet_calibration");
        var observer = new ObservingLayerWriter();
        observer.AddWeights(b, weights);
        b.AddInput(InputName, TensorProto.Types.DataType.Float, "N", 1, "H", "W");
        RedNetOnnxWriter.AddNet(b, weights, InputName, observer);
        foreach (var (point, tensor) in observer.Observed)
        {
            b.AddNamed("Identity", new[] { tensor }, point);
            b.AddOutput(point, TensorProto.Types.DataType.Float, "N", weights.Config.Features, "H", "W");
        }
        return (RedNetOnnxWriter.NewModel(b.Graph, "RED-Net calibration graph").ToByteArray(), observer.Observed.Select(o => o.Point).ToList());
    }

    private sealed class ObservingLayerWriter : NetLayerWriter
    {
        public List<(string Point, string Tensor)> Observed { get; } = new();

        public override string Activation(OnnxGraphBuilder b, string tensor, string point)
        {
            Observed.Add((point, tensor));
            return tensor;
        }
    }
}
