namespace OpenWhisk.Spi.Toolkit.Tests.Actors;

/// <summary>The messages of <see cref="RecordingActor"/>.</summary>
internal abstract record TestMessage
{
    internal sealed record Named(string Name) : TestMessage;

    internal sealed record Slow(string Name, TimeSpan Delay) : TestMessage;

    internal sealed record Gate(TaskCompletionSource Open, object? CancelAfterwards, TaskCompletionSource? Entered = null) : TestMessage;

    internal sealed record Failing : TestMessage;

    internal sealed record StartTimerMessage(object Key, string Name, TimeSpan Delay, TimeSpan? Period) : TestMessage;

    internal sealed record CancelTimerMessage(object Key) : TestMessage;

    internal sealed record Probe(object Key, TaskCompletionSource Done) : TestMessage;

    internal sealed record Flush(TaskCompletionSource Done) : TestMessage;

    internal sealed record PostToSelf(string Name, TestMessage Next) : TestMessage;

    internal sealed record ThreadProbe(TaskCompletionSource<int> Thread) : TestMessage;

    internal sealed record LockProbe(object Lock, TaskCompletionSource<bool> Held) : TestMessage;

    internal sealed record Quit : TestMessage;

    internal sealed record Unknown : TestMessage;
}
