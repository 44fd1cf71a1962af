using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>Optimizers that keep the Scalars they hand to libtorch alive for the whole native call.</summary>
public static class ScalarSafe
{
    /// <summary>
    /// TorchSharp's Adam (no weight decay, no AMSGrad) with its step written so that every <see cref="Scalar"/> it hands to
    /// libtorch stays referenced until the call has returned. The update, the state objects and therefore
    /// <c>save_state_dict</c>/<c>load_state_dict</c> (the checkpoints' <c>optimizer.bin</c>) are TorchSharp's own.
    /// </summary>
    /// <remarks>
    /// Why: TorchSharp 0.107's <c>Adam.step</c> turns β1, 1 − β1, ε … into Scalars implicitly and keeps no reference to them
    /// once their native handle is taken. A garbage collection during the native call may then finalize such a Scalar and free
    /// its value while libtorch reads it: the step fails with "Expected false to be true … toFloat" or "Unknown scalar type".
    /// It happened once in CI (the training notebook, whose host allocates on other threads) and every few steps when another
    /// thread forces collections (<c>ScalarLifetimeTests</c>).
    /// Its name must stay <c>Adam</c>: TorchSharp writes the optimizer's type name into the saved state and refuses a stream
    /// whose name differs, so this name is what lets it read and write the checkpoints of TorchSharp's Adam, both ways.
    /// </remarks>
    public sealed class Adam : TorchSharp.Modules.Adam
    {
        public Adam(IEnumerable<Parameter> parameters, double lr) : base(parameters, lr) { }

        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            if (options.weight_decay != 0 || options.amsgrad == true || options.maximize == true)
                throw new NotSupportedException("ScalarSafe.Adam implements plain Adam only (no weight decay, AMSGrad or maximize).");
            double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, lr = options.LearningRate!.Value;
            using var decay1 = beta1.ToScalar();
            using var decay2 = beta2.ToScalar();
            using var keep1 = (1 - beta1).ToScalar();
            using var keep2 = (1 - beta2).ToScalar();
            using var eps = options.eps!.Value.ToScalar();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                state.step += 1;
                double correction1 = 1 - Math.Pow(beta1, state.step);
                double correction2 = 1 - Math.Pow(beta2, state.step);
                using var correction2Root = Math.Sqrt(correction2).ToScalar();
                using var stepSize = (-lr / correction1).ToScalar();
                state.exp_avg.mul_(decay1).add_(grad, alpha: keep1);
                state.exp_avg_sq.mul_(decay2).addcmul_(grad, grad, value: keep2);
                using var denominator = state.exp_avg_sq.sqrt().div_(correction2Root).add_(eps, Model.KeptScalars.One); // add_(Scalar) alone passes an implicit alpha
                param.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }, closure);
    }
}
