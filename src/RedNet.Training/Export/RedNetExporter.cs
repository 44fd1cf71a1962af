using System.Globalization;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using RedNet.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedNet.Training.Export;

/// <summary>
/// Exports a trained TorchSharp RED-Net to ONNX. TorchSharp has no ONNX exporter, so the weights are copied out layer by
/// layer (transposed convolutions converted to their exact convolution form) and <see cref="RedNetOnnxWriter"/> writes the
/// graph, with metadata describing the training run.
/// </summary>
public static class RedNetExporter
{
    /// <summary>Copies the weights out of a TorchSharp model.</summary>
    public static RedNetWeights ExtractWeights(RedNet.Training.Model.RedNet model)
    {
        var encoder = model.Encoder.Select(ToConvolution).ToList();
        var decoder = model.Decoder.Select(ToConvolution).ToList();
        return new RedNetWeights(model.Config with { Decoder = DecoderForm.Convolution }, encoder, decoder);
    }

    /// <summary>Writes <paramref name="model"/> as ONNX bytes.</summary>
    public static byte[] Export(RedNet.Training.Model.RedNet model, RedNetOnnxLayout layout, TrainingState? state = null)
        => RedNetOnnxWriter.Write(ExtractWeights(model), layout, state is null ? null : Metadata(state));

    /// <summary>
    /// Loads a checkpoint (a file, or a run folder holding checkpoint.ckpt) and writes it as ONNX to <paramref name="outputPath"/>
    /// atomically; with <paramref name="int8"/>, as the int8 model calibrated on those folders.
    /// </summary>
    public static TrainingState ExportCheckpoint(string checkpointOrRunDirectory, string outputPath, RedNetOnnxLayout layout, Int8Export? int8 = null)
    {
        string path = Directory.Exists(checkpointOrRunDirectory) ? Path.Combine(checkpointOrRunDirectory, Checkpoint.FileName) : checkpointOrRunDirectory;
        // The averaged weights where the run keeps an average (--ema): they are what its validation scored.
        var (state, model) = Checkpoint.LoadModel(path);
        using (model)
        {
            var weights = ExtractWeights(model);
            var calibration = int8?.Calibrate(weights, state.Options.Scales);
            RedNet.MLNet.AtomicFile.WriteAllBytes(outputPath, RedNetOnnxWriter.Write(weights, layout, Metadata(state), calibration));
        }
        return state;
    }

    /// <summary>The model card's facts as ONNX metadata.</summary>
    public static Dictionary<string, string> Metadata(TrainingState state)
    {
        var o = state.Options;
        var metadata = new Dictionary<string, string>
        {
            [RedNetOnnxMetadata.Scales] = string.Join(",", o.Scales),
            [RedNetOnnxMetadata.TrainingData] = string.Join(";", o.DataFolders.Select(f => new DirectoryInfo(f).Name)),
            [RedNetOnnxMetadata.Iterations] = state.Iteration.ToString(CultureInfo.InvariantCulture),
            [RedNetOnnxMetadata.TrainingSeconds] = state.TrainingSeconds.ToString("0", CultureInfo.InvariantCulture),
            ["rednet.batch"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["rednet.patch"] = o.PatchSize.ToString(CultureInfo.InvariantCulture),
            ["rednet.learning_rate"] = o.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        };
        if (o.InitFrom is { } init) metadata["rednet.init_from"] = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(init))) ?? init;
        if (state.ValidationPsnr is { } psnr)
        {
            metadata[RedNetOnnxMetadata.ValidationPsnr] = psnr.ToString("0.0000", CultureInfo.InvariantCulture);
            string set = o.ValidationFolder is { } folder ? new DirectoryInfo(folder).Name : $"held-out {o.ValidationHoldout} per training folder";
            metadata[RedNetOnnxMetadata.ValidationSet] = $"{set} x{string.Join(",x", o.ValidationScales)}";
            if (state.ValidationIteration is { } at) metadata[RedNetOnnxMetadata.ValidationIteration] = at.ToString(CultureInfo.InvariantCulture);
        }
        return metadata;
    }

    private static ConvolutionWeights ToConvolution(nn.Module<Tensor, Tensor> layer)
    {
        var (weight, bias) = Model.RedNet.WeightAndBias(layer);
        var w = weight.detach().cpu().contiguous().data<float>().ToArray();
        var b = bias.detach().cpu().contiguous().data<float>().ToArray();
        return layer switch
        {
            // Conv2d weights are [out, in, k, k] already.
            Conv2d => new ConvolutionWeights((int)weight.shape[1], (int)weight.shape[0], w, b),
            // ConvTranspose2d weights are [in, out, k, k]: convert to the equivalent convolution.
            ConvTranspose2d => ConvolutionWeights.FromTransposed((int)weight.shape[0], (int)weight.shape[1], w, b),
            _ => throw new InvalidOperationException($"Unexpected layer {layer.GetType().Name}."),
        };
    }
}
