using System.Diagnostics;
using System.Text.Json;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;
using RedNet.Training.Data;
using RedNet.Training.Inference;
using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>How a training session ended.</summary>
public sealed record TrainingOutcome(int Iteration, bool Completed, double? ValidationPsnr, double? ValidationSsim, string CheckpointPath);

/// <summary>
/// Trains a RED-Net: Adam, MSE on Y patches, optional step decay and gradient clipping. Every <c>ValidateEvery</c> iterations
/// it scores the validation folder with the same evaluator as <c>rednet eval</c>; every <c>CheckpointEvery</c> it appends to
/// the CSV log, redraws the curve and writes the checkpoint atomically. A cancelled run checkpoints before returning, and
/// <c>resume</c> continues exactly where the checkpoint left off (weights, Adam moments, patch stream, iteration).
/// </summary>
public sealed class Trainer
{
    public const string ConfigFileName = "config.json";
    private readonly ITrainingObserver _observer;

    public Trainer(ITrainingObserver? observer = null) => _observer = observer ?? SilentTrainingObserver.Instance;

    /// <summary>Trains into <paramref name="runDirectory"/>. With <paramref name="resume"/>, <paramref name="options"/> may only
    /// differ from the checkpoint's in how long to train and how often to log/validate/checkpoint.</summary>
    public TrainingOutcome Run(TrainingOptions options, string runDirectory, bool resume, CancellationToken stop = default)
    {
        options.Validate();
        Directory.CreateDirectory(runDirectory);
        string checkpointPath = Path.Combine(runDirectory, Checkpoint.FileName);
        if (!resume && File.Exists(checkpointPath))
            throw new InvalidOperationException($"'{runDirectory}' already holds a run ({Checkpoint.FileName}); pass --resume to continue it or choose another --out.");
        if (resume && !File.Exists(checkpointPath))
            throw new FileNotFoundException($"Cannot resume: '{checkpointPath}' does not exist.", checkpointPath);

        TorchSetup.Initialize(options.Threads);
        manual_seed((long)(options.Seed & 0x7FFFFFFFFFFFFFFF));
        var model = new Model.RedNet(options.Model);
        var optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        SeededRandom random;
        int start = 0;
        double previousSeconds = 0;
        double? valPsnr = null, valSsim = null;
        int? valIteration = null;
        if (resume)
        {
            var state = Checkpoint.Restore(checkpointPath, model, optimizer);
            start = state.Iteration;
            EnsureResumable(state.Options, options, checkpointPath);
            if (state.Options.LearningRateAt(start + 1) != options.LearningRateAt(start + 1))
                _observer.Message($"learning rate changed on resume: {state.Options.LearningRateAt(start + 1):g4} -> {options.LearningRateAt(start + 1):g4}");
            if (state.Options.BatchSize != options.BatchSize || state.Options.PatchSize != options.PatchSize)
                _observer.Message($"batch changed on resume: {state.Options.BatchSize} of {state.Options.PatchSize}x{state.Options.PatchSize} -> {options.BatchSize} of {options.PatchSize}x{options.PatchSize}");
            random = SeededRandom.FromState(state.RandomState);
            previousSeconds = state.TrainingSeconds;
            (valPsnr, valSsim, valIteration) = (state.ValidationPsnr, state.ValidationSsim, state.ValidationIteration);
            _observer.Message($"resumed '{checkpointPath}' at iteration {start} ({previousSeconds / 3600:0.00} h trained so far)");
        }
        else
        {
            random = new SeededRandom(options.Seed);
        }
        AtomicFile.WriteAllText(Path.Combine(runDirectory, ConfigFileName), JsonSerializer.Serialize(options, Checkpoint.JsonOptions));
        var log = new TrainingLog(runDirectory);
        log.Open(keepThroughIteration: start);

        var loadClock = Stopwatch.StartNew();
        var set = TrainingSet.Load(options.DataFolders, options.Scales, options.PatchSize, w => _observer.Message("warning: " + w));
        _observer.Message($"training data: {set.Images.Count} images, {set.PixelCount / 1e6:0.0} MP, scales x{string.Join(",x", set.Scales)}, prepared in {loadClock.Elapsed.TotalSeconds:0.0} s");
        var sampler = new PatchSampler(set, options.PatchSize);
        double? bicubicPsnr = ValidationBaseline(options);

        int batch = options.BatchSize, pp = options.PatchSize * options.PatchSize;
        var inputs = new float[batch * pp];
        var targets = new float[batch * pp];
        var shape = new long[] { batch, 1, options.PatchSize, options.PatchSize };
        var sessionClock = Stopwatch.StartNew();
        double windowLoss = 0;
        int windowCount = 0, windowStart = start;
        var windowClock = Stopwatch.StartNew();
        double lastRate = 0;
        int iteration = start;
        model.train();
        while (iteration < options.Iterations && !stop.IsCancellationRequested)
        {
            iteration++;
            double lr = options.LearningRateAt(iteration);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            sampler.Sample(random, batch, inputs, targets);
            double loss;
            using (var scope = NewDisposeScope())
            {
                var x = tensor(inputs, shape);
                var y = tensor(targets, shape);
                optimizer.zero_grad();
                var l = nn.functional.mse_loss(model.forward(x), y);
                l.backward();
                if (options.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), options.GradientClip);
                optimizer.step();
                loss = l.item<float>();
            }
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"The loss became {loss} at iteration {iteration}; lower --lr or set --clip. The last checkpoint is intact.");
            windowLoss += loss;
            windowCount++;
            double elapsed = previousSeconds + sessionClock.Elapsed.TotalSeconds;
            if (windowClock.Elapsed.TotalSeconds > 0) lastRate = (iteration - windowStart) * batch / windowClock.Elapsed.TotalSeconds;
            _observer.Progress(iteration, options.Iterations, windowLoss / windowCount, lastRate);

            bool validate = options.ValidationFolder is not null && (iteration % options.ValidateEvery == 0 || iteration == options.Iterations);
            bool logNow = iteration % options.LogEvery == 0 || validate || iteration == options.Iterations;
            if (validate)
            {
                var report = DatasetEvaluation.Run(options.ValidationFolder!, options.EffectiveValidationScale, new TorchSuperResolver(model));
                (valPsnr, valSsim, valIteration) = (report.Psnr, report.Ssim, iteration);
                _observer.Message($"iteration {iteration}: validation {report.Dataset} x{report.Scale} PSNR {report.Psnr:0.000} dB, SSIM {report.Ssim:0.0000}" +
                                  (bicubicPsnr is { } b ? $" (bicubic {b:0.000})" : ""));
            }
            if (logNow)
            {
                log.Append(new TrainingLogRow(iteration, windowLoss / windowCount, lr, validate ? valPsnr : null, validate ? valSsim : null, elapsed, lastRate));
                windowLoss = 0;
                windowCount = 0;
                windowStart = iteration;
                windowClock.Restart();
            }
            if (iteration % options.CheckpointEvery == 0 || iteration == options.Iterations)
                SaveCheckpoint(iteration);
        }
        if (iteration % options.CheckpointEvery != 0 && iteration != options.Iterations && iteration > start)
        {
            SaveCheckpoint(iteration); // interrupted between checkpoints: keep what was done
            _observer.Message($"stopped at iteration {iteration}; checkpoint written, resume with --resume");
        }
        return new TrainingOutcome(iteration, iteration >= options.Iterations, valPsnr, valSsim, checkpointPath);

        void SaveCheckpoint(int it)
        {
            var state = new TrainingState
            {
                Options = options,
                Iteration = it,
                RandomState = random.State,
                TrainingSeconds = previousSeconds + sessionClock.Elapsed.TotalSeconds,
                ValidationPsnr = valPsnr,
                ValidationSsim = valSsim,
                ValidationIteration = valIteration,
                SavedAt = DateTimeOffset.UtcNow,
                Machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            };
            Checkpoint.Save(checkpointPath, state, model, optimizer);
            try
            {
                TrainingPlot.Write(Path.Combine(runDirectory, TrainingPlot.FileName), log.ReadAll(),
                    $"{options.Model.Name} x{string.Join(",", options.Scales)}: training loss and validation PSNR", bicubicPsnr);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
            {
                _observer.Message($"warning: the training curve could not be drawn ({e.Message})");
            }
        }
    }

    private double? ValidationBaseline(TrainingOptions options)
    {
        if (options.ValidationFolder is null) return null;
        var report = DatasetEvaluation.Run(options.ValidationFolder, options.EffectiveValidationScale, new BicubicSuperResolver());
        foreach (var f in report.Failures) _observer.Message($"warning: validation: {f.Error}");
        if (report.Images.Count == 0) throw new InvalidDataException($"Validation folder '{options.ValidationFolder}' has no image that can be scored.");
        return report.Psnr;
    }

    private static string FolderName(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));

    // A resumed run must train the same network on the same data from the same random stream; the schedule (length,
    // learning rate and its decay, batch and patch size) and the reporting intervals may change, e.g. to decay the rate once
    // the curve flattens or to move from many small patches to larger ones.
    private static void EnsureResumable(TrainingOptions stored, TrainingOptions requested, string path)
    {
        Checkpoint.EnsureSameArchitecture(path, stored.Model, requested.Model);
        var differences = new List<string>();
        // Folders are compared by name: a run resumed from another working directory or machine names them differently.
        if (!stored.DataFolders.Select(FolderName).SequenceEqual(requested.DataFolders.Select(FolderName))) differences.Add("--data");
        if (!stored.Scales.SequenceEqual(requested.Scales)) differences.Add("--scale");
        if (stored.GradientClip != requested.GradientClip) differences.Add("--clip");
        if (stored.Seed != requested.Seed) differences.Add("--seed");
        if (differences.Count > 0)
            throw new InvalidOperationException($"Cannot resume '{path}' with different settings: {string.Join(", ", differences)}. Leave them out to reuse the checkpoint's.");
    }
}
