namespace OpenWhisk.Plugins.KindBased;

/// <summary>Settings of the <c>kind-based</c> resolver (section <c>LoadBalancer</c>).</summary>
public sealed class KindBasedResolverOptions
{
    /// <summary>The action annotation that names a balancer when <see cref="AllowAnnotation"/> is set.</summary>
    public const string AnnotationKey = "balancer";

    /// <summary>
    /// Gets or sets the balancer of every kind not in <see cref="Kinds"/>, and of actions the mapped balancer
    /// refuses (for example an action without intra-container concurrency mapped to <c>direct</c>).
    /// </summary>
    public string Default { get; set; } = "lean";

    /// <summary>
    /// Gets the kind map, a list because <c>:</c> separates configuration paths: <c>[{"Kind": "nodejs:20",
    /// "Balancer": "direct"}]</c>, or <c>LoadBalancer__Kinds__0__Kind</c> / <c>LoadBalancer__Kinds__0__Balancer</c>.
    /// </summary>
    public IList<KindBalancer> Kinds { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether an action's annotation <c>balancer</c> may pick one of the configured
    /// balancers over its kind's (default false: only operators decide).
    /// </summary>
    public bool AllowAnnotation { get; set; }
}
