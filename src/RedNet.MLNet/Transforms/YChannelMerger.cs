using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="YChannelMergingEstimator"/>: colour images rebuilt around a restored Y plane.</summary>
public sealed class YChannelMergingTransformer : ForwardingTransformer
{
    internal YChannelMergingTransformer(ITransformer inner, string outputColumnName, string yColumnName, string colorColumnName) : base(inner)
    {
        OutputColumnName = outputColumnName;
        YColumnName = yColumnName;
        ColorColumnName = colorColumnName;
    }

    public string OutputColumnName { get; }
    public string YColumnName { get; }
    public string ColorColumnName { get; }
}

/// <summary>
/// Rebuilds a colour image from a restored Y plane and the low-resolution colour image it came from: Cb and Cr of the colour
/// image are enlarged by MATLAB bicubic to the Y plane's size (an integer multiple of the colour image's size) and the three
/// are converted back to RGB (ycbcr2rgb, rounded and clipped to 8 bits).
/// Inputs: a Y-plane column and an <see cref="MLImage"/> column. Output: an <see cref="MLImage"/> column.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (as a CustomMapping contract).</remarks>
public sealed class YChannelMergingEstimator : IEstimator<YChannelMergingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _y;
    private readonly string _color;

    internal YChannelMergingEstimator(TransformsCatalog catalog, string outputColumnName, string yColumnName, string colorColumnName)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _y = yColumnName ?? throw new ArgumentNullException(nameof(yColumnName));
        _color = colorColumnName ?? throw new ArgumentNullException(nameof(colorColumnName));
    }

    public YChannelMergingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequirePlane(input.Schema, _y);
        SchemaChecks.RequireImage(input.Schema, _color);
        var inner = MappingStage.Fit<PlaneAndImageInput, ImageOutput>(_catalog, input, MergeYChannelMapping.Map, MergeYChannelMapping.ContractName,
            new[] { (nameof(PlaneAndImageInput.RedNetPlaneIn), _y), (nameof(PlaneAndImageInput.RedNetImageIn), _color) },
            nameof(ImageOutput.RedNetImageOut), _output);
        return new YChannelMergingTransformer(inner, _output, _y, _color);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequirePlane(inputSchema, _y);
        SchemaChecks.RequireImage(inputSchema, _color);
        return SchemaChecks.WithCopyOf(_catalog, inputSchema, _output, _color);
    }
}
