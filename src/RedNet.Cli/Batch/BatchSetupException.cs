namespace RedNet.Cli.Batch;

/// <summary>A problem that stops a batch before any row is scored (unreadable table, missing column, settings that do not
/// match the run being resumed): exit code 2, as for a usage error.</summary>
public sealed class BatchSetupException(string message, Exception? inner = null) : Exception(message, inner);
