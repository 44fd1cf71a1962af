using System.CommandLine;
using Microsoft.ML;
using RedNet.Cli.Output;
using RedNet.Cli.Report;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Cli.Commands;

/// <summary><c>rednet eval</c>: the super-resolution protocol on a folder of HR images.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var hr = new Option<string>("--hr") { Description = "Folder of ground-truth (HR) images.", Required = true };
        var method = new Option<string>("--method", "-m") { Description = "bicubic or rednet.", DefaultValueFactory = _ => "bicubic" };
        method.AcceptOnlyFromAmong("bicubic", "rednet");
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the table." };
        var saveDir = new Option<string?>("--save-dir") { Description = "Write each super-resolved image there as PNG." };
        var report = new Option<string?>("--report") { Description = "Also run the other method and write DIR/report.md: bicubic vs RED-Net per image, with crop pictures." };
        var model = new ModelOptions();

        var command = new Command("eval", "Score a method on a folder of HR images: modcrop, MATLAB bicubic x1/s, upscale, PSNR/SSIM on Y with shave = scale.")
        {
            hr, method, json, saveDir, report,
        };
        model.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetValue(hr)!, parse.GetValue(method)!, parse.GetValue(json), parse.GetValue(saveDir), parse.GetValue(report), model.Read(parse),
            rednet => model.ReportDevice(parse, rednet.Transformer.Network.Device)));
        return command;
    }

    private static int Run(string hrFolder, string methodName, bool json, string? saveDir, string? reportDir, RedNetUpscaleOptions rednetOptions,
        Action<PipelineSuperResolver> reportDevice)
    {
        int scale = rednetOptions.Scale;
        if (ModelOptions.Check(rednetOptions) is { } usage)
        {
            Console.Error.WriteLine($"error: {usage}");
            return 2;
        }
        PipelineSuperResolver? rednet = null;
        try
        {
            // rednet runs the library's own ML.NET pipeline (RedNetUpscale), fitted once, image by image.
            if (methodName == "rednet" || reportDir is not null) rednet = new PipelineSuperResolver(new MLContext(1), rednetOptions);
            if (rednet is not null) reportDevice(rednet);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {ErrorText.ForOptions(e)}");
            return 2;
        }
        ISuperResolver method = methodName == "rednet" ? rednet! : new BicubicSuperResolver();

        DatasetReport result;
        string label = $"eval {Path.GetFileName(Path.GetFullPath(hrFolder))} x{scale} {(reportDir is null ? method.Name : "bicubic+rednet")}";
        using (rednet)
        using (var progress = new ConsoleProgress(label, "images"))
        {
            var sink = new SyncProgress<EvaluationProgress>(p => progress.Report(p.Done, p.Total));
            try
            {
                if (reportDir is null)
                {
                    result = DatasetEvaluation.Run(hrFolder, scale, method, saveDir, sink);
                }
                else
                {
                    var comparison = MethodComparison.Run(hrFolder, scale, rednet!, reportDir, method.Name, saveDir, sink);
                    string written = ComparisonReportWriter.Write(reportDir, comparison, CommandLineText.Current(), rednetOptions);
                    progress.WriteLine($"wrote {written}");
                    result = method == rednet ? comparison.RedNet : comparison.Bicubic;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }
        foreach (var failure in result.Failures) Console.Error.WriteLine($"error: {failure.Error}");
        if (json) EvaluationReportWriter.WriteJson(result, Console.Out);
        else EvaluationReportWriter.WriteTable(result, Console.Out);
        if (result.Images.Count == 0)
        {
            Console.Error.WriteLine($"error: no image in '{hrFolder}' could be scored.");
            return 1;
        }
        return 0;
    }
}
