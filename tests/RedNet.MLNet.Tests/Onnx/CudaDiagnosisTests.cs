using RedNet.MLNet.Onnx;
using RedNet.MLNet.Onnx.Cuda;

namespace RedNet.MLNet.Tests.Onnx;

/// <summary>
/// Every reason RedNet gives for not using a CUDA device, from facts a test can state: the driver and device branches cannot
/// be reached on a machine without a GPU any other way.
/// </summary>
public class CudaDiagnosisTests
{
    private static readonly CudaDevice H200 = new(0, "NVIDIA H200", 9, 0, 150L << 30);
    private static readonly CudaDriverStatus WorkingDriver = new(true, null, 13000, new[] { H200 });

    private static CudaFacts Gpu(CudaDriverStatus driver, params CudaLibrary[] missing) => new(true, "1.31.0", driver, missing);

    [Fact]
    public void A_working_driver_device_and_libraries_leave_nothing_to_report()
        => Assert.Empty(CudaDiagnosis.Problems(0, Gpu(WorkingDriver)));

    [Fact]
    public void The_cpu_flavour_is_the_only_reason_given_and_says_how_to_switch()
    {
        var problems = CudaDiagnosis.Problems(0, new CudaFacts(false, "1.31.1", CudaDriverStatus.NotFound, Array.Empty<CudaLibrary>()));
        Assert.Equal("this build carries the CPU package of ONNX Runtime (Microsoft.ML.OnnxRuntime 1.31.1), which has no CUDA provider; build with -p:RedNetOnnxRuntime=Gpu",
            Assert.Single(problems));
    }

    [Fact]
    public void No_driver_library_means_no_nvidia_driver()
        => Assert.Equal($"no NVIDIA driver ({CudaRequirements.DriverLibrary} not found)", Assert.Single(CudaDiagnosis.Problems(0, Gpu(CudaDriverStatus.NotFound))));

    [Fact]
    public void A_driver_older_than_cuda_13_names_both_versions()
    {
        var old = WorkingDriver with { CudaVersion = 12040 };
        Assert.Equal("the NVIDIA driver supports CUDA 12.4 at most; ONNX Runtime 1.31.0's CUDA provider needs CUDA 13 (install a newer driver)",
            Assert.Single(CudaDiagnosis.Problems(0, Gpu(old))));
    }

    [Fact]
    public void A_driver_that_does_not_start_gives_its_own_error()
    {
        var broken = new CudaDriverStatus(true, "CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected", 13000, Array.Empty<CudaDevice>());
        Assert.Equal("the NVIDIA driver does not start (CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected)", Assert.Single(CudaDiagnosis.Problems(0, Gpu(broken))));
    }

    [Fact]
    public void A_device_id_past_the_last_device_does_not_exist_and_the_devices_there_are_named()
    {
        Assert.Equal("device 3 does not exist (this machine has 1 CUDA device: 0 = NVIDIA H200 (compute 9.0, 150 GiB))",
            Assert.Single(CudaDiagnosis.Problems(3, Gpu(WorkingDriver))));
        var none = WorkingDriver with { Devices = Array.Empty<CudaDevice>() };
        Assert.Equal("the NVIDIA driver sees no CUDA device", Assert.Single(CudaDiagnosis.Problems(0, Gpu(none))));
    }

    [Fact]
    public void Every_missing_library_is_named_with_what_installs_it_beside_a_driver_problem()
    {
        var problems = CudaDiagnosis.Problems(0, Gpu(CudaDriverStatus.NotFound, new CudaLibrary("libcublasLt.so.13", "cuBLAS, CUDA 13"), new CudaLibrary("libcudnn.so.9", "cuDNN 9 for CUDA 13")));
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("no NVIDIA driver", problems[0]);
        Assert.Equal("CUDA libraries missing: libcublasLt.so.13 (cuBLAS, CUDA 13), libcudnn.so.9 (cuDNN 9 for CUDA 13)", problems[1]);
    }

    [Fact]
    public void The_required_libraries_are_the_cuda_13_and_cudnn_9_ones()
    {
        Assert.Equal(13, CudaRequirements.CudaMajorVersion);
        Assert.Contains(CudaRequirements.Libraries, l => l.Component.StartsWith("cuDNN 9", StringComparison.Ordinal));
        Assert.All(CudaRequirements.Libraries, l => Assert.Contains("13", l.Component));
    }
}
