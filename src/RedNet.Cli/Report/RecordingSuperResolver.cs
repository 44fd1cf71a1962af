using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Report;

/// <summary>
/// Passes images on to another <see cref="ISuperResolver"/> and keeps its latest result, so the report can show exactly the
/// image the protocol (<see cref="DatasetEvaluation.ScoreOne"/>) scored, without running the method twice.
/// </summary>
public sealed class RecordingSuperResolver(ISuperResolver inner) : ISuperResolver
{
    public string Name => inner.Name;

    /// <summary>The result of the latest <see cref="Upscale"/> call.</summary>
    public RgbImage? Last { get; private set; }

    public RgbImage Upscale(RgbImage lowResolution, int scale) => Last = inner.Upscale(lowResolution, scale);
}
