using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;
using RedNet.Training.Data;
using RedNet.Training.Inference;
using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>How a training session ended.</summary>
public sealed record TrainingOutcome(int Iteration, bool Completed, double? ValidationPsnr, double? ValidationSsim, string CheckpointPath);

/// <summary>
/// Trains a RED-Net: Adam, MSE on Y patches, optional step decay, decay on a validation plateau and gradient clipping. Every <c>ValidateEvery</c> iterations
/// it scores the validation folder with the same evaluator as <c>rednet eval</c>; every <c>CheckpointEvery</c> it appends to
/// the CSV log, redraws the curve and writes the checkpoint atomically. A cancelled run checkpoints before returning, and
/// <c>resume</c> continues exactly where the checkpoint left off (weights, Adam moments, weight average, patch stream, iteration).
/// </summary>
public sealed class Trainer
{
    public const string ConfigFileName = "config.json";
    private readonly ITrainingObserver _observer;

    public Trainer(ITrainingObserver? observer = null) => _observer = observer ?? SilentTrainingObserver.Instance;

    /// <summary>Trains into <paramref name="runDirectory"/>. With <paramref name="resume"/>, <paramref name="options"/> may only
    /// differ from the checkpoint's in how long to train and how often to log/validate/checkpoint. With
    /// <see cref="TrainingOptions.LearningRatePlateau"/>, the run's options change during the run: each plateau lowers
    /// <see cref="TrainingOptions.LearningRate"/>, and the lowered options are what the later checkpoints store.</summary>
    public TrainingOutcome Run(TrainingOptions options, string runDirectory, bool resume, CancellationToken stop = default)
    {
        options.Validate();
        Directory.CreateDirectory(runDirectory);
        string checkpointPath = Path.Combine(runDirectory, Checkpoint.FileName);
        if (!resume && File.Exists(checkpointPath))
            throw new InvalidOperationException($"'{runDirectory}' already holds a run ({Checkpoint.FileName}); pass --resume to continue it or choose another --out.");
        if (resume && !File.Exists(checkpointPath))
            throw new FileNotFoundException($"Cannot resume: '{checkpointPath}' does not exist.", checkpointPath);
        // A run killed while writing (kill -9, power loss) leaves checkpoint.ckpt.<pid>.<guid>.partial and the like behind.
        if (AtomicFile.RemoveAbandoned(runDirectory) is > 0 and var removed)
            _observer.Message($"removed {removed} unfinished file(s) a killed run left in '{runDirectory}' (*{AtomicFile.TemporarySuffix})");

        TorchSetup.Initialize(options.Threads);
        manual_seed((long)(options.Seed & 0x7FFFFFFFFFFFFFFF));
        var model = new Model.RedNet(options.Model);
        if (!resume && options.InitFrom is { } init) InitializeFrom(init, model);
        var optimizer = new ScalarSafe.Adam(model.parameters(), options.LearningRate);
        var precision = TrainingPrecisionChoice.Resolve(options.Precision);
        using var bf16 = precision == TrainingPrecision.Bf16 ? new Bf16ForwardBackward(model) : null;
        if (bf16 is not null)
            _observer.Message(TrainingPrecisionChoice.CpuHasBf16Instructions
                ? "precision: layers in bf16, weights and loss in fp32 (this CPU has bf16 instructions)"
                : "warning: --precision bf16 on a CPU without AVX512_BF16 or AMX: libtorch emulates bf16, which is slower than fp32");
        // After InitializeFrom, so that an average starts at the weights training starts from.
        using var average = options.WeightAverageDecay > 0 ? new WeightAverage(model) : null;
        SeededRandom random;
        int start = 0;
        double previousSeconds = 0;
        double? valPsnr = null, valSsim = null;
        double? plateauBaseline = null; // the validation PSNR a new one is compared with for --lr-plateau
        int? valIteration = null;
        if (resume)
        {
            var (state, averageRestored) = Checkpoint.Restore(checkpointPath, model, optimizer, average?.Model);
            if (average is not null && !averageRestored)
            {
                average.Reset(model);
                _observer.Message($"weight average (--ema {options.WeightAverageDecay:0.#####}) starts at the checkpoint's weights");
            }
            start = state.Iteration;
            EnsureResumable(state.Options, options, checkpointPath);
            if (state.Options.LearningRateAt(start + 1) != options.LearningRateAt(start + 1))
                _observer.Message($"learning rate changed on resume: {state.Options.LearningRateAt(start + 1):g4} -> {options.LearningRateAt(start + 1):g4}");
            if (state.Options.BatchSize != options.BatchSize || state.Options.PatchSize != options.PatchSize)
                _observer.Message($"batch changed on resume: {state.Options.BatchSize} of {state.Options.PatchSize}x{state.Options.PatchSize} -> {options.BatchSize} of {options.PatchSize}x{options.PatchSize}");
            random = SeededRandom.FromState(state.RandomState);
            previousSeconds = state.TrainingSeconds;
            (valPsnr, valSsim, valIteration) = (state.ValidationPsnr, state.ValidationSsim, state.ValidationIteration);
            // A figure on other images or scales says nothing about progress: the first validation of this session then
            // starts the comparison afresh instead of lowering (or sparing) the rate on a difference of data.
            bool sameValidation = state.Options.ValidationFolder == options.ValidationFolder && state.Options.ValidationScales.SequenceEqual(options.ValidationScales);
            plateauBaseline = sameValidation ? state.ValidationPsnr : null;
            if (!sameValidation && options.LearningRatePlateau > 0 && state.ValidationPsnr is not null)
                _observer.Message("validation images or scales changed on resume: --lr-plateau compares from this session's first validation on");
            _observer.Message($"resumed '{checkpointPath}' at iteration {start} ({previousSeconds / 3600:0.00} h trained so far)");
        }
        else
        {
            random = new SeededRandom(options.Seed);
        }
        WriteConfig();
        var log = new TrainingLog(runDirectory);
        log.Open(keepThroughIteration: start);

        var loadClock = Stopwatch.StartNew();
        var split = ValidationSplit.Make(options.DataFolders, options.ValidationHoldout);
        var set = TrainingSet.LoadFiles(split.TrainingFiles, string.Join(", ", options.DataFolders.Select(f => $"'{f}'")), options.Scales,
            options.PatchSize, w => _observer.Message("warning: " + w));
        _observer.Message($"training data: {set.Images.Count} images, {set.PixelCount / 1e6:0.0} MP, scales x{string.Join(",x", set.Scales)}, prepared in {loadClock.Elapsed.TotalSeconds:0.0} s" +
                          (split.ValidationFiles.Count > 0 ? $"; held out for validation: {string.Join(", ", split.ValidationFiles.Select(Path.GetFileNameWithoutExtension))}" : ""));
        var sampler = new PatchSampler(set, options.PatchSize);
        var validation = TrainingValidation.For(options, split);
        ValidationResult? bicubic = validation?.Score(new BicubicSuperResolver(), w => _observer.Message("warning: " + w));
        double? bicubicPsnr = bicubic?.Psnr;
        if (validation is not null) _observer.Message($"validation on {validation.Name}; bicubic {bicubic!.Describe()}");

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
                // The layer outputs are kept for backward anyway; listing them costs nothing and lets a failure name its layer.
                var activations = new List<Tensor>();
                Tensor l;
                if (bf16 is not null) l = bf16.LossAndGradients(x, y, activations);
                else
                {
                    l = nn.functional.mse_loss(model.Forward(x, null, activations), y);
                    l.backward();
                }
                loss = l.item<float>();
                double gradientNorm = GradientNorm(model);
                if (options.GradientClip > 0) ClipGradients(model, gradientNorm, options.GradientClip);
                // Checked before the step, so a NaN never reaches the weights, the Adam moments or a checkpoint.
                if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm))
                    throw NonFiniteDiagnosis.Diagnose(model, x, y, activations, iteration, loss, gradientNorm, CheckpointStatus(), layersInBf16: bf16 is not null);
                optimizer.step();
                average?.Update(model, options.WeightAverageDecay);
            }
            windowLoss += loss;
            windowCount++;
            double elapsed = previousSeconds + sessionClock.Elapsed.TotalSeconds;
            if (windowClock.Elapsed.TotalSeconds > 0) lastRate = (iteration - windowStart) * batch / windowClock.Elapsed.TotalSeconds;
            _observer.Progress(iteration, options.Iterations, windowLoss / windowCount, lastRate);

            bool validate = validation is not null && (iteration % options.ValidateEvery == 0 || iteration == options.Iterations);
            bool logNow = iteration % options.LogEvery == 0 || validate || iteration == options.Iterations;
            ValidationResult? result = null;
            if (validate)
            {
                result = validation!.Score(new TorchSuperResolver(average?.Model ?? model));
                double? previousPsnr = plateauBaseline;
                (valPsnr, valSsim, valIteration) = (result.Psnr, result.Ssim, iteration);
                plateauBaseline = result.Psnr;
                _observer.Message($"iteration {iteration}: validation {validation.Name} {result.Describe()}" +
                                  (bicubicPsnr is { } b ? $" (bicubic {b:0.000})" : ""));
                if (options.LearningRatePlateau > 0 && previousPsnr is { } before && result.Psnr - before < options.LearningRatePlateau)
                {
                    // The lowered rate replaces the run's own, so the checkpoints, config.json and a plain --resume carry it.
                    var lowered = options with { LearningRate = options.LearningRate * options.LearningRateDecay };
                    _observer.Message($"iteration {iteration}: validation gained {result.Psnr - before:+0.000;-0.000} dB, less than --lr-plateau {options.LearningRatePlateau:0.###}; " +
                                      $"learning rate {options.LearningRateAt(iteration + 1):g4} -> {lowered.LearningRateAt(iteration + 1):g4}");
                    options = lowered;
                    WriteConfig();
                }
            }
            if (logNow)
            {
                log.Append(new TrainingLogRow(iteration, windowLoss / windowCount, lr, result?.Psnr, result?.Ssim, elapsed, lastRate, result?.Compact));
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

        void WriteConfig() => AtomicFile.WriteAllText(Path.Combine(runDirectory, ConfigFileName), JsonSerializer.Serialize(options, Checkpoint.JsonOptions));

        string CheckpointStatus() => File.Exists(checkpointPath)
            ? $"The last checkpoint ('{checkpointPath}', iteration {Checkpoint.ReadState(checkpointPath).Iteration}) is intact; --resume continues from it."
            : $"No checkpoint has been written yet (the first comes at iteration {Math.Min(options.Iterations, (start / options.CheckpointEvery + 1) * options.CheckpointEvery)}).";

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
            Checkpoint.Save(checkpointPath, state, model, optimizer, average?.Model);
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

    // The 2-norm of all gradients together. g·g rather than square(): TorchSharp's square() passes an implicit Scalar
    // exponent, which a collection during the call can free (see ScalarSafe.Adam).
    private static double GradientNorm(Model.RedNet model)
    {
        using var scope = NewDisposeScope();
        double sum = 0;
        foreach (var p in model.parameters())
            if (p.grad is { } g) sum += g.mul(g).sum().item<float>();
        return Math.Sqrt(sum);
    }

    // What nn.utils.clip_grad_norm_ does (scale every gradient by maxNorm / (norm + 1e-6) when that is below 1), with the
    // factor held as a Scalar for the whole call; a non-finite norm is left for the caller's check to report.
    private static void ClipGradients(Model.RedNet model, double norm, double maxNorm)
    {
        if (!double.IsFinite(norm)) return;
        double factor = maxNorm / (norm + 1e-6);
        if (factor >= 1) return;
        using var scale = factor.ToScalar();
        using (no_grad())
            foreach (var p in model.parameters())
                p.grad?.mul_(scale);
    }

    // Weights only: the optimizer, schedule and patch stream start afresh, as for a new run.
    private void InitializeFrom(string path, Model.RedNet model)
    {
        var (state, source) = Checkpoint.LoadModel(path);
        using (source)
        {
            Checkpoint.EnsureSameArchitecture(path, state.Options.Model, model.Config);
            using var _ = no_grad();
            var from = source.state_dict();
            foreach (var (name, parameter) in model.state_dict()) parameter.copy_(from[name]);
        }
        _observer.Message($"weights initialised from '{path}' ({state.Options.Model.Name} x{string.Join(",", state.Options.Scales)}, iteration {state.Iteration})");
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
        if (stored.ValidationHoldout != requested.ValidationHoldout) differences.Add("--val-holdout");
        if (differences.Count > 0)
            throw new InvalidOperationException($"Cannot resume '{path}' with different settings: {string.Join(", ", differences)}. Leave them out to reuse the checkpoint's.");
    }
}
