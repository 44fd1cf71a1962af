namespace RedNet.Training.Training;

/// <summary>What a checkpoint records besides weights and optimizer state.</summary>
public sealed record TrainingState
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required TrainingOptions Options { get; init; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; init; }

    /// <summary>The patch sampler's random state after <see cref="Iteration"/>.</summary>
    public required ulong[] RandomState { get; init; }

    /// <summary>Training wall time so far, summed over every session of the run.</summary>
    public double TrainingSeconds { get; init; }

    public double? ValidationPsnr { get; init; }
    public double? ValidationSsim { get; init; }
    public int? ValidationIteration { get; init; }
    public DateTimeOffset SavedAt { get; init; }
    public string Machine { get; init; } = "";
}
