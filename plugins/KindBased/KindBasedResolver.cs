using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.KindBased;

/// <summary>
/// Picks a balancer per action (name <c>kind-based</c>): the action's annotation <c>balancer</c> when allowed, else the
/// balancer of its kind in <c>LoadBalancer:Kinds</c>, else <c>LoadBalancer:Default</c>; a balancer that refuses the
/// action (<see cref="ILoadBalancer.CanRun"/>) hands it to the default. The configuration is checked when the
/// controller starts: an unknown balancer name or a kind mapped twice stops it with a message that says which.
/// </summary>
public sealed class KindBasedResolver : ILoadBalancerResolver
{
    /// <summary>The implementation name.</summary>
    public const string Name = "kind-based";

    private readonly ILoadBalancer fallback;
    private readonly Dictionary<string, ILoadBalancer> byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ILoadBalancer> byName = new(StringComparer.Ordinal);
    private readonly bool allowAnnotation;

    public KindBasedResolver(ILoadBalancerProvider provider, IOptions<KindBasedResolverOptions> options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Validate(settings, provider.Names);
        allowAnnotation = settings.AllowAnnotation;
        fallback = Named(provider, settings.Default.Trim());
        foreach (var entry in settings.Kinds)
        {
            byKind[entry.Kind.Trim()] = Named(provider, entry.Balancer.Trim());
        }
    }

    public IReadOnlyCollection<string> BalancerNames => byName.Keys;

    public ILoadBalancer Resolve(WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (allowAnnotation
            && action.Annotations.Find(KindBasedResolverOptions.AnnotationKey) is { ValueKind: System.Text.Json.JsonValueKind.String } named
            && byName.TryGetValue(named.GetString()!, out var annotated)
            && annotated.CanRun(action))
        {
            return annotated;
        }

        return byKind.TryGetValue(action.Exec.Kind, out var mapped) && mapped.CanRun(action) ? mapped : fallback;
    }

    /// <summary>Checks the settings against the installed balancers; throws with every problem found.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="installed">The names of the installed balancers.</param>
    /// <exception cref="OptionsValidationException">The settings are wrong.</exception>
    public static void Validate(KindBasedResolverOptions settings, IReadOnlyCollection<string> installed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(installed);
        var known = new HashSet<string>(installed, StringComparer.OrdinalIgnoreCase);
        var list = string.Join(", ", installed.Order(StringComparer.Ordinal));
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Default) || !known.Contains(settings.Default.Trim()))
        {
            problems.Add($"LoadBalancer:Default names '{settings.Default}', which is not an installed load balancer (installed: {list}).");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Kinds.Count; i++)
        {
            var entry = settings.Kinds[i];
            if (string.IsNullOrWhiteSpace(entry.Kind))
            {
                problems.Add($"LoadBalancer:Kinds:{i}:Kind is empty.");
            }
            else if (!seen.TryAdd(entry.Kind.Trim(), i))
            {
                problems.Add($"LoadBalancer:Kinds maps kind '{entry.Kind.Trim()}' twice (entries {seen[entry.Kind.Trim()]} and {i}).");
            }

            if (string.IsNullOrWhiteSpace(entry.Balancer) || !known.Contains(entry.Balancer.Trim()))
            {
                problems.Add($"LoadBalancer:Kinds:{i}:Balancer names '{entry.Balancer}', which is not an installed load balancer (installed: {list}).");
            }
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException("LoadBalancer", typeof(KindBasedResolverOptions), problems);
        }
    }

    private ILoadBalancer Named(ILoadBalancerProvider provider, string name)
    {
        var balancer = provider.GetLoadBalancer(name);
        byName.TryAdd(balancer.Name, balancer);
        return balancer;
    }
}
