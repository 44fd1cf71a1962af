using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>
/// Issue 10's probe: libtorch's float32 conv2d (oneDNN on this CPU) against the same convolution in float64 (libtorch's own
/// kernels; oneDNN has no f64 convolution), for the output, the input gradient and the weight gradient, on the shapes given
/// (N:Cin:Cout:HW, 3×3, padding 1). Each shape runs three times from the same tensors, to see whether a wrong result repeats,
/// and once with a zero upstream gradient, whose input gradient must be exactly zero. Errors are relative to the largest
/// reference value. Set ONEDNN_MAX_CPU_ISA (e.g. AVX2) to cap the kernels oneDNN may pick, ONEDNN_VERBOSE=1 to see them.
///   conv-gradients [--threads 2] [--shapes 32:64:1:50,32:64:64:50,...]
/// </summary>
public static class ConvolutionGradientCheck
{
    public static void Run(BenchmarkOptions options)
    {
        RedNet.Training.TorchSetup.Initialize();
        int threads = options.Int("threads", Environment.ProcessorCount);
        set_num_threads(threads);
        var shapes = (options.Get("shapes") ?? "32:64:1:50,8:64:1:32,32:64:2:50,32:64:15:50,32:64:16:50,32:64:17:50,32:64:64:50,32:1:64:50").Split(',');
        Console.WriteLine($"# {MachineInfo.Describe()}; libtorch threads {threads}; ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? "(unset)"}");
        foreach (var shape in shapes)
        {
            var p = shape.Split(':').Select(long.Parse).ToArray();
            long n = p[0], cin = p[1], cout = p[2], hw = p[3];
            using var scope = NewDisposeScope();
            manual_seed(1);
            var x0 = nn.functional.relu(randn(n, cin, hw, hw));
            var w0 = randn(cout, cin, 3, 3) * 0.05f;
            var b0 = randn(cout) * 0.01f;
            var upstream = randn(n, cout, hw, hw);
            var (ry, rdx, rdw) = ForwardBackward(x0.to(float64), w0.to(float64), b0.to(float64), upstream.to(float64));
            var runs = Enumerable.Range(0, 3).Select(_ => ForwardBackward(x0, w0, b0, upstream)).ToList();
            string Errors(int i) => $"forward={Relative(runs[i].Y, ry):0.0e0} input_grad={Relative(runs[i].Dx, rdx):0.0e0} weight_grad={Relative(runs[i].Dw, rdw):0.0e0}";
            bool repeats = runs.Skip(1).All(r => r.Dx.eq(runs[0].Dx).all().item<bool>());
            var (_, zeroDx, _) = ForwardBackward(x0, w0, b0, zeros_like(upstream));
            Console.WriteLine($"conv-gradients shape=N{n}_{cin}to{cout}_{hw}x{hw} threads={threads} {Errors(0)} run2 {Errors(1)} run3 {Errors(2)} " +
                              $"input_grad_repeats={repeats} input_grad_with_zero_upstream_max={MaxAbs(zeroDx):g3}");
        }
    }

    private static (Tensor Y, Tensor Dx, Tensor Dw) ForwardBackward(Tensor x0, Tensor w0, Tensor b0, Tensor upstream)
    {
        var x = x0.clone().requires_grad_(true);
        var w = w0.clone().requires_grad_(true);
        var y = nn.functional.conv2d(x, w, b0, padding: new long[] { 1, 1 });
        (y * upstream).sum().backward();
        return (y.detach(), x.grad!, w.grad!);
    }

    // NaN and infinity count as 1e30, so that a non-finite result shows as a huge error rather than as NaN.
    private static double MaxAbs(Tensor t) => t.to(float64).nan_to_num(1e30, 1e30, -1e30).abs().max().item<double>();
    private static double Relative(Tensor value, Tensor reference) => MaxAbs(value.to(float64) - reference) / MaxAbs(reference);
}
