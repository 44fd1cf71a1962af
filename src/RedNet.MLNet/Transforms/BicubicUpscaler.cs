using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="BicubicUpscalingEstimator"/>: a Y-plane column enlarged by MATLAB bicubic.</summary>
public sealed class BicubicUpscalingTransformer : ForwardingTransformer
{
    internal BicubicUpscalingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, int factor) : base(inner)
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
/// Enlarges a Y-plane column by an integer factor with MATLAB-compatible bicubic interpolation (a = −0.5, edge pixels
/// replicated), in floating point. Input and output: variable-length <c>Vector&lt;Single&gt;</c> Y planes.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (one CustomMapping contract per factor 2–8).</remarks>
public sealed class BicubicUpscalingEstimator : IEstimator<BicubicUpscalingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;
    private readonly int _factor;

    internal BicubicUpscalingEstimator(TransformsCatalog catalog, string outputColumnName, int factor, string? inputColumnName)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
        _factor = ScaledMappingContracts.Check(factor);
    }

    public BicubicUpscalingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequirePlane(input.Schema, _input);
        int factor = _factor;
        var inner = MappingStage.Fit<PlaneInput, PlaneOutput>(_catalog, input, (i, o) => UpscaleBicubicMapping.Map(i, o, factor),
            ScaledMappingContracts.UpscaleBicubic(factor), new[] { (nameof(PlaneInput.RedNetPlaneIn), _input) }, nameof(PlaneOutput.RedNetPlaneOut), _output);
        return new BicubicUpscalingTransformer(inner, _output, _input, factor);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequirePlane(inputSchema, _input);
        return SchemaChecks.WithPlane(_catalog, inputSchema, _output);
    }
}
