using System.Collections.Concurrent;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// The activations this controller placed that have not finished yet. A caller that asks for such an activation
/// (right after a blocking invocation answered) waits for it to finish instead of getting a 404.
/// </summary>
public sealed class InFlightActivations
{
    private readonly ConcurrentDictionary<string, Task> completions = new(StringComparer.Ordinal);

    // One delegate for every activation: a lambda here would capture the dictionary and be allocated at every call.
    private readonly Action<Task, object?> remove;

    public InFlightActivations() => remove = (_, state) => completions.TryRemove((string)state!, out Task? _);

    public void Add(string activationId, Task completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (completion.IsCompleted)
        {
            return;
        }

        completions[activationId] = completion;
        _ = completion.ContinueWith(
            remove,
            activationId,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits (up to <paramref name="limit"/>) for an activation in flight; returns at once for others.</summary>
    public async Task WaitAsync(string activationId, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!completions.TryGetValue(activationId, out var completion))
        {
            return;
        }

        try
        {
            await completion.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Answer with what the store has.
        }
    }
}
