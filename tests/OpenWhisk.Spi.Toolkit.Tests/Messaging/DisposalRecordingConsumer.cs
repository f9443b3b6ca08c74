using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Tests.Messaging;

/// <summary>A consumer that passes everything to another and records whether it was disposed.</summary>
internal sealed class DisposalRecordingConsumer(IMessageConsumer inner) : IMessageConsumer
{
    public bool Disposed { get; private set; }

    public string Topic => inner.Topic;

    public string GroupId => inner.GroupId;

    public int MaxPeek => inner.MaxPeek;

    public Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken) => inner.PeekAsync(maxWait, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Disposed = true;
        await inner.DisposeAsync();
    }
}
