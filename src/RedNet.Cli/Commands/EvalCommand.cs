using System.CommandLine;
using Microsoft.ML;
using RedNet.Cli.Output;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Cli.Commands;

/// <summary><c>rednet eval</c>: the super-resolution protocol on a folder of HR images.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var hr = new Option<string>("--hr") { Description = "Folder of ground-truth (HR) images.", Required = true };
        var scale = new Option<int>("--scale", "-s") { Description = "Scale factor (2, 3, 4, ...).", DefaultValueFactory = _ => 2 };
        var method = new Option<string>("--method", "-m") { Description = "bicubic or rednet.", DefaultValueFactory = _ => "bicubic" };
        method.AcceptOnlyFromAmong("bicubic", "rednet");
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the table." };
        var saveDir = new Option<string?>("--save-dir") { Description = "Write each super-resolved image there as PNG." };
        var model = new Option<string?>("--model") { Description = "RED-Net ONNX model for --method rednet (default: the embedded model)." };
        var selfEnsemble = new Option<bool>("--self-ensemble") { Description = "rednet: average the 8 flips/rotations (8x slower)." };
        var gpu = new Option<int?>("--gpu") { Description = "rednet: CUDA device id (falls back to CPU with a message)." };

        var command = new Command("eval", "Score a method on a folder of HR images: modcrop, MATLAB bicubic x1/s, upscale, PSNR/SSIM on Y with shave = scale.")
        {
            hr, scale, method, json, saveDir, model, selfEnsemble, gpu,
        };
        command.SetAction(parse => Run(
            parse.GetValue(hr)!, parse.GetValue(scale), parse.GetValue(method)!, parse.GetValue(json), parse.GetValue(saveDir),
            new RedNetUpscaleOptions { Scale = parse.GetValue(scale), ModelPath = parse.GetValue(model), SelfEnsemble = parse.GetValue(selfEnsemble), GpuDeviceId = parse.GetValue(gpu) }));
        return command;
    }

    private static int Run(string hrFolder, int scale, string methodName, bool json, string? saveDir, RedNetUpscaleOptions rednetOptions)
    {
        if (scale < 2)
        {
            Console.Error.WriteLine($"error: --scale must be 2 or more (got {scale}).");
            return 2;
        }
        ISuperResolver method;
        try
        {
            // rednet runs the library's own ML.NET pipeline (RedNetUpscale), fitted once, image by image.
            method = methodName == "rednet" ? new PipelineSuperResolver(new MLContext(1), rednetOptions) : new BicubicSuperResolver();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        DatasetReport report;
        using (var progress = new ConsoleProgress($"eval {Path.GetFileName(Path.GetFullPath(hrFolder))} x{scale} {method.Name}", "images"))
        {
            try
            {
                report = DatasetEvaluation.Run(hrFolder, scale, method, saveDir,
                    new SyncProgress<EvaluationProgress>(p => progress.Report(p.Done, p.Total)));
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }
        (method as IDisposable)?.Dispose();
        foreach (var failure in report.Failures) Console.Error.WriteLine($"error: {failure.Error}");
        if (json) EvaluationReportWriter.WriteJson(report, Console.Out);
        else EvaluationReportWriter.WriteTable(report, Console.Out);
        if (report.Images.Count == 0)
        {
            Console.Error.WriteLine($"error: no image in '{hrFolder}' could be scored.");
            return 1;
        }
        return 0;
    }
}
