using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Single;

/// <summary>Settings of the <c>single</c> resolver (section <c>LoadBalancer</c>, beside the host's own keys there).</summary>
public sealed class SingleResolverOptions
{
    /// <summary>Gets or sets the balancer every action goes to with the <c>single</c> resolver (the default resolver).</summary>
    [Required]
    public string Default { get; set; } = "lean";
}
