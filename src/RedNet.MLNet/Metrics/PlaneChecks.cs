using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Metrics;

internal static class PlaneChecks
{
    public static void SameSize(Plane reference, Plane test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
            throw new ArgumentException($"Image sizes differ: reference {reference.Width}x{reference.Height}, test {test.Width}x{test.Height}.");
    }
}
