using TorchSharp;

namespace RedNet.Training.Model;

/// <summary>
/// Scalars that live as long as the process. TorchSharp's <c>add(Tensor)</c> and <c>add_(Tensor)</c> pass an implicit
/// Scalar 1 as alpha and keep no reference to it, so a collection during the native call can free it while libtorch reads
/// it ("Expected false to be true … toBFloat16"; see <c>ScalarSafe.Adam</c> and <c>ScalarLifetimeTests</c>). A Scalar held
/// by a static field is never finalized.
/// </summary>
internal static class KeptScalars
{
    /// <summary>1, for the alpha of a plain tensor sum: <c>a.add_(b, KeptScalars.One)</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();
}
