using System.CommandLine;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins.Packages;

namespace OpenWhisk.Invoker.Admin;

/// <summary>
/// <c>OpenWhisk.Invoker admin plugins add|list|remove</c>: installs plugins from NuGet packages into the invoker's
/// plugins folder (<see cref="PluginsCommand"/>), with the invoker's configuration files and variables.
/// </summary>
public static class InvokerAdminCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The whole command line, starting with <c>admin</c>.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("OpenWhisk.NET's invoker; `admin plugins` installs plugins from NuGet packages.")
        {
            new Command("admin", "Manages the invoker's plugins.") { PluginsCommand.Create("invoker") },
        };
        return CommandLineSettings.InvokeAsync(root, args, "OpenWhisk.Invoker admin --help");
    }
}
