namespace PluginProjectName;

/// <summary>Settings of the balancer (section <c>PluginProjectName</c>).</summary>
public sealed class PluginLoadBalancerOptions
{
    /// <summary>
    /// Gets or sets the controller this balancer runs in (defaults to <c>Controller:InstanceId</c>): invokers send the
    /// acknowledgements of its activations to its completion topic, <c>completed&lt;id&gt;</c>.
    /// </summary>
    public string? ControllerInstanceId { get; set; }
}
