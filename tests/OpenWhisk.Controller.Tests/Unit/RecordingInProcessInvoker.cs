using System.Collections.Concurrent;
using OpenWhisk.Common.Messaging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.Tests.Unit;

/// <summary>An in-process invoker that keeps what it is handed and acknowledges when the test says so.</summary>
internal sealed class RecordingInProcessInvoker : IInProcessInvoker
{
    private Action<Acknowledgement>? connected;

    public InvokerInstanceId Id { get; } = new() { Instance = 0, UserMemoryMb = 2048 };

    public bool IsEnabled => true;

    public string? ConnectedTopic { get; private set; }

    public ConcurrentQueue<ActivationMessage> Submitted { get; } = new();

    public IDisposable ConnectController(ControllerInstanceId controller, Action<Acknowledgement> acknowledge)
    {
        ConnectedTopic = controller.CompletionTopic;
        connected = acknowledge;
        return new Disconnection(this);
    }

    public Task SubmitAsync(ActivationMessage message, CancellationToken cancellationToken)
    {
        Submitted.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>Hands an acknowledgement to the connected controller, as the invoker does when an activation ends.</summary>
    public void Acknowledge(Acknowledgement acknowledgement) =>
        (connected ?? throw new InvalidOperationException("No controller is connected."))(acknowledgement);

    private sealed class Disconnection(RecordingInProcessInvoker owner) : IDisposable
    {
        public void Dispose() => owner.connected = null;
    }
}
