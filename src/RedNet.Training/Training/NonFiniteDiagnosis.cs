using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>Thrown when an iteration produced a NaN or infinite loss or gradient. The weights were not updated with it.</summary>
public sealed class NonFiniteTrainingException(string message, int iteration, string firstNonFinite, bool repeatable)
    : InvalidOperationException(message)
{
    public int Iteration { get; } = iteration;

    /// <summary>The first tensor found non-finite, in computation order, e.g. "gradient of deconv layer 5 weight (decoder.4.weight)".</summary>
    public string FirstNonFinite { get; } = firstNonFinite;

    /// <summary>Whether computing the same iteration again gave a non-finite result again (false: a faulty kernel, not the optimisation).</summary>
    public bool Repeatable { get; } = repeatable;
}

/// <summary>
/// Finds where a non-finite value first appeared in a failed iteration, before the optimizer step: the batch, a parameter
/// (so the previous step), a layer's output in that forward pass, or a gradient (walked from the output back, as backward
/// runs); then
/// recomputes the iteration to tell a diverging optimisation (the same NaN again) from a faulty kernel (finite this time).
/// </summary>
public static class NonFiniteDiagnosis
{
    /// <summary>The exception that reports the failed iteration: where the first non-finite value is, and advice that fits it.</summary>
    /// <param name="model">The network, with the parameters and gradients of the failed iteration.</param>
    /// <param name="inputs">The batch's network inputs.</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="activations">The layer outputs of the failed forward pass (<see cref="Model.RedNet.Forward"/>'s list).</param>
    /// <param name="iteration">The iteration that failed.</param>
    /// <param name="loss">Its loss (possibly non-finite).</param>
    /// <param name="gradientNorm">Its gradient norm before clipping (possibly non-finite).</param>
    /// <param name="checkpointStatus">A sentence on what the run can resume from.</param>
    /// <param name="layersInBf16">Whether the failed iteration ran its layers in bf16 (<see cref="Bf16ForwardBackward"/>). The
    /// recomputation always runs the fp32 network, so there a finite recomputation points at the bf16 layers, not at a kernel fault.</param>
    public static NonFiniteTrainingException Diagnose(Model.RedNet model, Tensor inputs, Tensor targets, IReadOnlyList<Tensor> activations,
        int iteration, double loss, double gradientNorm, string checkpointStatus, bool layersInBf16 = false)
    {
        string where = FirstNonFinite(model, inputs, targets, activations, out bool inForward);
        bool repeatable = RecomputeIsNonFinite(model, inputs, targets);
        string advice = where.StartsWith("training batch", StringComparison.Ordinal)
            ? "the training data hold non-finite values; check the images named by the data folders."
            : !repeatable && layersInBf16
                ? "the same iteration recomputed in fp32 from the same weights and batch was finite, so the bf16 layers gave the " +
                  "non-finite value; resume with --precision Fp32."
            : !repeatable
                ? "the same iteration recomputed from the same weights and batch was finite, so the optimisation did not diverge: a CPU kernel " +
                  "gave a wrong result (see docs/investigations/issue-10-nan.md). Report this CPU (lscpu) with this message; --threads 1 or " +
                  "--decoder TransposedConvolution route around different kernels."
                : inForward
                    ? "the forward pass overflows with these weights: lower --lr, set --clip, or resume from an earlier checkpoint."
                    : "the gradient overflows: set --clip (e.g. 1) or lower --lr.";
        string message = $"Training stopped at iteration {iteration}: loss {loss:g6}, gradient norm {gradientNorm:g6}. First non-finite value: {where}. " +
                         $"Recomputing the iteration{(layersInBf16 ? " in fp32" : "")} gives {(repeatable ? "a non-finite value again" : "finite values")}; " +
                         $"the weights were not updated with it. Likely cause: {advice} {checkpointStatus}";
        return new NonFiniteTrainingException(message, iteration, where, repeatable);
    }

    /// <summary>Human name of a state-dict key: encoder.{i} = conv layer i+1, decoder.{j} = deconv layer j+1.</summary>
    public static string Describe(string parameterName, int layers)
    {
        var parts = parameterName.Split('.');
        if (parts.Length == 3 && int.TryParse(parts[1], out int index))
        {
            string layer = parts[0] == "encoder" ? $"conv layer {index + 1}" : $"deconv layer {index + 1}{(index == layers - 1 ? " (the last, to 1 channel)" : "")}";
            return $"{layer} {parts[2]} ({parameterName})";
        }
        return parameterName;
    }

    private static bool IsFinite(Tensor t) => isfinite(t).all().item<bool>();

    private static string FirstNonFinite(Model.RedNet model, Tensor inputs, Tensor targets, IReadOnlyList<Tensor> activations, out bool inForward)
    {
        inForward = false;
        if (!IsFinite(inputs)) return "training batch (network input)";
        if (!IsFinite(targets)) return "training batch (target)";
        foreach (var (name, p) in model.named_parameters())
            if (!IsFinite(p)) return $"parameter {Describe(name, model.Config.Layers)} before the forward pass, i.e. the previous optimizer step";
        int n = model.Config.Layers;
        for (int i = 0; i < activations.Count; i++)
            if (!IsFinite(activations[i]))
            {
                inForward = true;
                return i < n ? $"forward output of conv layer {i + 1}" : $"forward output of deconv layer {i - n + 1}{(i == activations.Count - 1 ? " (the network output)" : "")}";
            }
        // Gradients, walked from the output layer back: the order in which backward computes them.
        foreach (var (name, p) in model.named_parameters().Reverse())
            if (p.grad is { } g && !IsFinite(g)) return $"gradient of {Describe(name, n)}";
        return "the loss only (every layer output and gradient is finite)";
    }

    private static bool RecomputeIsNonFinite(Model.RedNet model, Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var parameters = model.parameters().ToList();
        var saved = parameters.Select(p => p.grad?.clone()).ToList();
        foreach (var p in parameters) p.grad?.zero_();
        var loss = nn.functional.mse_loss(model.forward(inputs), targets);
        loss.backward();
        bool bad = !double.IsFinite(loss.item<float>()) || parameters.Any(p => p.grad is { } g && !IsFinite(g));
        using (no_grad())
            for (int i = 0; i < parameters.Count; i++)
                if (saved[i] is { } g) parameters[i].grad!.copy_(g);
        return bad;
    }
}
