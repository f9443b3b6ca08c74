using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi;

namespace OpenWhisk.Controller.Catalog;

/// <summary>
/// Makes sure the catalog's shared packages exist at startup, as OpenWhisk's deployment installs
/// <c>whisk.system/utils</c>: the published package and its Node.js actions (our own code, shipped in this assembly).
/// An entity that already matches is left alone; one that differs is updated in place (its version goes up), so
/// restarts and several controllers never duplicate anything.
/// </summary>
public sealed partial class CatalogInstaller(
    PackageStore packages,
    ActionStore actions,
    RuntimesManifest manifest,
    IOptions<CatalogOptions> options,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider,
    ILogger<CatalogInstaller> logger) : IHostedService
{
    private static readonly string[] Packages = ["utils"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        foreach (var name in Packages)
        {
            var changed = await InstallAsync(name, cancellationToken);
            LogInstalled(logger, options.Value.Namespace, name, changed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("catalog/" + name)
            ?? throw new InvalidOperationException("The catalog resource " + name + " is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Compares two entities as JSON, ignoring version and update time.</summary>
    private static bool Same<T>(T current, T desired)
    {
        static JsonNode Normalized(T entity)
        {
            var node = JsonSerializer.SerializeToNode(entity, OpenWhiskJson.Options)!.AsObject();
            node.Remove("version");
            node.Remove("updated");
            return node;
        }

        return JsonNode.DeepEquals(Normalized(current), Normalized(desired));
    }

    private async Task<int> InstallAsync(string packageName, CancellationToken cancellationToken)
    {
        var definition = JsonDocument.Parse(Resource(packageName + ".json")).RootElement;
        var ns = options.Value.Namespace;
        var changed = 0;
        var packageBody = definition.GetProperty("package");
        var existingPackage = await packages.GetAsync(ns + "/" + packageName, cancellationToken);
        var package = PackageDefinition.Build(ns, packageName, packageBody, null, existingPackage?.Entity, limits.Value, Now());
        if (existingPackage is null || !Same(existingPackage.Entity, package))
        {
            await packages.PutAsync(package, existingPackage?.Revision, cancellationToken);
            changed++;
        }

        foreach (var entry in definition.GetProperty("actions").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            var body = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["exec"] = new Dictionary<string, string> { ["kind"] = "nodejs:default", ["code"] = Resource($"{packageName}/{name}.js") },
                ["annotations"] = entry.GetProperty("annotations"),
                ["parameters"] = Array.Empty<object>(),
            });
            var existing = await actions.GetAsync($"{ns}/{packageName}/{name}", cancellationToken);
            var action = ActionDefinition.Build(ns + "/" + packageName, name, body, existing?.Entity, manifest, limits.Value, Now());
            if (existing is null || !Same(existing.Entity, action))
            {
                await actions.PutAsync(action, existing?.Revision, cancellationToken);
                changed++;
            }
        }

        return changed;
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog package {Namespace}/{Package} is installed ({Changed} entities written)")]
    private static partial void LogInstalled(ILogger logger, string @namespace, string package, int changed);
}
