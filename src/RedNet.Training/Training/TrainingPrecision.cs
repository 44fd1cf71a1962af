using RedNet.MLNet.Diagnostics;

namespace RedNet.Training.Training;

/// <summary>The arithmetic of a training step's layers. Weights, Adam's moments and checkpoints are fp32 in every case.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in fp32: the paper's arithmetic, and the same on every CPU.</summary>
    Fp32,

    /// <summary>Layers in bf16, weights and loss in fp32 (<see cref="Bf16ForwardBackward"/>). Fast only where the CPU has
    /// bf16 instructions (AVX512_BF16 or AMX); elsewhere libtorch emulates bf16 and it is slower than fp32.</summary>
    Bf16,

    /// <summary><see cref="Bf16"/> where the CPU has bf16 instructions, <see cref="Fp32"/> elsewhere — decided anew by every
    /// session, so a run resumed on another machine uses what that machine does well.</summary>
    Auto,
}

/// <summary>What <see cref="TrainingPrecision"/> means on this machine.</summary>
public static class TrainingPrecisionChoice
{
    /// <summary>The precision a session runs with: <see cref="TrainingPrecision.Auto"/> resolved for this CPU.</summary>
    public static TrainingPrecision Resolve(TrainingPrecision requested) => requested switch
    {
        TrainingPrecision.Auto => CpuHasBf16Instructions ? TrainingPrecision.Bf16 : TrainingPrecision.Fp32,
        var other => other,
    };

    /// <summary>Whether the CPU has instructions oneDNN runs bf16 convolutions with (AVX512_BF16 or AMX-BF16); false where
    /// Linux's /proc/cpuinfo cannot tell.</summary>
    public static bool CpuHasBf16Instructions { get; } = CpuFlags.Has("avx512_bf16") || CpuFlags.Has("amx_bf16");
}
