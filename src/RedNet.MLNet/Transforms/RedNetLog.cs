namespace RedNet.MLNet;

/// <summary>Where RedNet writes its few operational messages (e.g. "GPU not usable, running on CPU"). Standard error by default.</summary>
public static class RedNetLog
{
    /// <summary>Receives each message line; set to null to silence, or to any sink (a logger, a test's list).</summary>
    public static Action<string>? Sink { get; set; } = line => Console.Error.WriteLine(line);

    internal static void Write(string message) => Sink?.Invoke("RedNet: " + message);
}
