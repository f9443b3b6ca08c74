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

    /// <summary>
    /// Sets <c>Api:Host</c> (the API's URL that actions get as <c>__OW_API_HOST</c>) to this process's own address
    /// unless it is configured; a wildcard listen address becomes 127.0.0.1.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="defaultPort">The port when <c>Http:Port</c> is unset.</param>
    public static void DefaultApiHost(IConfigurationManager configuration, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Api:Host"] is { Length: > 0 })
        {
            return;
        }

        var url = new Uri(Url(configuration, defaultPort));
        var host = url.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+" ? "127.0.0.1" : url.Host;
        configuration["Api:Host"] = $"http://{host}:{url.Port}";
    }
}
