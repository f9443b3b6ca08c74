namespace OpenWhisk.Runtime.Dotnet;

/// <summary>The action cannot be loaded as its init asks: the message is the init's error, as OpenWhisk words it.</summary>
internal sealed class ActionLoadException(string message) : Exception(message);
