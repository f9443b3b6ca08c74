using System.CommandLine;
using Microsoft.Extensions.Configuration;
using OpenWhisk.Common.Hosting;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// The <c>plugins</c> command of a host's <c>admin</c> command: <c>plugins add &lt;package-id&gt;[@version]
/// [--source &lt;feed or folder&gt;]...</c>, <c>plugins list</c> and <c>plugins remove &lt;name&gt; [--force]</c>, on the
/// plugins folder the configuration of <c>--role</c> names (<c>Plugins:Path</c>; <c>--Section:Key=value</c> settings
/// are taken as the host takes them). Stop the hosts that use the folder before removing a plugin: a running host
/// keeps the assemblies it has loaded, not those it would load later. Exit codes: 0 done, 1 refused or not found,
/// 2 a usage error.
/// </summary>
public static class PluginsCommand
{
    /// <summary>The source used when neither <c>--source</c> nor <c>Plugins:Sources</c> names one.</summary>
    public const string DefaultSource = "https://api.nuget.org/v3/index.json";

    /// <summary>Creates the command.</summary>
    /// <param name="defaultRole">The host role whose configuration files are read unless <c>--role</c> names another (<c>standalone</c>, <c>invoker</c>).</param>
    /// <returns>The <c>plugins</c> command.</returns>
    public static Command Create(string defaultRole)
    {
        var role = new Option<string>("--role") { Description = $"The role whose configuration names the plugins folder (default {defaultRole}).", DefaultValueFactory = _ => defaultRole, Recursive = true };
        var package = new Argument<string>("package") { Description = "The package id, optionally with a version: Acme.LogStore or Acme.LogStore@1.2.0." };
        var sources = new Option<string[]>("--source") { Description = "A NuGet feed URL or a folder of .nupkg files (repeatable; default: Plugins:Sources, else nuget.org)." };
        var add = new Command("add", "Installs a plugin package and its dependencies into the plugins folder; the host loads it at its next start.") { package, sources };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? AddAsync(result.GetValue(package)!, result.GetValue(sources) ?? [], Configuration(result.GetValue(role)!, settings), cancellationToken)
            : Task.FromResult(2));

        var list = new Command("list", "Lists the plugin folders and the package each was installed from.");
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction(result => CommandLineSettings.From(result) is { } settings ? ListPlugins(Configuration(result.GetValue(role)!, settings)) : 2);

        var name = new Argument<string>("name") { Description = "The plugin's name, as plugins list shows it." };
        var force = new Option<bool>("--force") { Description = "Also remove a folder that was not installed from a package." };
        var remove = new Command("remove", "Removes a plugin folder; stop the hosts that use it first.") { name, force };
        remove.TreatUnmatchedTokensAsErrors = false;
        remove.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? RemovePluginAsync(result.GetValue(name)!, result.GetValue(force), Configuration(result.GetValue(role)!, settings), cancellationToken)
            : Task.FromResult(2));

        return new Command("plugins", "Installs, lists and removes plugins from NuGet packages.") { role, add, list, remove };
    }

    /// <summary>
    /// The sources of <c>Plugins:Sources</c>: folders relative to the executable's folder (as <c>Plugins:Path</c>),
    /// <c>file:</c> URLs as paths, feed URLs as written; nuget.org when none is configured.
    /// </summary>
    /// <param name="configured">The configured sources.</param>
    /// <returns>The sources.</returns>
    public static IReadOnlyList<string> Sources(IEnumerable<string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var sources = configured.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => PluginPackageFeeds.Normalize(s, AppContext.BaseDirectory)).ToList();
        return sources.Count > 0 ? sources : [DefaultSource];
    }

    private static async Task<int> AddAsync(string text, string[] sources, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var path = PlatformServiceCollectionExtensions.ResolvePluginsPath(configuration);
        try
        {
            var request = PluginPackageRequest.Parse(text);
            var chosen = sources.Length > 0
                ? sources.Select(s => PluginPackageFeeds.Normalize(s)).ToList()
                : Sources(configuration.GetSection("Plugins:Sources").GetChildren().Select(c => c.Value).OfType<string>());
            var installed = await new PluginPackageInstaller(path, TimeProvider.System).AddAsync(request, chosen, cancellationToken);
            Console.WriteLine($"installed {installed.PackageId} {installed.Version} ({string.Join(", ", installed.Packages)}) into {Path.Combine(path, installed.PackageId)}; hosts load it at their next start");
            return 0;
        }
        catch (PluginPackageException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static int ListPlugins(IConfiguration configuration)
    {
        var path = PlatformServiceCollectionExtensions.ResolvePluginsPath(configuration);
        foreach (var entry in new PluginPackageInstaller(path, TimeProvider.System).List())
        {
            Console.WriteLine(entry.Package is { } package
                ? $"{entry.Name}\t{package.PackageId} {package.Version}\tfrom {package.Source}"
                : $"{entry.Name}\t(not installed from a package)");
        }

        return 0;
    }

    private static async Task<int> RemovePluginAsync(string name, bool force, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var path = PlatformServiceCollectionExtensions.ResolvePluginsPath(configuration);
        try
        {
            if (await new PluginPackageInstaller(path, TimeProvider.System).RemoveAsync(name, force, cancellationToken))
            {
                Console.WriteLine($"removed {name} from {path}; hosts no longer load it at their next start");
                return 0;
            }

            await Console.Error.WriteLineAsync($"no plugin named '{name}' in {path}");
            return 1;
        }
        catch (PluginPackageException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static IConfiguration Configuration(string role, string[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddOpenWhiskConfiguration(role, settings);
        return configuration;
    }
}
