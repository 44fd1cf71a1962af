using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="RedNetApplyingEstimator"/>: Y planes restored by RED-Net.</summary>
public sealed class RedNetApplyingTransformer : ForwardingTransformer
{
    internal RedNetApplyingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, RedNetOnnxModel model,
        InferenceGraphOptions graph, InferenceDevice device) : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Model = model;
        Graph = graph;
        Device = device;
    }

    public string OutputColumnName { get; }
    public string InputColumnName { get; }

    /// <summary>The RED-Net that runs (architecture, weights, training metadata).</summary>
    public RedNetOnnxModel Model { get; }

    /// <summary>Tiling, self-ensemble and int8 settings.</summary>
    public InferenceGraphOptions Graph { get; }

    /// <summary>The arithmetic the network runs in.</summary>
    public RedNetPrecision Precision => Graph.Int8 is null ? RedNetPrecision.Fp32 : RedNetPrecision.Int8;

    /// <summary>Where ONNX Runtime runs the network: established at Fit, with the reason when a CUDA device asked for is not used.</summary>
    public InferenceDevice Device { get; }

    /// <summary>True when ONNX Runtime's session runs on a CUDA device (see <see cref="Device"/>).</summary>
    public bool OnGpu => Device.OnGpu;
}

/// <summary>
/// Runs RED-Net on a Y-plane column that has already been enlarged by bicubic interpolation (see
/// <see cref="BicubicUpscalingEstimator"/>). Input and output: variable-length <c>Vector&lt;Single&gt;</c> Y planes, 0–1.
/// The work is one ML.NET <c>OnnxTransformer</c> holding a graph built at Fit from the model's weights: tiled (memory stays
/// bounded for any image size, output equal to an untiled run) and optionally self-ensembled.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (the ONNX bytes are stored in the model file).</remarks>
public sealed class RedNetApplyingEstimator : IEstimator<RedNetApplyingTransformer>
{
    private const string OnnxOutput = "RedNetOnnxOut";
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;
    private readonly ApplyRedNetOptions _options;

    internal RedNetApplyingEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, ApplyRedNetOptions? options)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
        _options = options ?? new ApplyRedNetOptions();
    }

    public RedNetApplyingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequirePlane(input.Schema, _input);
        return Fit(input, LoadModel(_options));
    }

    internal RedNetApplyingTransformer Fit(IDataView input, RedNetOnnxModel model)
    {
        SchemaChecks.RequirePlane(input.Schema, _input);
        if (_options.CpuThreads is < 1 and var threads)
            throw new ArgumentOutOfRangeException(nameof(ApplyRedNetOptions.CpuThreads), threads, "CpuThreads must be 1 or more (null = one per physical core this process may use).");
        var config = model.Weights.Config;
        var graphOptions = new InferenceGraphOptions(_options.TileSize, _options.TileOverlap ?? ReceptiveFieldRadius(config.Layers), _options.SelfEnsemble)
        {
            Int8 = Int8CalibrationFor(model, _options.Precision),
        };
        graphOptions.Validate();
        var metadata = new Dictionary<string, string>(model.Metadata) { ["rednet.source"] = model.Source };
        var bytes = RedNetInferenceGraph.Build(model.Weights, _input, OnnxOutput, graphOptions, metadata);

        var chain = new FittedChain(input);
        var (onnx, device) = OnnxScoringStage.Fit(bytes, _input, OnnxOutput, input, _options.GpuDeviceId, _options.FallbackToCpu, _options.CpuThreads);
        chain.Add(onnx);
        chain.Add(_catalog.CopyColumns(_output, OnnxOutput));
        chain.Add(_catalog.DropColumns(OnnxOutput));
        return new RedNetApplyingTransformer(chain.Build(), _output, _input, model, graphOptions, device);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequirePlane(inputSchema, _input);
        return SchemaChecks.WithCopyOf(_catalog, inputSchema, _output, _input);
    }

    /// <summary>Each 3×3 layer widens what an output pixel sees by one pixel: 2n for n conv + n deconv layers.</summary>
    public static int ReceptiveFieldRadius(int layers) => 2 * layers;

    /// <summary>The calibration to run <paramref name="model"/> in int8 with, or null for fp32 (see <see cref="ApplyRedNetOptions.Precision"/>).</summary>
    internal static Quantization.Int8Calibration? Int8CalibrationFor(RedNetOnnxModel model, RedNetPrecision? precision)
    {
        if (precision is not (null or RedNetPrecision.Fp32 or RedNetPrecision.Int8))
            throw new ArgumentOutOfRangeException(nameof(ApplyRedNetOptions.Precision), precision, "Precision must be Fp32, Int8 or null (the model's own).");
        var calibration = model.Int8;
        if (precision == RedNetPrecision.Int8 && calibration is null)
            throw new ArgumentException($"Precision = Int8: the model '{model.Source}' is fp32 and has no int8 calibration; make one with 'rednet-train export MODEL.onnx --int8 --calibration DIR' (training images).",
                nameof(ApplyRedNetOptions.Precision));
        return precision == RedNetPrecision.Fp32 ? null : calibration;
    }

    /// <summary>The model <paramref name="options"/> ask for, checked against their scale; errors name the option.</summary>
    internal static RedNetOnnxModel LoadModel(ApplyRedNetOptions options)
    {
        Transforms.Mappings.ScaledMappingContracts.Check(options.Scale);
        RedNetOnnxModel model;
        try
        {
            model = RedNetModelSource.Load(options.ModelPath, options.Scale, options.Precision == RedNetPrecision.Int8);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"ModelPath: {e.Message}", nameof(ApplyRedNetOptions.ModelPath), e);
        }
        catch (FileNotFoundException e)
        {
            throw new ArgumentException($"ModelPath: {e.Message}", nameof(ApplyRedNetOptions.ModelPath), e);
        }
        if (model.Scales.Count > 0 && !model.Scales.Contains(options.Scale))
            throw new ArgumentOutOfRangeException(nameof(ApplyRedNetOptions.Scale), options.Scale,
                $"The model '{model.Source}' was trained for x{string.Join(", x", model.Scales)}; Scale = {options.Scale} is not one of them.");
        return model;
    }
}
