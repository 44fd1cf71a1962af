using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet;

/// <summary>RedNet operations on an <see cref="MLContext"/>; get it with <c>mlContext.RedNet()</c>.</summary>
public sealed class RedNetContextCatalog
{
    private readonly MLContext _mlContext;

    internal RedNetContextCatalog(MLContext mlContext)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        RedNetRegistration.Register(mlContext);
    }

    /// <summary>
    /// Scores the super-resolved images of <paramref name="scoreColumnName"/> against the ground truth of
    /// <paramref name="labelColumnName"/> (both <c>MLImage</c> columns, same size per row) on the protocol described in
    /// <see cref="SuperResolutionMetrics"/>. A label larger than its score is modcropped to a multiple of
    /// <paramref name="scale"/> first, so the high-resolution images that went into <c>DownscaleBicubic</c> can be the labels.
    /// A label whose tag names a single-channel file (LoadImages tags images with their path) is scored on its grey level,
    /// as the protocol scores grey images; other labels on rgb2ycbcr's Y.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or is not an image column.</exception>
    /// <exception cref="InvalidDataException">A row's images differ in size or cannot be read; the message names the row.</exception>
    public SuperResolutionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Upscaled", int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be at least 1.");
        SchemaChecks.RequireImage(data.Schema, labelColumnName, "label");
        SchemaChecks.RequireImage(data.Schema, scoreColumnName, "score");
        var label = data.Schema[labelColumnName];
        var score = data.Schema[scoreColumnName];
        var rows = new List<RowQuality>();
        using var cursor = data.GetRowCursor(new[] { label, score });
        var getLabel = cursor.GetGetter<MLImage?>(label); // null for a missing image: MappingInputs names the row
        var getScore = cursor.GetGetter<MLImage?>(score);
        MLImage? labelImage = null, scoreImage = null;
        while (cursor.MoveNext())
        {
            long row = cursor.Position;
            getLabel(ref labelImage);
            getScore(ref scoreImage);
            string? name = labelImage?.Tag;
            try
            {
                var truth = Transforms.Mappings.MappingInputs.GroundTruth(labelImage);
                var result = Transforms.Mappings.MappingInputs.Image(scoreImage, "score image");
                var q = SuperResolutionQuality.MeasureAgainstHighResolution(truth, result, scale);
                rows.Add(new RowQuality(row, name, q.Psnr, q.Ssim));
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                throw new InvalidDataException($"Row {row}{(name is null ? "" : $" ('{name}')")}: {e.Message}", e);
            }
        }
        return new SuperResolutionMetrics(scale, rows);
    }

    /// <summary>Loads a pipeline saved with <c>mlContext.Model.Save</c> (RedNet's types are registered first).</summary>
    public ITransformer LoadModel(string path, out DataViewSchema inputSchema) => LoadModel(path, out inputSchema, out _);

    /// <summary>
    /// Loads a pipeline saved with <c>mlContext.Model.Save</c> and says where its ONNX stages run. As in ML.NET, the device of a
    /// loaded pipeline is the context's <c>GpuDeviceId</c>; unlike a plain <c>mlContext.Model.Load</c>, a device that cannot be
    /// used is checked as at Fit (<see cref="ApplyRedNetOptions.GpuDeviceId"/>) and never replaced quietly: one log line with
    /// the reason and CPU, or, when the context's <c>FallbackToCpu</c> is false, an <see cref="InvalidOperationException"/>.
    /// </summary>
    public ITransformer LoadModel(string path, out DataViewSchema inputSchema, out InferenceDevice device)
    {
        ArgumentNullException.ThrowIfNull(path);
        DataViewSchema schema = null!;
        var model = LoadOnChosenDevice(() => _mlContext.Model.Load(path, out schema), out device);
        inputSchema = schema;
        return model;
    }

    /// <summary>Loads a pipeline saved with <c>mlContext.Model.Save</c> from a stream.</summary>
    public ITransformer LoadModel(Stream stream, out DataViewSchema inputSchema) => LoadModel(stream, out inputSchema, out _);

    /// <summary>Loads a pipeline saved with <c>mlContext.Model.Save</c> from a stream and says where its ONNX stages run (see the path overload).</summary>
    public ITransformer LoadModel(Stream stream, out DataViewSchema inputSchema, out InferenceDevice device)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // A failed CUDA session means loading again on CPU, so the zip must be readable twice.
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        DataViewSchema schema = null!;
        var model = LoadOnChosenDevice(() =>
        {
            buffer.Position = 0;
            return _mlContext.Model.Load(buffer, out schema);
        }, out device);
        inputSchema = schema;
        return model;
    }

    private ITransformer LoadOnChosenDevice(Func<ITransformer> load, out InferenceDevice device)
    {
        // ML.NET makes a loaded OnnxTransformer's session from the context's ONNX session options, and without any, ONNX
        // Runtime picks its own thread count (1 on a 2-core VM where RedNet's default is 2, DefaultCpuThreads) and spins
        // its idle threads. So a context with no options of its own loads with RedNet's, for the device it loads on, as Fit
        // would, and is given back without them.
        if (_mlContext.GetOnnxSessionOption() is not null) return LoadOnDevice(load, out device);
        try
        {
            return LoadOnDevice(() =>
            {
                _mlContext.SetOnnxSessionOption(OnnxScoringStage.SessionOptions(cpuThreads: null, _mlContext.GpuDeviceId));
                return load();
            }, out device);
        }
        finally
        {
            _mlContext.SetOnnxSessionOption(null!);
        }
    }

    private ITransformer LoadOnDevice(Func<ITransformer> load, out InferenceDevice device)
    {
        int? requested = _mlContext.GpuDeviceId;
        bool fallbackToCpu = _mlContext.FallbackToCpu;
        if (requested is null)
        {
            device = InferenceDevice.Cpu;
            return load();
        }
        device = InferenceDeviceSelection.Settle(InferenceDeviceSelection.Choose(requested, ExecutionProviderProbe.DefaultGraph()), fallbackToCpu);
        try
        {
            // ML.NET creates a loaded OnnxTransformer's session from these two settings: the device chosen here, and no
            // fallback of its own (it would swap in a CPU session without a word).
            _mlContext.GpuDeviceId = device.GpuDeviceId;
            _mlContext.FallbackToCpu = false;
            try
            {
                return load();
            }
            catch (InvalidOperationException e) when (device.GpuDeviceId is int id && InferenceDeviceSelection.SessionError(e) is { } error)
            {
                device = InferenceDeviceSelection.AfterSessionFailure(id, fallbackToCpu, error);
                _mlContext.GpuDeviceId = null;
                return load();
            }
        }
        finally
        {
            _mlContext.GpuDeviceId = requested;
            _mlContext.FallbackToCpu = fallbackToCpu;
        }
    }
}
