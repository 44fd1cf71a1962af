using RedNet.Training.Model;
using RedNet.MLNet.Model;

namespace RedNet.Training.Training;

/// <summary>Everything that defines a training run. Stored in the run's config.json and in every checkpoint.</summary>
public sealed record TrainingOptions
{
    /// <summary>Folders of HR training images (never an evaluation set).</summary>
    public IReadOnlyList<string> DataFolders { get; init; } = Array.Empty<string>();

    /// <summary>Folder of HR images scored every <see cref="ValidateEvery"/> iterations; null to validate on the held-out
    /// images (<see cref="ValidationHoldout"/>), or not at all when none are held out.</summary>
    public string? ValidationFolder { get; init; }

    /// <summary>Images held out of each data folder, never trained on (see <see cref="Data.ValidationSplit"/>); they are the
    /// validation set unless <see cref="ValidationFolder"/> is given. 0 = train on every image. <c>rednet train</c> holds out 5.
    /// The default here is 0 so that checkpoints written before this setting existed resume on the data they were trained on.</summary>
    public int ValidationHoldout { get; init; }

    /// <summary>Train without validating; held-out images stay out of training all the same.</summary>
    public bool NoValidation { get; init; }

    /// <summary>Scale the validation runs at (default: every training scale).</summary>
    public int? ValidationScale { get; init; }

    /// <summary>A checkpoint whose weights start this run (same architecture; a fresh optimizer and schedule), e.g. to fine-tune
    /// an x2 model for x3/x4. Recorded for provenance; null = the paper's random initialisation.</summary>
    public string? InitFrom { get; init; }

    public RedNetConfig Model { get; init; } = new();

    /// <summary>Scale factors the pairs are made for; several = the paper's mixed-scale training (one net for all).</summary>
    public IReadOnlyList<int> Scales { get; init; } = new[] { 2 };

    public int Iterations { get; init; } = 1000;
    public int BatchSize { get; init; } = 32;
    public int PatchSize { get; init; } = 50;
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Multiply the learning rate by <see cref="LearningRateDecay"/> every this many iterations; 0 = constant.</summary>
    public int LearningRateStep { get; init; }

    /// <summary>Factor the rate is multiplied by at each step of <see cref="LearningRateStep"/> and at each plateau
    /// (<see cref="LearningRatePlateau"/>).</summary>
    public double LearningRateDecay { get; init; } = 0.5;

    /// <summary>
    /// Multiply the learning rate by <see cref="LearningRateDecay"/> whenever a validation gains less than this many dB of
    /// PSNR over the validation before it; 0 = never. The lowered rate becomes the run's <see cref="LearningRate"/> and is
    /// stored in every later checkpoint, so a resumed run keeps it. A run validated every 1,000 iterations with 0.05 here
    /// halves its rate where its held-out curve gains less than 0.05 dB per 1,000 iterations, without anyone watching.
    /// </summary>
    public double LearningRatePlateau { get; init; }

    /// <summary>Clip the gradient's global L2 norm to this value; 0 = no clipping.</summary>
    public double GradientClip { get; init; }

    public int ValidateEvery { get; init; } = 500;
    public int CheckpointEvery { get; init; } = 500;
    public int LogEvery { get; init; } = 50;
    public ulong Seed { get; init; } = 1;

    /// <summary>Keep an exponential moving average of the weights with this decay (e.g. 0.999), validate and export it
    /// (<see cref="WeightAverage"/>); 0 = off. A run may start or stop averaging on resume.</summary>
    public double WeightAverageDecay { get; init; }

    /// <summary>The layers' arithmetic (fp32 by default; bf16 about 2.1× faster per step on a CPU with AVX512_BF16, measured
    /// in benchmarks/RESULTS.md). A session's own choice: a run may resume with another one.</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Fp32;

    /// <summary>libtorch intra-op threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>The scales validation runs at: <see cref="ValidationScale"/> if given, else every training scale.</summary>
    public IReadOnlyList<int> ValidationScales => ValidationScale is { } v ? new[] { v } : Scales;

    /// <summary>Whether the run validates at all.</summary>
    public bool Validates => !NoValidation && (ValidationFolder is not null || ValidationHoldout > 0);

    /// <summary>The learning rate at 1-based iteration <paramref name="iteration"/> (step decay; stateless, so resume-safe).</summary>
    public double LearningRateAt(int iteration)
    {
        double rate = LearningRateStep > 0 ? LearningRate * Math.Pow(LearningRateDecay, (iteration - 1) / LearningRateStep) : LearningRate;
        return iteration <= LearningRateWarmup ? rate * iteration / (LearningRateWarmup + 1) : rate;
    }

    /// <summary>Ramp the learning rate up linearly over the first this many iterations (0 = none). Starting a trained net
    /// (<see cref="InitFrom"/>) with a fresh Adam at the full rate moves every weight by about the rate at once: measured on
    /// an x2 RED10 fine-tuned for x2/x3/x4 at 1e-4, held-out x2 PSNR fell from 35.29 to 33.81 dB in 1,000 iterations.</summary>
    public int LearningRateWarmup { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Model.Validate();
        // Not a limit of the model (inference takes any width) but of libtorch 2.10's oneDNN on some CPUs: on an AMD EPYC with
        // AVX-512, float32 convolutions whose channels do not fill a 16-channel SIMD block gave wrong forward values or input
        // gradients (measured for 8 and 24 maps; `RedNet.Benchmarks conv-gradients`). Multiples of 16 were right in every
        // layer shape RED-Net trains with (the one-channel last layer is routed around, SingleOutputConvolution).
        if (Model.Features % 16 != 0)
            throw new ArgumentException($"--features {Model.Features}: training needs a multiple of 16 feature maps (16, 32, 48, 64, ...). " +
                                        "libtorch's oneDNN convolutions compute wrong results on some CPUs (AMD EPYC with AVX-512) when a layer's " +
                                        "channels do not fill a 16-channel block; see docs/investigations/issue-10-nan.md.");
        if (DataFolders.Count == 0) throw new ArgumentException("Give at least one training folder (--data).");
        if (Scales.Count == 0 || Scales.Any(s => s < 2 || s > 8)) throw new ArgumentException("Scales must be between 2 and 8.");
        if (Iterations < 1) throw new ArgumentException("--iterations must be at least 1.");
        if (BatchSize < 1) throw new ArgumentException("--batch must be at least 1.");
        if (PatchSize < 3) throw new ArgumentException("--patch must be at least 3.");
        if (!(LearningRate > 0)) throw new ArgumentException("--lr must be positive.");
        if (LearningRateWarmup < 0) throw new ArgumentException("--warmup must be ≥ 0.");
        if (LearningRateStep < 0 || !(LearningRateDecay > 0)) throw new ArgumentException("--lr-step must be ≥ 0 and --lr-decay positive.");
        if (!(LearningRatePlateau >= 0)) throw new ArgumentException("--lr-plateau must be ≥ 0 dB (0 = off).");
        if (LearningRatePlateau > 0 && !Validates)
            throw new ArgumentException("--lr-plateau lowers the rate when validation stops gaining, so it needs validation (held-out images or --val, and no --no-val).");
        if (!(WeightAverageDecay >= 0 && WeightAverageDecay < 1)) throw new ArgumentException("--ema must be in [0, 1) (0 = off; e.g. 0.999).");
        if (ValidationHoldout < 0) throw new ArgumentException("--val-holdout must be ≥ 0.");
        if (ValidateEvery < 1 || CheckpointEvery < 1 || LogEvery < 1) throw new ArgumentException("Intervals must be at least 1.");
    }
}
