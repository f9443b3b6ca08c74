namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// Activations waiting for room in the shared pool, first in, first out. Not thread-safe: the pool calls it under its
/// lock; only a <see cref="WaitingPlace"/>'s turn is awaited outside it.
/// </summary>
internal sealed class WaitingLine
{
    private readonly LinkedList<TaskCompletionSource> line = new();

    /// <summary>Gets whether someone other than <paramref name="place"/> is first in line.</summary>
    public bool OthersFirst(WaitingPlace? place) => line.First is { } first && first != place?.Node;

    /// <summary>Joins at the end of the line, or, for one already in it, waits for the next wake-up.</summary>
    public WaitingPlace Wait(WaitingPlace? place)
    {
        if (place is null)
        {
            return new WaitingPlace(line.AddLast(NewTurn()));
        }

        if (place.Node.Value.Task.IsCompleted)
        {
            place.Node.Value = NewTurn();
        }

        return place;
    }

    /// <summary>Leaves the line (served, or given up).</summary>
    public void Leave(WaitingPlace place)
    {
        if (place.Node.List is not null)
        {
            line.Remove(place.Node);
        }
    }

    /// <summary>Returns the turn of the first in line, to be woken (under the pool's lock).</summary>
    public TaskCompletionSource? First() => line.First?.Value;

    private static TaskCompletionSource NewTurn() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
