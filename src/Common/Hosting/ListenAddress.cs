using Microsoft.Extensions.Configuration;

namespace OpenWhisk.Common.Hosting;

/// <summary>Where a process's HTTP server listens: <c>Http:Host</c> (default 127.0.0.1) and <c>Http:Port</c>.</summary>
public static class ListenAddress
{
    /// <summary>Returns the URL to listen on.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="defaultPort">The port when <c>Http:Port</c> is unset.</param>
    /// <returns>For example <c>http://127.0.0.1:3233</c>.</returns>
    public static string Url(IConfiguration configuration, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration["Http:Host"] is { Length: > 0 } configured ? configured : "127.0.0.1";
        var port = int.TryParse(configuration["Http:Port"], System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : defaultPort;
        return $"http://{host}:{port}";
    }
}
