using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="RedNetUpscalingEstimator"/>: colour images enlarged by RED-Net.</summary>
public sealed class RedNetUpscalingTransformer : ForwardingTransformer
{
    internal RedNetUpscalingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, int scale, RedNetApplyingTransformer network)
        : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Scale = scale;
        Network = network;
    }

    public string OutputColumnName { get; }
    public string InputColumnName { get; }
    public int Scale { get; }

    /// <summary>The RED-Net stage (model, tiling, device).</summary>
    public RedNetApplyingTransformer Network { get; }
}

/// <summary>
/// Super-resolves colour images with RED-Net: Y is extracted (<see cref="YChannelExtractingEstimator"/>), enlarged by
/// bicubic (<see cref="BicubicUpscalingEstimator"/>), restored by the network (<see cref="RedNetApplyingEstimator"/>) and merged
/// with the bicubic-enlarged Cb and Cr (<see cref="YChannelMergingEstimator"/>) — exactly those four stages, chained.
/// Input: an <see cref="MLImage"/> column. Output: an <see cref="MLImage"/> column <c>Scale</c> times larger.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable; the model is the embedded default unless
/// <c>ModelPath</c> names one.</remarks>
public sealed class RedNetUpscalingEstimator : IEstimator<RedNetUpscalingTransformer>
{
    private const string YColumn = "RedNetUpscale.Y", BicubicColumn = "RedNetUpscale.YBicubic", RestoredColumn = "RedNetUpscale.YRestored";
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;
    private readonly RedNetUpscaleOptions _options;

    internal RedNetUpscalingEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, RedNetUpscaleOptions? options)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
        _options = options ?? new RedNetUpscaleOptions();
        ScaledMappingContracts.Check(_options.Scale);
    }

    public RedNetUpscalingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequireImage(input.Schema, _input);
        var model = RedNetApplyingEstimator.LoadModel(_options);
        var chain = new FittedChain(input);
        chain.Add(new YChannelExtractingEstimator(_catalog, YColumn, _input));
        chain.Add(new BicubicUpscalingEstimator(_catalog, BicubicColumn, _options.Scale, YColumn));
        var network = new RedNetApplyingEstimator(_catalog, RestoredColumn, BicubicColumn, _options).Fit(chain.Data, model);
        chain.Add(network);
        chain.Add(new YChannelMergingEstimator(_catalog, _output, RestoredColumn, _input));
        chain.Add(_catalog.DropColumns(new[] { YColumn, BicubicColumn, RestoredColumn }.Where(c => c != _output && c != _input).ToArray()));
        return new RedNetUpscalingTransformer(chain.Build(), _output, _input, _options.Scale, network);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireImage(inputSchema, _input);
        return SchemaChecks.WithCopyOf(_catalog, inputSchema, _output, _input);
    }
}
