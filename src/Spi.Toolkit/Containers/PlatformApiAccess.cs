using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// How action containers reach the platform API: <c>__OW_API_HOST</c>, and for a loopback API host a
/// <see cref="PlatformApiRelay"/> whose socket directory the factory mounts at
/// <see cref="PlatformApiRelay.ContainerDirectory"/> (named by <c>__OW_API_SOCKET</c>). One per container factory.
/// </summary>
public sealed class PlatformApiAccess : IAsyncDisposable
{
    /// <summary>The API address actions get when none is configured.</summary>
    public const string DefaultApiHost = "http://127.0.0.1:3233";

    private PlatformApiAccess(string apiHost, PlatformApiRelay? relay)
    {
        ApiHost = apiHost;
        Relay = relay;
    }

    /// <summary>Gets the value of <c>__OW_API_HOST</c>.</summary>
    public string ApiHost { get; }

    /// <summary>Gets the relay, when containers reach a loopback API host through it.</summary>
    public PlatformApiRelay? Relay { get; }

    /// <summary>Sets up access to <paramref name="apiHost"/>, starting a relay when it is a loopback address and relaying is on.</summary>
    /// <param name="apiHost">The configured API URL; empty means <see cref="DefaultApiHost"/>.</param>
    /// <param name="relay">Whether a loopback API host is relayed through a socket.</param>
    /// <param name="relayDirectory">The relay socket's directory; unset, a fresh one under the temporary directory.</param>
    /// <param name="logger">Where the relay logs.</param>
    /// <returns>The access.</returns>
    public static PlatformApiAccess Create(string? apiHost, bool relay, string? relayDirectory, ILogger logger)
    {
        var host = string.IsNullOrEmpty(apiHost) ? DefaultApiHost : apiHost;
        if (!relay || !new Uri(host).IsLoopback)
        {
            return new PlatformApiAccess(host, null);
        }

        var directory = relayDirectory
            ?? Path.Combine(Path.GetTempPath(), $"openwhisk-api-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        return new PlatformApiAccess(host, PlatformApiRelay.Start(directory, new Uri(host), logger));
    }

    /// <summary>
    /// The environment of a container for <paramref name="request"/>: the API variables, then
    /// <paramref name="extra"/> (the factory's configured variables), then the request's own.
    /// </summary>
    /// <param name="request">The creation request.</param>
    /// <param name="extra">Variables every container of the factory gets.</param>
    /// <returns><c>NAME=value</c> entries.</returns>
    public List<string> EnvironmentFor(ContainerRequest request, IReadOnlyDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(extra);
        var environment = new List<string> { "__OW_API_HOST=" + ApiHost };
        if (Relay is not null)
        {
            environment.Add("__OW_API_SOCKET=" + PlatformApiRelay.ContainerDirectory + "/" + PlatformApiRelay.SocketName);
        }

        environment.AddRange(extra.Select(e => e.Key + "=" + e.Value));
        environment.AddRange(request.Environment.Select(e => e.Key + "=" + e.Value));
        return environment;
    }

    /// <summary>Stops the relay, if any.</summary>
    /// <returns>A task that completes when it stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }
    }
}
