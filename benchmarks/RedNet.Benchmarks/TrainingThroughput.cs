using System.Diagnostics;
using RedNet.MLNet.Model;
using RedNet.Training;
using RedNet.Training.Training;
using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>Training throughput of the TorchSharp RED-Net: batches of random patches, forward + MSE + backward + Adam step.</summary>
public static class TrainingThroughput
{
    public static void Run(BenchmarkOptions options)
    {
        TorchSetup.Initialize();
        int batch = options.Int("batch", 32), patch = options.Int("patch", 50), steps = options.Int("steps", 10);
        Console.WriteLine($"# {MachineInfo.Describe()}; libtorch threads {get_num_threads()}");
        var precisions = (options.Get("precision") ?? "fp32").Split(',');
        var decoders = (options.Get("decoder") ?? "Convolution,TransposedConvolution").Split(',').Select(Enum.Parse<DecoderForm>).ToArray();
        foreach (int layers in options.Ints("layers", new[] { 5, 10, 15 }))
            foreach (var decoder in decoders)
                foreach (var precision in precisions)
                {
                    manual_seed(1);
                    var config = new RedNetConfig { Layers = layers, Decoder = decoder };
                    using var model = new RedNet.Training.Model.RedNet(config);
                    using var step = precision == "bf16" ? new Bf16ForwardBackward(model) : null;
                    var adam = new ScalarSafe.Adam(model.parameters(), 1e-4); // the trainer's optimizer
                    var x = rand(batch, 1, patch, patch);
                    var y = rand(batch, 1, patch, patch);
                    void Step()
                    {
                        using var scope = NewDisposeScope();
                        adam.zero_grad();
                        if (step is not null) step.LossAndGradients(x, y, null);
                        else nn.functional.mse_loss(model.forward(x), y).backward();
                        adam.step();
                    }
                    for (int i = 0; i < 3; i++) Step(); // warm-up: allocator and kernels
                    var clock = Stopwatch.StartNew();
                    for (int i = 0; i < steps; i++) Step();
                    double seconds = clock.Elapsed.TotalSeconds;
                    Console.WriteLine($"training model=RED{2 * layers} decoder={decoder} precision={precision} batch={batch} patch={patch} steps={steps} seconds={seconds:0.00} patches_per_s={steps * batch / seconds:0.0}");
                }
    }
}
