using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Logs what the host did with <c>Plugins:Packages</c> once its logging exists: the installs ran before the host was
/// built, while its plugins were being found.
/// </summary>
/// <param name="installs">One result per entry, in order.</param>
/// <param name="logger">Where they are logged.</param>
internal sealed partial class PluginStartupInstallLog(IReadOnlyList<PluginStartupInstall> installs, ILogger<PluginStartupInstallLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var install in installs)
        {
            if (install.Installed is { } installed)
            {
                LogInstalled(logger, installed.PackageId, installed.Version, installed.Source, installed.Packages.Count, install.Entry);
            }
            else
            {
                LogKept(logger, install.Entry);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed plugin package {PackageId} {Version} from {Source} ({Packages} packages) for Plugins:Packages entry '{Entry}'")]
    private static partial void LogInstalled(ILogger logger, string packageId, string version, string source, int packages, string entry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugins:Packages entry '{Entry}' is installed already; kept")]
    private static partial void LogKept(ILogger logger, string entry);
}
