namespace OpenWhisk.Runtime.Dotnet;

/// <summary>A run failed: the action threw (<see cref="Exception.InnerException"/>) or returned what is not a JSON object or array.</summary>
internal sealed class ActionRunException(string message, Exception? inner = null) : Exception(message, inner);
