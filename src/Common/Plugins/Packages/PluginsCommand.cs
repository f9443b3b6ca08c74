using System.CommandLine;
using Microsoft.Extensions.Configuration;
using OpenWhisk.Common.Hosting;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// The <c>plugins</c> command of a host's <c>admin</c> command: <c>plugins add &lt;package-id&gt;[@version]
/// [--source &lt;feed or folder&gt;]...</c>, <c>plugins list</c> and <c>plugins remove &lt;name&gt;</c>, on the plugins
/// folder the host's configuration names (<c>Plugins:Path</c>; <c>--Section:Key=value</c> settings are taken as the
/// host takes them). Exit codes: 0 done, 1 refused or not found, 2 a usage error.
/// </summary>
public static class PluginsCommand
{
    /// <summary>The source used when neither <c>--source</c> nor <c>Plugins:Sources</c> names one.</summary>
    public const string DefaultSource = "https://api.nuget.org/v3/index.json";

    /// <summary>Creates the command.</summary>
    /// <param name="role">The host role whose configuration files are read (<c>standalone</c>, <c>invoker</c>).</param>
    /// <returns>The <c>plugins</c> command.</returns>
    public static Command Create(string role)
    {
        var package = new Argument<string>("package") { Description = "The package id, optionally with a version: Acme.LogStore or Acme.LogStore@1.2.0." };
        var sources = new Option<string[]>("--source") { Description = "A NuGet feed URL or a folder of .nupkg files (repeatable; default: Plugins:Sources, else nuget.org).", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Installs a plugin package and its dependencies into the plugins folder; the host loads it at its next start.") { package, sources };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? AddAsync(result.GetValue(package)!, result.GetValue(sources) ?? [], role, settings, cancellationToken)
            : Task.FromResult(2));

        var list = new Command("list", "Lists the plugin folders and the package each was installed from.");
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction(result => CommandLineSettings.From(result) is { } settings ? ListPlugins(role, settings) : 2);

        var name = new Argument<string>("name") { Description = "The plugin's name, as plugins list shows it." };
        var remove = new Command("remove", "Removes a plugin folder; a running host keeps what it loaded until it stops.") { name };
        remove.TreatUnmatchedTokensAsErrors = false;
        remove.SetAction(result => CommandLineSettings.From(result) is { } settings ? RemovePlugin(result.GetValue(name)!, role, settings) : 2);

        return new Command("plugins", "Installs, lists and removes plugins from NuGet packages.") { add, list, remove };
    }

    private static async Task<int> AddAsync(string text, string[] sources, string role, string[] settings, CancellationToken cancellationToken)
    {
        var configuration = Configuration(role, settings);
        try
        {
            var request = PluginPackageRequest.Parse(text);
            var installer = new PluginPackageInstaller(PlatformServiceCollectionExtensions.ResolvePluginsPath(configuration), TimeProvider.System);
            var installed = await installer.AddAsync(request, sources.Length > 0 ? sources : Sources(configuration), cancellationToken);
            Console.WriteLine($"installed {installed.PackageId} {installed.Version} ({string.Join(", ", installed.Packages)}) into {PlatformServiceCollectionExtensions.ResolvePluginsPath(configuration)}/{installed.PackageId}; it is loaded at the host's next start");
            return 0;
        }
        catch (PluginPackageException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static int ListPlugins(string role, string[] settings)
    {
        var path = PlatformServiceCollectionExtensions.ResolvePluginsPath(Configuration(role, settings));
        foreach (var entry in new PluginPackageInstaller(path, TimeProvider.System).List())
        {
            Console.WriteLine(entry.Package is { } package
                ? $"{entry.Name}\t{package.PackageId} {package.Version}\tfrom {package.Source}"
                : $"{entry.Name}\t(not installed from a package)");
        }

        return 0;
    }

    private static int RemovePlugin(string name, string role, string[] settings)
    {
        var path = PlatformServiceCollectionExtensions.ResolvePluginsPath(Configuration(role, settings));
        try
        {
            if (new PluginPackageInstaller(path, TimeProvider.System).Remove(name))
            {
                Console.WriteLine($"removed {name} from {path}; the host stops loading it at its next start");
                return 0;
            }

            Console.Error.WriteLine($"no plugin named '{name}' in {path}");
            return 1;
        }
        catch (PluginPackageException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    /// <summary>The configured sources (<c>Plugins:Sources</c>), else nuget.org.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The sources.</returns>
    public static IReadOnlyList<string> Sources(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetSection("Plugins:Sources").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToList();
        return configured.Count > 0 ? configured : [DefaultSource];
    }

    private static IConfiguration Configuration(string role, string[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddOpenWhiskConfiguration(role, settings);
        return configuration;
    }
}
