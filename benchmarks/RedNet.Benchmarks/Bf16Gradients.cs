using RedNet.MLNet.Diagnostics;
using RedNet.Training;
using RedNet.Training.Data;
using RedNet.Training.Training;
using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>
/// Whether bf16 training (<see cref="Bf16ForwardBackward"/>) computes the gradients fp32 training does, layer by layer, for a
/// trained checkpoint on real training patches, on this CPU's oneDNN kernels: libtorch 2.10's fp32 kernels were wrong on an
/// AVX-512 EPYC for some channel counts (issue 10), so the bf16 kernels are checked at the shapes training uses before a
/// real run trusts them. Prints the relative error (‖g_bf16 − g_fp32‖ / ‖g_fp32‖) and the cosine of each parameter's gradient.
/// </summary>
public static class Bf16Gradients
{
    public static void Run(BenchmarkOptions options)
    {
        TorchSetup.Initialize();
        string checkpoint = options.Get("checkpoint") ?? throw new ArgumentException("--checkpoint RUN/checkpoint.ckpt");
        string data = options.Get("data") ?? "../shared/datasets/T91";
        int batch = options.Int("batch", 16), patch = options.Int("patch", 72), seed = options.Int("seed", 1);
        Console.WriteLine($"# {MachineInfo.Describe()}; avx512_bf16={CpuFlags.Has("avx512_bf16")} amx_bf16={CpuFlags.Has("amx_bf16")}");
        var (state, model) = Checkpoint.LoadModel(checkpoint);
        using (model)
        {
            var set = TrainingSet.Load(new[] { data }, new[] { state.Options.Scales[0] }, patch);
            var inputs = new float[batch * patch * patch];
            var targets = new float[batch * patch * patch];
            new PatchSampler(set, patch).Sample(new SeededRandom((ulong)seed), batch, inputs, targets);
            var x = tensor(inputs, new long[] { batch, 1, patch, patch });
            var y = tensor(targets, new long[] { batch, 1, patch, patch });

            model.train();
            var fp32Loss = nn.functional.mse_loss(model.forward(x), y);
            fp32Loss.backward();
            var names = model.named_parameters().Select(p => p.name).ToList();
            var fp32 = model.parameters().Select(p => p.grad!.clone()).ToList();
            model.zero_grad();
            using var bf16 = new Bf16ForwardBackward(model);
            var bf16Loss = bf16.LossAndGradients(x, y, null);
            var parameters = model.parameters().ToList();
            double worst = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var g = parameters[i].grad!;
                double error = (g - fp32[i]).norm().item<float>() / fp32[i].norm().item<float>();
                double cosine = (g * fp32[i]).sum().item<float>() / (g.norm().item<float>() * fp32[i].norm().item<float>());
                worst = Math.Max(worst, error);
                Console.WriteLine($"bf16-gradient parameter={names[i]} relative_error={error:0.0000} cosine={cosine:0.00000}");
            }
            Console.WriteLine($"bf16-gradients checkpoint={checkpoint} iteration={state.Iteration} batch={batch} patch={patch} fp32_loss={fp32Loss.item<float>():g6} " +
                              $"bf16_loss={bf16Loss.item<float>():g6} worst_relative_error={worst:0.0000}");
        }
    }
}
