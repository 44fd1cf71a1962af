using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Evaluation;

/// <summary>
/// An <see cref="ISuperResolver"/> that runs images through a fitted ML.NET pipeline made by
/// <c>mlContext.Transforms.RedNetUpscale()</c> — the same transformer a library user gets — one image at a time.
/// Used by <c>rednet eval --method rednet</c>, <c>rednet upscale</c> and <c>rednet batch</c>. A 16-bit image goes through the
/// same fitted network stage (<see cref="RedNetUpscalingTransformer.Network"/>) on a float Y plane, the colour math around it
/// in float (<see cref="LumaSuperResolution.Upscale(Rgb16Image, int, Func{Plane, Plane})"/>), since <c>MLImage</c> holds 8 bits.
/// </summary>
public sealed class PipelineSuperResolver : ISixteenBitSuperResolver, IDisposable
{
    private readonly MLContext _mlContext;
    private readonly PredictionEngine<ImageRow, UpscaledRow> _engine;
    private PredictionEngine<PlaneRow, RestoredRow>? _network;

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

    /// <summary>Input row of the network stage: a Y plane in <see cref="PlaneVector"/> layout (bicubic-enlarged, 0–1).</summary>
    public sealed class PlaneRow
    {
        public float[] Plane { get; set; } = Array.Empty<float>();
    }

    /// <summary>Output row of the network stage: the restored Y plane in <see cref="PlaneVector"/> layout.</summary>
    public sealed class RestoredRow
    {
        public float[] Restored { get; set; } = Array.Empty<float>();
    }

    /// <summary>Fits <c>RedNetUpscale("Upscaled", "Image", options)</c> and prepares a prediction engine for it.</summary>
    public PipelineSuperResolver(MLContext mlContext, RedNetUpscaleOptions options)
    {
        RedNetRegistration.Register(mlContext);
        _mlContext = mlContext;
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

    public Rgb16Image Upscale(Rgb16Image lowResolution, int scale)
    {
        if (scale != Options.Scale)
            throw new ArgumentException($"This pipeline enlarges x{Options.Scale}, not x{scale}.", nameof(scale));
        return LumaSuperResolution.Upscale(lowResolution, scale, RefineY);
    }

    // The pipeline's own network stage on one float plane: the same ONNX session, tiling and device as for 8-bit images.
    private Plane RefineY(Plane bicubicY)
    {
        _network ??= CreateNetworkEngine();
        var restored = _network.Predict(new PlaneRow { Plane = PlaneVector.FromPlane(bicubicY) }).Restored;
        return PlaneVector.ToPlane(restored);
    }

    private PredictionEngine<PlaneRow, RestoredRow> CreateNetworkEngine()
    {
        var network = Transformer.Network;
        var input = SchemaDefinition.Create(typeof(PlaneRow));
        var plane = input[nameof(PlaneRow.Plane)]; // looked up by column name: once renamed, no longer found by this one
        plane.ColumnName = network.InputColumnName;
        plane.ColumnType = new VectorDataViewType(NumberDataViewType.Single); // variable length
        var output = SchemaDefinition.Create(typeof(RestoredRow));
        output[nameof(RestoredRow.Restored)].ColumnName = network.OutputColumnName;
        return _mlContext.Model.CreatePredictionEngine<PlaneRow, RestoredRow>(network, inputSchemaDefinition: input, outputSchemaDefinition: output);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _network?.Dispose();
    }
}
