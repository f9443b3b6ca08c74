namespace OpenWhisk.Plugins.Direct;

/// <summary>A place in the <see cref="WaitingLine"/>; its turn completes when it is this place's turn to try again.</summary>
/// <param name="node">The place's node in the line.</param>
internal sealed class WaitingPlace(LinkedListNode<TaskCompletionSource> node)
{
    public LinkedListNode<TaskCompletionSource> Node { get; } = node;

    public Task Turn => Node.Value.Task;
}
