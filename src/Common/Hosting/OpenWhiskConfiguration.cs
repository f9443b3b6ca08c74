using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace OpenWhisk.Common.Hosting;

/// <summary>How every OpenWhisk.NET process reads its configuration.</summary>
public static class OpenWhiskConfiguration
{
    /// <summary>
    /// Puts <c>config/appsettings.&lt;role&gt;.json</c> (next to the executable) under what the host already has
    /// (<c>appsettings.json</c>, environment variables, command line), so that those override it; then adds the
    /// short command-line switches <c>--id</c>, <c>--port</c> and <c>--config</c> (an extra JSON file).
    /// </summary>
    /// <param name="configuration">The host's configuration manager.</param>
    /// <param name="role"><c>standalone</c>, <c>controller</c> or <c>invoker</c>.</param>
    /// <param name="args">The command line.</param>
    /// <returns>The configuration manager.</returns>
    public static IConfigurationManager AddOpenWhiskConfiguration(this IConfigurationManager configuration, string role, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = Path.Combine(AppContext.BaseDirectory, "config", $"appsettings.{role}.json");
        var source = new JsonConfigurationSource { Path = defaults, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);

        var extra = ValueOf(args, "--config");
        if (extra is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(extra), optional: false);
        }

        configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--id"] = "Invoker:InstanceId",
            ["--port"] = "Http:Port",
            ["--role"] = "Role",
            ["--config"] = "Config:ExtraFile",
        });
        return configuration;
    }

    private static string? ValueOf(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }
}
