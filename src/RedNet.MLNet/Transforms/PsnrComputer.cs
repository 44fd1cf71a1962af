using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="PsnrComputingEstimator"/>: a per-row PSNR column.</summary>
public sealed class PsnrComputingTransformer : ForwardingTransformer
{
    internal PsnrComputingTransformer(ITransformer inner, string outputColumnName, string labelColumnName, string scoreColumnName, int scale) : base(inner)
    {
        OutputColumnName = outputColumnName;
        LabelColumnName = labelColumnName;
        ScoreColumnName = scoreColumnName;
        Scale = scale;
    }

    public string OutputColumnName { get; }
    public string LabelColumnName { get; }
    public string ScoreColumnName { get; }
    public int Scale { get; }
}

/// <summary>
/// Adds a <c>Single</c> column with each row's PSNR in dB: Y channel (rgb2ycbcr) of the score image against the label
/// image (modcropped to a multiple of <c>scale</c> when larger), <c>scale</c> pixels shaved from every side, peak 255 — the
/// protocol of <c>RedNetCatalog.Evaluate</c>. Rows whose sizes do not fit get NaN; identical images get +∞.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (one CustomMapping contract per scale 2–8).</remarks>
public sealed class PsnrComputingEstimator : IEstimator<PsnrComputingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _label;
    private readonly string _score;
    private readonly int _scale;

    internal PsnrComputingEstimator(TransformsCatalog catalog, string outputColumnName, string labelColumnName, string scoreColumnName, int scale)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _label = labelColumnName ?? throw new ArgumentNullException(nameof(labelColumnName));
        _score = scoreColumnName ?? throw new ArgumentNullException(nameof(scoreColumnName));
        _scale = ScaledMappingContracts.Check(scale);
    }

    public PsnrComputingTransformer Fit(IDataView input)
    {
        SchemaChecks.RequireImage(input.Schema, _label, "label");
        SchemaChecks.RequireImage(input.Schema, _score, "score");
        int scale = _scale;
        var inner = MappingStage.Fit<ImagePairInput, SingleOutput>(_catalog, input, (i, o) => PsnrMapping.Map(i, o, scale), ScaledMappingContracts.Psnr(scale),
            new[] { (nameof(ImagePairInput.RedNetLabelIn), _label), (nameof(ImagePairInput.RedNetScoreIn), _score) },
            nameof(SingleOutput.RedNetSingleOut), _output);
        return new PsnrComputingTransformer(inner, _output, _label, _score, scale);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireImage(inputSchema, _label, "label");
        SchemaChecks.RequireImage(inputSchema, _score, "score");
        return SchemaChecks.WithSingle(_catalog, inputSchema, _output);
    }
}
