using RedNet.MLNet.Imaging;
using RedNet.MLNet.Model;
using RedNet.Training.Training;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class TrainerTests
{
    public TrainerTests() => TorchSetup.Initialize();

    /// <summary>A folder of small synthetic HR images (smooth gradients plus a few edges), made on the spot.</summary>
    internal static string SyntheticImages(int count, int size, int seed, int smallOnes = 0)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        for (int n = 0; n < count + smallOnes; n++)
        {
            int s = n < count ? size : 12;
            var image = RgbImage.Create(s, s);
            double fx = rng.NextDouble() * 0.3, fy = rng.NextDouble() * 0.3;
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++)
                {
                    int o = 3 * (y * s + x);
                    double v = 128 + 100 * Math.Sin(fx * x + fy * y) + (x > s / 2 ? 20 : 0);
                    image.Pixels[o] = (byte)Math.Clamp(v, 0, 255);
                    image.Pixels[o + 1] = (byte)Math.Clamp(255 - v, 0, 255);
                    image.Pixels[o + 2] = (byte)((x * 3 + y * 5) & 255);
                }
            ImageCodec.Save(image, Path.Combine(dir, $"img{n:00}.png"));
        }
        return dir;
    }

    private static TrainingOptions TinyOptions(string data, int iterations) => new()
    {
        DataFolders = new[] { data },
        Model = new RedNetConfig { Layers = 2, Features = 16 },
        Scales = new[] { 2, 3 },
        Iterations = iterations,
        BatchSize = 4,
        PatchSize = 16,
        LearningRate = 1e-3,
        CheckpointEvery = 1000,
        ValidateEvery = 1000,
        LogEvery = 2,
        Seed = 7,
        Threads = 1,
    };

    // The weights a checkpoint serves (the average where the run keeps one), or with raw the trained ones.
    private static float[] Weights(string runDir, bool raw = false)
    {
        var (_, model) = Checkpoint.LoadModel(Path.Combine(runDir, Checkpoint.FileName), raw);
        using (model) return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    private static string NewRunDir() => Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"), "run");

    [Fact]
    public void Resuming_gives_the_same_weights_and_log_as_training_straight_through()
    {
        var data = SyntheticImages(3, 40, seed: 1);
        const int n = 6;
        var straight = NewRunDir();
        new Trainer().Run(TinyOptions(data, 2 * n), straight, resume: false);

        var interrupted = NewRunDir();
        var first = new Trainer().Run(TinyOptions(data, n), interrupted, resume: false);
        Assert.Equal(n, first.Iteration);
        var second = new Trainer().Run(TinyOptions(data, 2 * n), interrupted, resume: true);
        Assert.Equal(2 * n, second.Iteration);

        // Observed on libtorch 2.10 CPU: bit-identical (the CPU kernels used here are deterministic).
        Assert.Equal(Weights(straight), Weights(interrupted));
        var a = TrainingLog.Read(Path.Combine(straight, TrainingLog.FileName)).Select(r => (r.Iteration, r.Loss));
        var b = TrainingLog.Read(Path.Combine(interrupted, TrainingLog.FileName)).Select(r => (r.Iteration, r.Loss));
        Assert.Equal(a, b);
        Assert.True(File.Exists(Path.Combine(interrupted, TrainingPlot.FileName)));
        Assert.True(File.Exists(Path.Combine(interrupted, Trainer.ConfigFileName)));
    }

    [Fact]
    public void A_weight_average_is_checkpointed_resumed_exactly_and_is_what_the_checkpoint_serves()
    {
        var data = SyntheticImages(3, 40, seed: 4);
        const int n = 4;
        var options = TinyOptions(data, 2 * n) with { WeightAverageDecay = 0.5 };
        var straight = NewRunDir();
        new Trainer().Run(options, straight, resume: false);
        var interrupted = NewRunDir();
        new Trainer().Run(options with { Iterations = n }, interrupted, resume: false);
        new Trainer().Run(options, interrupted, resume: true);

        // Both the trained and the averaged weights continue exactly across the resume.
        Assert.Equal(Weights(straight, raw: true), Weights(interrupted, raw: true));
        Assert.Equal(Weights(straight), Weights(interrupted));
        // LoadModel (export, --init-from) serves the average, which trails the trained weights.
        Assert.NotEqual(Weights(straight, raw: true), Weights(straight));
    }

    [Fact]
    public void A_run_without_an_average_resumes_with_one_started_at_its_weights()
    {
        var data = SyntheticImages(2, 40, seed: 5);
        var run = NewRunDir();
        new Trainer().Run(TinyOptions(data, 2), run, resume: false);
        var messages = new List<string>();
        new Trainer(new CollectingObserver(messages)).Run(TinyOptions(data, 3) with { WeightAverageDecay = 0.9 }, run, resume: true);
        Assert.Contains(messages, l => l.Contains("weight average (--ema 0.9) starts at the checkpoint's weights"));
        Assert.NotEqual(Weights(run), Weights(run, raw: true));
    }

    [Fact]
    public void Cancelling_writes_a_checkpoint_that_resumes()
    {
        var data = SyntheticImages(2, 40, seed: 2);
        var run = NewRunDir();
        using var stop = new CancellationTokenSource();
        var observer = new StopAfter(3, stop);
        var outcome = new Trainer(observer).Run(TinyOptions(data, 50), run, resume: false, stop.Token);
        Assert.False(outcome.Completed);
        Assert.Equal(3, Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName)).Iteration);
        var resumed = new Trainer().Run(TinyOptions(data, 5), run, resume: true);
        Assert.True(resumed.Completed);
        Assert.Equal(5, resumed.Iteration);
    }

    private sealed class StopAfter(int iterations, CancellationTokenSource stop) : ITrainingObserver
    {
        public void Progress(int iteration, int total, double loss, double patchesPerSecond)
        {
            if (iteration >= iterations) stop.Cancel();
        }

        public void Message(string text) { }
    }

    [Fact]
    public void A_validation_that_gains_less_than_the_plateau_lowers_the_rate_and_the_checkpoint_keeps_it()
    {
        var data = SyntheticImages(3, 40, seed: 4);
        var validationFolder = SyntheticImages(1, 40, seed: 5);
        var run = NewRunDir();
        var messages = new List<string>();
        // No run gains 1000 dB between validations: every validation after the first lowers the rate.
        var options = TinyOptions(data, 8) with { ValidationFolder = validationFolder, ValidateEvery = 2, LearningRatePlateau = 1000 };
        new Trainer(new CollectingObserver(messages)).Run(options, run, resume: false);

        var rows = TrainingLog.Read(Path.Combine(run, TrainingLog.FileName)).ToList();
        // The log's rate is the one each iteration trained with: lowered after the validations at 4 and 6 (and 8, for the next).
        Assert.Equal(new[] { (2, 1e-3), (4, 1e-3), (6, 5e-4), (8, 2.5e-4) }, rows.Select(r => (r.Iteration, r.LearningRate)));
        double gainAt4 = rows[1].ValidationPsnr!.Value - rows[0].ValidationPsnr!.Value;
        Assert.Contains(messages, m => m.StartsWith("iteration 4: validation gained " + gainAt4.ToString("+0.000;-0.000"), StringComparison.Ordinal)
                                       && m.Contains("learning rate 0.001 -> 0.0005"));
        Assert.DoesNotContain(messages, m => m.StartsWith("iteration 2: validation gained", StringComparison.Ordinal)); // nothing before it to gain over
        var stored = Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName)).Options;
        Assert.Equal(1.25e-4, stored.LearningRate);

        // Resuming with the checkpoint's own options (what `rednet-train train --resume` does) trains on at the lowered rate.
        new Trainer().Run(stored with { Iterations = 10 }, run, resume: true);
        var last = TrainingLog.Read(Path.Combine(run, TrainingLog.FileName)).Last();
        Assert.Equal((10, 1.25e-4), (last.Iteration, last.LearningRate));
    }

    [Fact]
    public void A_plateau_is_not_judged_across_a_change_of_validation_images()
    {
        var data = SyntheticImages(3, 40, seed: 6);
        string first = SyntheticImages(1, 40, seed: 7), second = SyntheticImages(1, 40, seed: 8);
        var run = NewRunDir();
        var options = TinyOptions(data, 2) with { ValidationFolder = first, ValidateEvery = 2, LearningRatePlateau = 1000 };
        new Trainer().Run(options, run, resume: false);

        // Resumed on other validation images: the validation at 4 has nothing comparable before it, so the rate stays.
        var messages = new List<string>();
        new Trainer(new CollectingObserver(messages)).Run(options with { Iterations = 4, ValidationFolder = second }, run, resume: true);
        Assert.Contains(messages, m => m.Contains("validation images or scales changed on resume"));
        Assert.DoesNotContain(messages, m => m.Contains("validation gained"));
        Assert.Equal(1e-3, Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName)).Options.LearningRate);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    public void Feature_maps_that_do_not_fill_a_16_channel_block_are_refused_with_the_reason(int features)
    {
        var options = TinyOptions("data", 2) with { Model = new RedNetConfig { Layers = 2, Features = features } };
        var e = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains($"--features {features}", e.Message);
        Assert.Contains("multiple of 16", e.Message);
        Assert.Contains("issue-10-nan.md", e.Message);
        (TinyOptions("data", 2) with { Model = new RedNetConfig { Layers = 2, Features = 48 } }).Validate();
    }

    [Fact]
    public void A_plateau_rate_without_validation_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => (TinyOptions("data", 2) with { LearningRatePlateau = 0.05 }).Validate());
        Assert.Contains("--lr-plateau", e.Message);
        Assert.Throws<ArgumentException>(() => (TinyOptions("data", 2) with { LearningRatePlateau = -1, ValidationHoldout = 1 }).Validate());
    }

    [Fact]
    public void Images_smaller_than_a_patch_are_skipped_with_a_warning()
    {
        var data = SyntheticImages(2, 40, seed: 3, smallOnes: 2);
        var messages = new List<string>();
        var observer = new CollectingObserver(messages);
        var outcome = new Trainer(observer).Run(TinyOptions(data, 2), NewRunDir(), resume: false);
        Assert.True(outcome.Completed);
        Assert.Contains(messages, m => m.Contains("img02.png") && m.Contains("smaller than"));
        Assert.Contains(messages, m => m.Contains("img03.png") && m.Contains("smaller than"));
    }

    private sealed class CollectingObserver(List<string> messages) : ITrainingObserver
    {
        public void Progress(int iteration, int total, double loss, double patchesPerSecond) { }
        public void Message(string text) => messages.Add(text);
    }

    [Fact]
    public void A_folder_without_usable_images_is_an_error_naming_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "readme.txt"), "no images here");
        var e = Assert.Throws<InvalidDataException>(() => new Trainer().Run(TinyOptions(dir, 2), NewRunDir(), resume: false));
        Assert.Contains(dir, e.Message);
    }

    [Fact]
    public void Corrupt_checkpoint_is_a_clear_error_and_never_a_silent_restart()
    {
        var data = SyntheticImages(2, 40, seed: 4);
        var run = NewRunDir();
        new Trainer().Run(TinyOptions(data, 2), run, resume: false);
        var path = Path.Combine(run, Checkpoint.FileName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => new Trainer().Run(TinyOptions(data, 4), run, resume: true));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
        // Without --resume the trainer refuses to overwrite the run.
        Assert.Throws<InvalidOperationException>(() => new Trainer().Run(TinyOptions(data, 4), run, resume: false));
    }

    [Fact]
    public void Checkpoint_of_another_architecture_is_rejected_naming_the_mismatch()
    {
        var data = SyntheticImages(2, 40, seed: 5);
        var run = NewRunDir();
        new Trainer().Run(TinyOptions(data, 2), run, resume: false);
        var other = TinyOptions(data, 4) with { Model = new RedNetConfig { Layers = 3, Features = 16 } };
        var e = Assert.Throws<InvalidDataException>(() => new Trainer().Run(other, run, resume: true));
        Assert.Contains("--layers 4 vs 6 (2 vs 3 conv + as many deconv)", e.Message);   // the CLI's count first, as it is typed
    }

    [Fact]
    public void Patch_sampler_draws_the_same_patches_for_the_same_seed()
    {
        var data = SyntheticImages(2, 40, seed: 6);
        var set = RedNet.Training.Data.TrainingSet.Load(new[] { data }, new[] { 2 }, 16);
        var sampler = new RedNet.Training.Data.PatchSampler(set, 16);
        float[] Draw(ulong seed)
        {
            var inputs = new float[8 * 256];
            var targets = new float[8 * 256];
            sampler.Sample(new SeededRandom(seed), 8, inputs, targets);
            return inputs.Concat(targets).ToArray();
        }
        Assert.Equal(Draw(9), Draw(9));
        Assert.NotEqual(Draw(9), Draw(10));
    }

    [Fact]
    public void A_diverging_run_stops_before_the_step_naming_the_iteration_the_tensor_and_that_no_checkpoint_exists()
    {
        var data = SyntheticImages(2, 40, seed: 8);
        var run = NewRunDir();
        // An absurd learning rate: Adam moves every weight by ~1e12 in the first step, so the next forward pass overflows.
        var options = TinyOptions(data, 20) with { LearningRate = 1e12, Model = new RedNetConfig { Layers = 3, Features = 16 } };
        var e = Assert.Throws<NonFiniteTrainingException>(() => new Trainer().Run(options, run, resume: false));
        Assert.True(e.Iteration >= 2, $"iteration {e.Iteration}");
        Assert.True(e.Repeatable, e.Message);
        Assert.Contains($"iteration {e.Iteration}", e.Message);
        Assert.Contains("forward output of", e.FirstNonFinite);
        Assert.Contains("No checkpoint has been written yet", e.Message);
        Assert.Contains("lower --lr", e.Message);
        Assert.False(File.Exists(Path.Combine(run, Checkpoint.FileName)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_non_finite_value_that_recomputing_does_not_repeat_is_blamed_on_the_kernel_or_the_bf16_layers(bool layersInBf16)
    {
        manual_seed(4);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 16 });
        var x = rand(2, 1, 12, 12);
        var y = rand(2, 1, 12, 12);
        var activations = new List<TorchSharp.torch.Tensor>();
        var loss = nn.functional.mse_loss(model.Forward(x, null, activations), y);
        loss.backward();
        // As a faulty kernel would leave it: the output of deconv layer 2 of this pass holds a NaN, the weights are finite.
        using (no_grad()) activations[4][0, 0, 0, 0] = tensor(float.NaN);
        var e = NonFiniteDiagnosis.Diagnose(model, x, y, activations, 7, double.NaN, double.NaN, "(checkpoint status)", layersInBf16);
        Assert.Equal(7, e.Iteration);
        Assert.Equal("forward output of deconv layer 2", e.FirstNonFinite);
        Assert.False(e.Repeatable);
        Assert.Contains("(checkpoint status)", e.Message);
        if (layersInBf16)
        {
            // The recomputation runs the fp32 network; the message must say so and point at the bf16 layers.
            Assert.Contains("Recomputing the iteration in fp32 gives finite values", e.Message);
            Assert.Contains("--precision Fp32", e.Message);
            Assert.DoesNotContain("CPU kernel", e.Message);
        }
        else
        {
            Assert.Contains("Recomputing the iteration gives finite values", e.Message);
            Assert.Contains("CPU kernel", e.Message);
        }
    }

    [Fact]
    public void A_non_finite_gradient_is_named_by_its_layer_walking_back_from_the_output()
    {
        manual_seed(5);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 16 });
        var x = rand(1, 1, 10, 10);
        var y = rand(1, 1, 10, 10);
        var activations = new List<TorchSharp.torch.Tensor>();
        nn.functional.mse_loss(model.Forward(x, null, activations), y).backward();
        using (no_grad())
        {
            model.Encoder[1].parameters().First().grad![0, 0, 0, 0] = tensor(float.PositiveInfinity);
            model.Decoder[1].parameters().First().grad![0, 0, 0, 0] = tensor(float.NaN);
        }
        var e = NonFiniteDiagnosis.Diagnose(model, x, y, activations, 3, 0.1, double.NaN, "");
        Assert.Equal("gradient of deconv layer 2 weight (decoder.1.weight)", e.FirstNonFinite);
    }

    [Theory]
    [InlineData(TrainingPrecision.Fp32)]
    [InlineData(TrainingPrecision.Bf16)]
    public void A_few_steps_lower_the_loss_on_a_fixed_batch(TrainingPrecision precision)
    {
        var data = SyntheticImages(3, 48, seed: 9);
        var options = TinyOptions(data, 40) with { Scales = new[] { 2 }, Precision = precision };
        var set = RedNet.Training.Data.TrainingSet.Load(new[] { data }, options.Scales, options.PatchSize);
        var inputs = new float[16 * 16 * 16];
        var targets = new float[16 * 16 * 16];
        new RedNet.Training.Data.PatchSampler(set, 16).Sample(new SeededRandom(1234), 16, inputs, targets);
        var x = tensor(inputs, new long[] { 16, 1, 16, 16 });
        var y = tensor(targets, new long[] { 16, 1, 16, 16 });
        double LossOf(Model.RedNet model)
        {
            using var _ = no_grad();
            return nn.functional.mse_loss(model.forward(x), y).item<float>();
        }
        // The trainer seeds libtorch with the run's seed before building the net: the same seed gives its starting weights.
        manual_seed((long)options.Seed);
        double before;
        using (var initial = new Model.RedNet(options.Model)) before = LossOf(initial);
        var run = NewRunDir();
        new Trainer().Run(options, run, resume: false);
        var (_, trained) = Checkpoint.LoadModel(Path.Combine(run, Checkpoint.FileName));
        double after;
        using (trained) after = LossOf(trained);
        Assert.True(after < 0.8 * before, $"loss on a fixed batch: {before:g4} before, {after:g4} after 40 steps ({precision})");
        // bf16 is the layers' arithmetic only: what the run stores is fp32, and it remembers the choice.
        var state = Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName));
        Assert.Equal(precision, state.Options.Precision);
        (_, trained) = Checkpoint.LoadModel(Path.Combine(run, Checkpoint.FileName));
        using (trained) Assert.All(trained.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }
}
