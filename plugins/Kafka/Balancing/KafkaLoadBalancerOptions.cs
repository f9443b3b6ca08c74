using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>Settings of the <c>kafka</c> load balancer (section <c>Kafka:LoadBalancer</c>).</summary>
public sealed class KafkaLoadBalancerOptions
{
    /// <summary>Gets or sets the controller's instance (defaults to <c>Controller:InstanceId</c>); completions come on <c>completed&lt;id&gt;</c>.</summary>
    public string? ControllerInstanceId { get; set; }

    /// <summary>Gets or sets the share of invokers that run managed runtimes (the first ones).</summary>
    [Range(0.0, 1.0)]
    public double ManagedFraction { get; set; } = 0.9;

    /// <summary>Gets or sets the share of invokers that run blackbox images (the last ones).</summary>
    [Range(0.0, 1.0)]
    public double BlackboxFraction { get; set; } = 0.1;

    /// <summary>Gets or sets how often this controller announces itself to the others (topic <c>controllers</c>).</summary>
    public TimeSpan ControllerHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets after how long without an announcement another controller no longer shares the invokers.</summary>
    public TimeSpan ControllerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets after how long without a ping an invoker is offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how often an unhealthy or unresponsive invoker gets a test action.</summary>
    public TimeSpan TestActionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a test action may take before it counts as a timeout.</summary>
    public TimeSpan TestActionTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the delivery timeout of activation messages; a publish that takes longer answers 503.</summary>
    [Range(100, 600_000)]
    public int PublishTimeoutMs { get; set; } = 3000;

    /// <summary>Gets or sets how often a failed publish is retried (with backoff) before the caller gets 503.</summary>
    [Range(0, 10)]
    public int PublishRetries { get; set; } = 1;

    /// <summary>Gets or sets how long publishing stops after repeated failures (the circuit breaker's break).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the runtime kind of the health test action (a Node.js or Python kind).</summary>
    [Required]
    public string TestActionKind { get; set; } = "nodejs:default";
}
