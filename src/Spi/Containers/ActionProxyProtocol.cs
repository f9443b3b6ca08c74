namespace OpenWhisk.Spi.Containers;

/// <summary>Constants of the protocol between the platform and the action proxy in a container.</summary>
public static class ActionProxyProtocol
{
    /// <summary>The port the proxy listens on inside the container.</summary>
    public const int Port = 8080;

    /// <summary>The line the proxy writes to stdout and to stderr after every activation.</summary>
    public const string LogSentinel = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    /// <summary>The path that initializes a container with the action's code.</summary>
    public const string InitPath = "/init";

    /// <summary>The path that runs one activation.</summary>
    public const string RunPath = "/run";
}
