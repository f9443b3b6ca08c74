using System.Collections.Concurrent;
using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// A balancer (and its resolver) that "runs" an action at once by a script keyed by action name: the script turns
/// the arguments into a result, or into null to leave the activation running until <see cref="ReleaseAll"/>.
/// </summary>
internal sealed class ScriptedBalancer : ILoadBalancer, ILoadBalancerResolver
{
    private readonly ConcurrentDictionary<string, Func<JsonElement, JsonElement?>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<TaskCompletionSource<ActivationOutcome>> held = [];

    public string Name => "scripted";

    public int ClusterSize => 1;

    public int TotalActiveActivations => 0;

    public IReadOnlyCollection<string> BalancerNames => [Name];

    /// <summary>Gets every message published, in order.</summary>
    public ConcurrentQueue<ActivationMessage> Published { get; } = new();

    /// <summary>Gets or sets a value indicating whether publishing is refused (no invoker, as a balancer answers 503).</summary>
    public bool Refuse { get; set; }

    /// <summary>Makes the action named <paramref name="name"/> answer with <paramref name="script"/>'s result.</summary>
    public void Script(string name, Func<JsonElement, object?> script) =>
        scripts[name] = args => script(args) is { } value ? JsonSerializer.SerializeToElement(value) : null;

    public ILoadBalancer Resolve(WhiskAction action) => this;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public int ActiveActivationsFor(string namespaceUuid) => 0;

    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<InvokerHealth>>([]);

    /// <summary>Completes every held activation with a developer error.</summary>
    public void ReleaseAll()
    {
        foreach (var activation in held)
        {
            activation.TrySetCanceled();
        }
    }

    public Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        if (Refuse)
        {
            throw new LoadBalancerUnavailableException();
        }

        Published.Enqueue(message);
        var outcome = new TaskCompletionSource<ActivationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var args = message.Content ?? JsonDocument.Parse("{}").RootElement;
        var result = scripts.TryGetValue(action.Name, out var script) ? script(args) : args;
        if (result is { } value)
        {
            var response = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("error", out var error)
                ? ActivationResponse.ApplicationError(error)
                : ActivationResponse.Success(value);
            outcome.SetResult(new ActivationOutcome(message.ActivationId, Record(action, message, response)));
        }
        else
        {
            held.Add(outcome);
        }

        return Task.FromResult(new ActivationPublication(message.ActivationId, outcome.Task, outcome.Task));
    }

    private static ActivationRecord Record(WhiskAction action, ActivationMessage message, ActivationResponse response) => new()
    {
        Namespace = message.User.Namespace.Name,
        Name = action.Name,
        Subject = message.User.Subject,
        ActivationId = message.ActivationId,
        Start = 1000,
        End = 1007,
        Duration = 7,
        Cause = message.Cause,
        Response = response,
        Annotations =
        [
            KeyValue.Of("path", action.FullyQualifiedName),
            new KeyValue("limits", JsonSerializer.SerializeToElement(new { memory = action.Limits.MemoryMb })),
        ],
    };
}
