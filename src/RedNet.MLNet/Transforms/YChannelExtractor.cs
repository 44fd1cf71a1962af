using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>
/// Produced by <see cref="YChannelExtractingEstimator"/>: adds a Y-plane column (see <see cref="PlaneVector"/>) holding
/// rgb2ycbcr's Y of each image, on the 0–1 scale.
/// </summary>
public sealed class YChannelExtractingTransformer : ForwardingTransformer
{
    internal YChannelExtractingTransformer(ITransformer inner, string outputColumnName, string inputColumnName) : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    public string OutputColumnName { get; }
    public string InputColumnName { get; }
}

/// <summary>
/// Extracts the Y (luma) channel of an image column as MATLAB's <c>rgb2ycbcr</c> defines it.
/// Input: an <see cref="MLImage"/> column (e.g. from <c>LoadImages</c>). Output: a variable-length <c>Vector&lt;Single&gt;</c> Y plane.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; no normalizer; savable (as a CustomMapping contract).</remarks>
public sealed class YChannelExtractingEstimator : IEstimator<YChannelExtractingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;

    internal YChannelExtractingEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
    }

    public YChannelExtractingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequireImage(input.Schema, _input);
        var inner = MappingStage.Fit<ImageInput, PlaneOutput>(_catalog, input, ExtractYChannelMapping.Map, ExtractYChannelMapping.ContractName,
            new[] { (nameof(ImageInput.RedNetImageIn), _input) }, nameof(PlaneOutput.RedNetPlaneOut), _output);
        return new YChannelExtractingTransformer(inner, _output, _input);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireImage(inputSchema, _input);
        return SchemaChecks.WithPlane(_catalog, inputSchema, _output);
    }
}
