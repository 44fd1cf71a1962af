using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="BicubicDownscalingEstimator"/>: the protocol's low-resolution images.</summary>
public sealed class BicubicDownscalingTransformer : ForwardingTransformer
{
    internal BicubicDownscalingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, int factor) : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Factor = factor;
    }

    public string OutputColumnName { get; }
    public string InputColumnName { get; }
    public int Factor { get; }
}

/// <summary>
/// Makes the super-resolution protocol's low-resolution input from a high-resolution image: crop to a multiple of the factor
/// (modcrop), then MATLAB-compatible bicubic shrink by 1/factor with antialiasing, rounded to 8 bits as MATLAB does.
/// Input and output: <see cref="MLImage"/> columns.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (one CustomMapping contract per factor 2–8).</remarks>
public sealed class BicubicDownscalingEstimator : IEstimator<BicubicDownscalingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;
    private readonly int _factor;

    internal BicubicDownscalingEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, int factor)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
        _factor = ScaledMappingContracts.Check(factor);
    }

    public BicubicDownscalingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequireImage(input.Schema, _input);
        int factor = _factor;
        var inner = MappingStage.Fit<ImageInput, ImageOutput>(_catalog, input, (i, o) => DownscaleBicubicMapping.Map(i, o, factor),
            ScaledMappingContracts.DownscaleBicubic(factor), new[] { (nameof(ImageInput.RedNetImageIn), _input) }, nameof(ImageOutput.RedNetImageOut), _output);
        return new BicubicDownscalingTransformer(inner, _output, _input, factor);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireImage(inputSchema, _input);
        return SchemaChecks.WithCopyOf(_catalog, inputSchema, _output, _input);
    }
}
