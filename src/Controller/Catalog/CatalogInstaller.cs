using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Catalog;

/// <summary>
/// Makes sure the catalog's shared packages exist at startup, as OpenWhisk's deployment installs
/// <c>whisk.system/utils</c> and <c>whisk.system/alarms</c>: the published packages and their Node.js actions (our own
/// code, shipped in this assembly).
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
    private static readonly string[] Packages = ["utils", "alarms"];

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
        if (await EnsureAsync(packages, ns + "/" + packageName, existing => PackageDefinition.Build(ns, packageName, packageBody, null, existing, limits.Value, Now()), cancellationToken))
        {
            changed++;
        }

        foreach (var entry in definition.GetProperty("actions").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            var file = entry.TryGetProperty("file", out var f) ? f.GetString()! : name;
            var body = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["exec"] = new Dictionary<string, string> { ["kind"] = "nodejs:default", ["code"] = Resource($"{packageName}/{file}.js") },
                ["annotations"] = entry.GetProperty("annotations"),
                ["parameters"] = entry.TryGetProperty("parameters", out var p) ? p : JsonDocument.Parse("[]").RootElement,
            });
            var path = ns + "/" + packageName;
            if (await EnsureAsync(actions, path + "/" + name, existing => ActionDefinition.Build(path, name, body, existing, manifest, limits.Value, Now()), cancellationToken))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>
    /// Writes the entity unless an equal one is stored; another controller writing it at the same time is fine (its
    /// write is read again and compared).
    /// </summary>
    private static async Task<bool> EnsureAsync<T>(EntityCollection<T> collection, string docId, Func<T?, T> build, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await collection.GetAsync(docId, cancellationToken);
            var desired = build(existing?.Entity);
            if (existing is not null && Same(existing.Entity, desired))
            {
                return false;
            }

            try
            {
                await collection.PutAsync(desired, existing?.Revision, cancellationToken);
                return true;
            }
            catch (DocumentConflictException) when (attempt < 3)
            {
                // Written meanwhile (another controller starting): compare with what is there now.
            }
        }
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog package {Namespace}/{Package} is installed ({Changed} entities written)")]
    private static partial void LogInstalled(ILogger logger, string @namespace, string package, int changed);
}
