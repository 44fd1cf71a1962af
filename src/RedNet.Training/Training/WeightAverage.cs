using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>
/// An exponential moving average of a network's weights (Polyak averaging, as BasicSR's <c>ema_decay</c>): after every
/// optimizer step, average ← decay · average + (1 − decay) · weights. With decay d it averages over about 1 / (1 − d) steps.
/// </summary>
/// <remarks>
/// Why: at a fixed learning rate Adam's weights wander around the minimum by an amount that grows with the rate; their
/// average sits nearer to it. The averaged net is what a run validates, exports and initialises others from, so the
/// held-out curve — and the --lr-plateau rule judged on it — no longer jumps with the last step's noise. The raw weights
/// keep training; both are checkpointed, so a resumed run continues both exactly.
/// </remarks>
public sealed class WeightAverage : IDisposable
{
    private readonly TorchSharp.Modules.Parameter[] _averaged;

    /// <summary>Starts the average at <paramref name="model"/>'s current weights.</summary>
    public WeightAverage(Model.RedNet model)
    {
        Model = new Model.RedNet(model.Config);
        Model.eval();
        _averaged = Model.parameters().ToArray();
        foreach (var p in _averaged) p.requires_grad = false;
        Reset(model);
    }

    /// <summary>The averaged network (fp32; never trained directly).</summary>
    public Model.RedNet Model { get; }

    /// <summary>Sets the average to <paramref name="model"/>'s weights, e.g. when a run that had no average resumes with one.</summary>
    public void Reset(Model.RedNet model)
    {
        using var _ = no_grad();
        var weights = model.parameters().ToArray();
        for (int i = 0; i < weights.Length; i++) _averaged[i].copy_(weights[i]);
    }

    /// <summary>One step of the average towards <paramref name="model"/>'s weights.</summary>
    public void Update(Model.RedNet model, double decay)
    {
        using var _ = no_grad();
        var weights = model.parameters().ToArray();
        // average + (1 − decay)·(weights − average) = decay·average + (1 − decay)·weights, in place.
        // The weight as a tensor held here, not a number converted implicitly: a collection during the native call could free
        // an implicit one (see ScalarSafe.Adam).
        using var step = tensor((float)(1 - decay));
        for (int i = 0; i < weights.Length; i++) _averaged[i].lerp_(weights[i], step);
    }

    public void Dispose() => Model.Dispose();
}
