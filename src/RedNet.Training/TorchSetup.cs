using RedNet.Training.Native;
using static TorchSharp.torch;

namespace RedNet.Training;

/// <summary>One place that prepares libtorch for this process: the Debian 12 fix for notebooks, allocator tuning, thread count.</summary>
public static class TorchSetup
{
    private static int _done;

    /// <summary>Call before the first tensor. <paramref name="threads"/> = 0 uses every core.</summary>
    public static void Initialize(int threads = 0)
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            InteractiveLibTorchSharp.Prepare();   // a notebook on Debian 12: libLibTorchSharp.so fixed before libtorch loads
            NativeMemoryTuning.Apply();
        }
        int n = threads > 0 ? threads : Environment.ProcessorCount;
        if (get_num_threads() != n) set_num_threads(n);
    }
}
