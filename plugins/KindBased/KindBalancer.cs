namespace OpenWhisk.Plugins.KindBased;

/// <summary>One entry of <c>LoadBalancer:Kinds</c>: the actions of a kind go to a balancer.</summary>
public sealed class KindBalancer
{
    /// <summary>Gets or sets the action kind, exactly as actions carry it (for example <c>nodejs:20</c> or <c>blackbox</c>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets the balancer's name (for example <c>direct</c>).</summary>
    public string Balancer { get; set; } = "";
}
