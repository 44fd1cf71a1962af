using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Evaluation;

/// <summary>
/// An <see cref="ISuperResolver"/> that runs images through a fitted ML.NET pipeline made by
/// <c>mlContext.Transforms.RedNetUpscale()</c> — the same transformer a library user gets — one image at a time.
/// Used by <c>rednet eval --method rednet</c> (<c>rednet upscale</c> and <c>rednet batch</c> run the same steps by strips, <see cref="RedNetStripUpscaler"/>).
/// </summary>
public sealed class PipelineSuperResolver : ISuperResolver, IDisposable
{
    private readonly PredictionEngine<ImageRow, UpscaledRow> _engine;

    /// <summary>Input row of the prediction engine.</summary>
    public sealed class ImageRow
    {
        public MLImage? Image { get; set; }
    }

    /// <summary>Output row of the prediction engine.</summary>
    public sealed class UpscaledRow
    {
        public MLImage? Upscaled { get; set; }
    }

    /// <summary>Fits <c>RedNetUpscale("Upscaled", "Image", options)</c> and prepares a prediction engine for it.</summary>
    public PipelineSuperResolver(MLContext mlContext, RedNetUpscaleOptions options)
    {
        RedNetRegistration.Register(mlContext);
        Options = options;
        var schemaOnly = mlContext.Data.LoadFromEnumerable(Array.Empty<ImageRow>());
        Transformer = mlContext.Transforms.RedNetUpscale("Upscaled", "Image", options).Fit(schemaOnly);
        _engine = mlContext.Model.CreatePredictionEngine<ImageRow, UpscaledRow>(Transformer);
    }

    public RedNetUpscaleOptions Options { get; }

    /// <summary>The fitted pipeline (what <c>mlContext.Model.Save</c> would store).</summary>
    public RedNetUpscalingTransformer Transformer { get; }

    public string Name => "rednet";

    public RgbImage Upscale(RgbImage lowResolution, int scale)
    {
        if (scale != Options.Scale)
            throw new ArgumentException($"This pipeline enlarges x{Options.Scale}, not x{scale}.", nameof(scale));
        using var input = lowResolution.ToMLImage();
        var output = _engine.Predict(new ImageRow { Image = input }).Upscaled
                     ?? throw new InvalidOperationException("The pipeline returned no image.");
        using (output) return output.ToRgbImage();
    }

    public void Dispose() => _engine.Dispose();
}
