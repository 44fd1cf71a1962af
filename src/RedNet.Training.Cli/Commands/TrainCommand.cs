using System.CommandLine;
using System.Runtime.InteropServices;
using RedNet.Cli.Output;
using RedNet.Training.Model;
using RedNet.MLNet.Model;
using RedNet.Training.Training;

namespace RedNet.Training.Cli.Commands;

/// <summary><c>rednet-train train</c>: trains a RED-Net with TorchSharp into a run folder (checkpoint, log.csv, curve.png, config.json).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Folder of HR training images (repeatable).", AllowMultipleArgumentsPerToken = true };
        var val = new Option<string?>("--val") { Description = "Folder of HR validation images (default: the images held out by --val-holdout). Never an evaluation set such as Set5." };
        var valHoldout = new Option<int>("--val-holdout") { Description = "Images held out of each --data folder, never trained on, validated on unless --val is given (0 = none).", DefaultValueFactory = _ => DefaultHoldout };
        var noVal = new Option<bool>("--no-val") { Description = "Do not validate (images are still held out per --val-holdout)." };
        var valScale = new Option<int?>("--val-scale") { Description = "Scale the validation runs at (default: every --scale)." };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from the weights of this checkpoint (same architecture), e.g. an x2 run to fine-tune for x3/x4." };
        var layers = new Option<int>("--layers") { Description = "Total layers, conv + deconv (RED10 = 10: 5 conv and 5 deconv; RED30 = 30). Must be even.", DefaultValueFactory = _ => 10 };
        var features = new Option<int>("--features") { Description = "Feature maps per layer (a multiple of 16 for training; see docs/investigations/issue-10-nan.md).", DefaultValueFactory = _ => 64 };
        var skipEvery = new Option<int>("--skip-every") { Description = "Skip connection every k layers (0 = none).", DefaultValueFactory = _ => 2 };
        var decoder = new Option<DecoderForm>("--decoder") { Description = "Convolution (fast, default) or TransposedConvolution.", DefaultValueFactory = _ => DecoderForm.Convolution };
        var scale = new Option<int[]>("--scale", "-s") { Description = "Scale factor(s); several train one mixed-scale net.", AllowMultipleArgumentsPerToken = true };
        var iterations = new Option<int>("--iterations", "-n") { Description = "Total iterations (a resumed run continues up to this).", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch") { Description = "Patches per batch.", DefaultValueFactory = _ => 32 };
        var patch = new Option<int>("--patch") { Description = "Patch side in pixels (paper: 50).", DefaultValueFactory = _ => 50 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (paper: 1e-4).", DefaultValueFactory = _ => 1e-4 };
        var lrStep = new Option<int>("--lr-step") { Description = "Decay the learning rate every this many iterations (0 = constant)." };
        var warmup = new Option<int>("--warmup") { Description = "Ramp the learning rate up over the first N iterations (e.g. 500 with --init-from)." };
        var lrDecay = new Option<double>("--lr-decay") { Description = "Factor applied every --lr-step iterations and at each --lr-plateau.", DefaultValueFactory = _ => 0.5 };
        var lrPlateau = new Option<double>("--lr-plateau") { Description = "Multiply the learning rate by --lr-decay whenever a validation gains less than this many dB over the one before (0 = off; e.g. 0.05 with --validate-every 1000). The lowered rate is kept in the checkpoint." };
        var clip = new Option<double>("--clip") { Description = "Clip the gradient norm to this value (0 = off)." };
        var validateEvery = new Option<int>("--validate-every") { Description = "Validate every N iterations.", DefaultValueFactory = _ => 500 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N iterations.", DefaultValueFactory = _ => 500 };
        var logEvery = new Option<int>("--log-every") { Description = "Log a row every N iterations.", DefaultValueFactory = _ => 50 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initial weights and patch sampling.", DefaultValueFactory = _ => 1UL };
        var ema = new Option<double>("--ema") { Description = "Keep an exponential moving average of the weights with this decay (e.g. 0.999) and validate and export it (0 = off)." };
        var precision = new Option<TrainingPrecision>("--precision") { Description = "Layers' arithmetic: Fp32 (default), Bf16 (weights stay fp32; ~2x faster where the CPU has AVX512_BF16 or AMX, slower elsewhere) or Auto (Bf16 where the CPU has it)." };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = all cores)." };
        var output = new Option<string>("--out", "-o") { Description = "Run folder (checkpoint, log, curve, config).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint; options not given are taken from it." };

        var command = new Command("train", "Train a RED-Net on folders of HR images (TorchSharp, CPU by default).")
        {
            data, val, valHoldout, noVal, valScale, initFrom, layers, features, skipEvery, decoder, scale, iterations, batch, patch, lr, lrStep, lrDecay, lrPlateau, warmup, clip,
            validateEvery, checkpointEvery, logEvery, seed, ema, precision, threads, output, resume,
        };
        command.SetAction(parse =>
        {
            string runDir = parse.GetValue(output)!;
            bool isResume = parse.GetValue(resume);
            TrainingOptions options;
            try
            {
                var baseOptions = isResume ? Checkpoint.ReadState(Path.Combine(runDir, Checkpoint.FileName)).Options : new TrainingOptions();
                bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
                T Pick<T>(Option<T> o, T stored) => !isResume || Given(o) ? parse.GetValue(o)! : stored;

                int totalLayers = Pick(layers, 2 * baseOptions.Model.Layers);
                if (totalLayers < 2 || totalLayers % 2 != 0) throw new ArgumentException($"--layers counts conv + deconv layers and must be even and ≥ 2 (got {totalLayers}).");
                string? valFolder = Given(val) ? parse.GetValue(val) : isResume ? baseOptions.ValidationFolder : null;
                int holdout = Pick(valHoldout, baseOptions.ValidationHoldout);
                if (isResume && Given(initFrom)) throw new ArgumentException("--init-from starts a new run; it cannot be combined with --resume.");
                string? init = isResume ? baseOptions.InitFrom : parse.GetValue(initFrom);
                if (!isResume && init is not null && !File.Exists(init)) throw new FileNotFoundException($"--init-from: '{init}' does not exist.", init);
                var dataFolders = Given(data) || !isResume ? (parse.GetValue(data) ?? Array.Empty<string>()).ToArray() : baseOptions.DataFolders.ToArray();
                var scales = Given(scale) || !isResume ? ParseScales(parse.GetValue(scale)) : baseOptions.Scales.ToArray();
                options = new TrainingOptions
                {
                    DataFolders = dataFolders,
                    ValidationFolder = valFolder,
                    ValidationHoldout = holdout,
                    NoValidation = parse.GetValue(noVal),
                    ValidateEvery = Pick(validateEvery, baseOptions.ValidateEvery),
                    InitFrom = init,
                    ValidationScale = Given(valScale) || !isResume ? parse.GetValue(valScale) : baseOptions.ValidationScale,
                    Model = new RedNetConfig
                    {
                        Layers = totalLayers / 2,
                        Features = Pick(features, baseOptions.Model.Features),
                        SkipEvery = Pick(skipEvery, baseOptions.Model.SkipEvery),
                        Decoder = Pick(decoder, baseOptions.Model.Decoder),
                    },
                    Scales = scales,
                    Iterations = Pick(iterations, baseOptions.Iterations),
                    BatchSize = Pick(batch, baseOptions.BatchSize),
                    PatchSize = Pick(patch, baseOptions.PatchSize),
                    LearningRate = Pick(lr, baseOptions.LearningRate),
                    LearningRateStep = Pick(lrStep, baseOptions.LearningRateStep),
                    LearningRateDecay = Pick(lrDecay, baseOptions.LearningRateDecay),
                    LearningRatePlateau = Pick(lrPlateau, baseOptions.LearningRatePlateau),
                    LearningRateWarmup = Pick(warmup, baseOptions.LearningRateWarmup),
                    GradientClip = Pick(clip, baseOptions.GradientClip),
                    CheckpointEvery = Pick(checkpointEvery, baseOptions.CheckpointEvery),
                    LogEvery = Pick(logEvery, baseOptions.LogEvery),
                    Seed = Pick(seed, baseOptions.Seed),
                    WeightAverageDecay = Pick(ema, baseOptions.WeightAverageDecay),
                    Precision = Pick(precision, baseOptions.Precision),
                    Threads = Pick(threads, baseOptions.Threads),
                };
                options.Validate();
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return Run(options, runDir, isResume);
        });
        return command;
    }

    private static int[] ParseScales(int[]? values)
    {
        var scales = values is { Length: > 0 } ? values : new[] { 2 };
        return scales.Distinct().ToArray();
    }

    // 5 of T91's 91 and 5 of BSD200's 200 images: enough to follow a curve to a few hundredths of a dB, little lost to training.
    private const int DefaultHoldout = 5;

    private static int Run(TrainingOptions options, string runDir, bool resume)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl-C and SIGTERM ask the trainer to finish the current iteration, write a checkpoint and return.
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var progress = new ConsoleProgress($"train {options.Model.Name} x{string.Join(",", options.Scales)}", "it", TimeSpan.FromSeconds(30));
        var observer = new ConsoleTrainingObserver(progress);
        progress.WriteLine($"{options.Model.Name}: {options.Model.Layers} conv + {options.Model.Layers} deconv, {options.Model.Features} maps, " +
                           $"skip every {options.Model.SkipEvery}, {options.Model.ParameterCount:N0} parameters; batch {options.BatchSize} of {options.PatchSize}x{options.PatchSize}, lr {options.LearningRate:g3}");
        try
        {
            var outcome = new Trainer(observer).Run(options, runDir, resume, stop.Token);
            progress.WriteLine(outcome.Completed
                ? $"done: {outcome.Iteration} iterations; checkpoint {outcome.CheckpointPath}" + (outcome.ValidationPsnr is { } p ? $"; validation PSNR {p:0.000} dB" : "")
                : $"interrupted at iteration {outcome.Iteration}; checkpoint {outcome.CheckpointPath}");
            return outcome.Completed ? 0 : 130;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FileNotFoundException or DirectoryNotFoundException)
        {
            progress.WriteLine($"error: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private sealed class ConsoleTrainingObserver(ConsoleProgress progress) : ITrainingObserver
    {
        public void Progress(int iteration, int total, double loss, double patchesPerSecond)
            => progress.Report(iteration, total, $"loss {loss:0.00000} ({patchesPerSecond:0.0} patches/s)");

        public void Message(string text) => progress.WriteLine(text);
    }
}
