using RedNet.MLNet;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Quantization;

namespace RedNet.Training.Export;

/// <summary>
/// <c>rednet-train export --int8</c>: calibrates a RED-Net's activations on training images (<see cref="CalibrationSet"/>)
/// and writes the int8 (QDQ) model, from a checkpoint or from an fp32 ONNX model.
/// </summary>
/// <param name="CalibrationFolders">Folders of training images (never Set5, Set14 or BSD100).</param>
/// <param name="WeightBits">8, or 7 for CPUs without VNNI (see <see cref="Int8Calibration.WeightMax"/>).</param>
public sealed record Int8Export(IReadOnlyList<string> CalibrationFolders, int WeightBits = 8)
{
    /// <summary>The calibration of <paramref name="weights"/> at <paramref name="scales"/> (the scales the model serves).</summary>
    public Int8Calibration Calibrate(RedNetWeights weights, IReadOnlyList<int> scales)
    {
        var patches = CalibrationSet.Load(CalibrationFolders, scales);
        return Int8Calibrator.Calibrate(weights, patches, WeightBits, CalibrationSet.Describe(CalibrationFolders, patches.Count));
    }

    /// <summary>Quantizes an fp32 RED-Net ONNX model (its weights and metadata kept) into <paramref name="outputPath"/>, atomically.</summary>
    public RedNetOnnxModel ExportOnnx(string modelPath, string outputPath, RedNetOnnxLayout layout)
    {
        var model = RedNetOnnxReader.ReadFile(modelPath);
        if (model.Int8 is not null) throw new InvalidDataException($"'{modelPath}' is already an int8 model; quantize the fp32 model it came from.");
        if (model.Scales.Count == 0) throw new InvalidDataException($"'{modelPath}' does not say which scales it serves ('{RedNetOnnxMetadata.Scales}'), so it cannot be calibrated.");
        var calibration = Calibrate(model.Weights, model.Scales);
        var metadata = model.Metadata.Where(kv => kv.Key != RedNetOnnxMetadata.Layout).ToDictionary(kv => kv.Key, kv => kv.Value);
        AtomicFile.WriteAllBytes(outputPath, RedNetOnnxWriter.Write(model.Weights, layout, metadata, calibration));
        return model;
    }
}
