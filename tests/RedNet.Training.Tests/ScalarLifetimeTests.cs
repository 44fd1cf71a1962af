using RedNet.MLNet.Model;
using RedNet.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

/// <summary>
/// TorchSharp frees a Scalar's native value when the GC finalizes it, and an implicitly converted Scalar can be finalized
/// while libtorch still reads it. These tests run the training step while another thread forces collections, which made
/// TorchSharp's own Adam fail within a few steps (see <see cref="ScalarSafe.Adam"/>), and check that the replacement
/// computes exactly what TorchSharp's Adam computes and reads and writes the same checkpoint state.
/// </summary>
public class ScalarLifetimeTests
{
    public ScalarLifetimeTests() => TorchSetup.Initialize(1);

    [Theory]
    [InlineData(TrainingPrecision.Fp32)]
    [InlineData(TrainingPrecision.Bf16)]
    public void Training_survives_collections_forced_from_another_thread(TrainingPrecision precision)
    {
        var data = TrainerTests.SyntheticImages(3, 40, seed: 11);
        var options = new TrainingOptions
        {
            DataFolders = new[] { data },
            ValidationHoldout = 0,
            Model = new RedNetConfig { Layers = 4, Features = 16 },
            Scales = new[] { 2 },
            Iterations = 150,
            BatchSize = 4,
            PatchSize = 16,
            LearningRate = 1e-3,
            GradientClip = 0.01,         // small, so clipping scales gradients at every step
            WeightAverageDecay = 0.9,
            Precision = precision,
            CheckpointEvery = 1000,
            ValidateEvery = 1000,
            LogEvery = 50,
            Seed = 3,
            Threads = 1,
        };
        var run = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"), "run");
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            var outcome = new Trainer().Run(options, run, resume: false);
            Assert.True(outcome.Completed);
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }

    [Fact]
    public void The_update_and_the_saved_state_are_those_of_TorchSharps_Adam()
    {
        manual_seed(5);
        using var ours = new Model.RedNet(new RedNetConfig { Layers = 2, Features = 16 });
        using var theirs = new Model.RedNet(new RedNetConfig { Layers = 2, Features = 16 });
        using (no_grad())
            foreach (var (a, b) in ours.parameters().Zip(theirs.parameters())) b.copy_(a);
        var safe = new ScalarSafe.Adam(ours.parameters(), 1e-3);
        var reference = optim.Adam(theirs.parameters(), lr: 1e-3);
        var x = rand(2, 1, 12, 12);
        var y = rand(2, 1, 12, 12);

        void Step(Model.RedNet model, OptimizerHelper optimizer)
        {
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(x), y).backward();
            optimizer.step();
        }
        for (int i = 0; i < 5; i++)
        {
            Step(ours, safe);
            Step(theirs, reference);
        }
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            Assert.True(a.allclose(b, rtol: 1e-6, atol: 1e-9), "ScalarSafe.Adam moved the weights differently from TorchSharp's Adam");

        // The checkpoint format is TorchSharp's: its state loads into ours and continues the same way.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) reference.save_state_dict(writer);
        buffer.Position = 0;
        var resumed = new ScalarSafe.Adam(ours.parameters(), 1e-3);
        using (var reader = new BinaryReader(buffer)) resumed.load_state_dict(reader);
        Step(ours, resumed);
        Step(theirs, reference);
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            Assert.True(a.allclose(b, rtol: 1e-6, atol: 1e-9), "a state saved by TorchSharp's Adam did not continue the same way");
    }
}
