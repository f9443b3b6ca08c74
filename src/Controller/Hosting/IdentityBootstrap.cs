using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Hosting;

/// <summary>
/// Makes sure the identities of the configuration exist with their keys: by default <c>guest</c> and
/// <c>whisk.system</c> with OpenWhisk's well-known standalone keys, plus any listed under <c>Identities</c>.
/// </summary>
public sealed partial class IdentityBootstrap(IArtifactStore store, IConfiguration configuration, ILogger<IdentityBootstrap> logger) : IHostedService
{
    public const string GuestKey = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    public const string SystemKey = "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var identity in Configured())
        {
            await EnsureAsync(identity, cancellationToken);
        }

        if (!BootstrapsDefaults)
        {
            // A store a standalone (or an earlier configuration) used may still hold the published keys.
            foreach (var (subject, key) in new[] { ("guest", GuestKey), ("whisk.system", SystemKey) })
            {
                var parts = key.Split(':', 2);
                var holder = await store.FindSubjectByUuidAsync(parts[0], cancellationToken);
                if (holder?.Namespaces.Any(n => n.Uuid == parts[0] && n.Key == parts[1]) == true)
                {
                    LogWellKnownKeyPresent(logger, holder.Subject, subject);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates or updates one subject so that it owns the namespace with the key.</summary>
    public async Task<SubjectRecord> EnsureAsync(IdentityOptions identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var parts = identity.Key.Split(':', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new InvalidOperationException($"Identity '{identity.Subject}' has key '{identity.Key}', which is not 'uuid:secret'.");
        }

        var ns = new SubjectNamespace
        {
            Name = identity.Namespace ?? identity.Subject,
            Uuid = parts[0],
            Key = parts[1],
            Limits = new UserLimits
            {
                InvocationsPerMinute = identity.InvocationsPerMinute,
                ConcurrentInvocations = identity.ConcurrentInvocations,
                FiresPerMinute = identity.FiresPerMinute,
            },
        };
        var existing = await store.GetSubjectAsync(identity.Subject, cancellationToken);
        if (existing?.Namespaces.Any(n => n == ns) == true)
        {
            return existing;
        }

        var namespaces = (existing?.Namespaces ?? []).Where(n => n.Name != ns.Name).Append(ns).ToList();
        var stored = await store.PutSubjectAsync(
            new SubjectRecord { Subject = identity.Subject, Namespaces = namespaces, Revision = existing?.Revision },
            cancellationToken);
        LogIdentityReady(logger, identity.Subject, ns.Name);
        return stored;
    }

    private IEnumerable<IdentityOptions> Configured()
    {
        var configured = configuration.GetSection("Identities").Get<List<IdentityOptions>>() ?? [];
        if (BootstrapsDefaults)
        {
            configured.Insert(0, new IdentityOptions { Subject = "whisk.system", Key = SystemKey });
            configured.Insert(0, new IdentityOptions { Subject = "guest", Key = GuestKey });
        }

        return configured;
    }

    private bool BootstrapsDefaults => configuration.GetValue("Controller:BootstrapDefaultIdentities", defaultValue: true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subject {Subject} holds OpenWhisk's published {WellKnown} key, which anyone can use: remove it (admin user delete) or give it a new key")]
    private static partial void LogWellKnownKeyPresent(ILogger logger, string subject, string wellKnown);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity {Subject} owns namespace {Namespace}")]
    private static partial void LogIdentityReady(ILogger logger, string subject, string @namespace);
}
