namespace RedNet.MLNet;

/// <summary>Options of <see cref="RedNetCatalog.ApplyRedNet(Microsoft.ML.TransformsCatalog, string, string, ApplyRedNetOptions)"/>.</summary>
public class ApplyRedNetOptions
{
    /// <summary>
    /// The enlargement factor (2, 3 or 4 with the embedded models). It picks the embedded model trained for it and is
    /// checked against the scales a <see cref="ModelPath"/> model was trained for. For ApplyRedNet it is the factor the
    /// bicubic input was enlarged by.
    /// </summary>
    public int Scale = Defaults.Scale;

    /// <summary>A RED-Net ONNX model exported by <c>rednet-train export</c>; null uses the embedded model trained for <see cref="Scale"/>.</summary>
    public string? ModelPath;

    /// <summary>
    /// CUDA device to run on; null runs on CPU. Needs the Gpu flavour (<c>-p:RedNetOnnxRuntime=Gpu</c>), an NVIDIA driver for
    /// CUDA 13, the CUDA 13 libraries and cuDNN 9. Checked at Fit by one real run; the outcome is the transformer's
    /// <c>Device</c>. MLContext.GpuDeviceId does not apply at Fit; it applies when a saved pipeline is loaded
    /// (<see cref="RedNetContextCatalog.LoadModel(string, out Microsoft.ML.DataViewSchema, out Onnx.InferenceDevice)"/>).
    /// </summary>
    public int? GpuDeviceId;

    /// <summary>When the CUDA device cannot be used, log one line saying why and run on CPU; false makes it an InvalidOperationException.</summary>
    public bool FallbackToCpu = true;

    /// <summary>
    /// Threads ONNX Runtime runs the network with on CPU; null = <see cref="Onnx.DefaultCpuThreads.Value"/>: one per physical
    /// core, at most the CPUs this process may use (a container's limit and the affinity mask count), not ONNX Runtime's own
    /// default, which chose 1 thread on a 2-core VM and the host's core count in a smaller container. Applies at Fit; not saved with the
    /// pipeline: a loaded pipeline takes the loading MLContext's <c>SetOnnxSessionOption</c>, like any ML.NET ONNX stage, and
    /// <c>mlContext.RedNet().LoadModel</c> gives it this default when the context has none (ML.NET's own <c>Model.Load</c>
    /// leaves ONNX Runtime's choice).
    /// </summary>
    public int? CpuThreads;

    /// <summary>
    /// fp32 or int8. Null = the model's own: int8 for a model exported with <c>rednet-train export --int8</c>, fp32 otherwise
    /// (the embedded models are fp32, so fp32 is the default). Int8 without <see cref="ModelPath"/> uses the embedded int8
    /// model for <see cref="Scale"/>; with an fp32 <see cref="ModelPath"/> it is an error (the model has no calibration).
    /// Fp32 with an int8 model runs its (dequantized) weights in float.
    /// </summary>
    public RedNetPrecision? Precision;

    /// <summary>Side, in output pixels, of the tiles large images are processed in (memory grows with its square).</summary>
    public int TileSize = Defaults.TileSize;

    /// <summary>Extra pixels around each tile; null = the network's receptive-field radius, which makes tiling exact.</summary>
    public int? TileOverlap;

    /// <summary>Average over the 8 flips/rotations of the input (the paper's self-ensemble): a little better, 8× slower.</summary>
    public bool SelfEnsemble;

    public static class Defaults
    {
        public const int TileSize = 512;
        public const int Scale = 2;
    }
}

/// <summary>Options of <see cref="RedNetCatalog.RedNetUpscale(Microsoft.ML.TransformsCatalog, string, string, RedNetUpscaleOptions?)"/>.</summary>
public sealed class RedNetUpscaleOptions : ApplyRedNetOptions
{
}
