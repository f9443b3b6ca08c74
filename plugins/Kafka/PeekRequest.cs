using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>One peek queued for a <see cref="PeekThread"/>.</summary>
/// <param name="MaxWait">How long the peek waits for a first message.</param>
/// <param name="CancellationToken">Ends the wait.</param>
internal sealed record PeekRequest(TimeSpan MaxWait, CancellationToken CancellationToken)
{
    /// <summary>Gets the peek's outcome.</summary>
    public TaskCompletionSource<IReadOnlyList<ConsumedMessage>> Answer { get; } = new();
}
