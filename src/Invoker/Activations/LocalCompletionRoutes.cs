using System.Collections.Concurrent;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Invoker.Activations;

/// <summary>
/// Controllers in the invoker's own process that take acknowledgements as objects, by completion topic: the
/// standalone lean balancer's path, which skips serializing and the in-memory bus in both directions.
/// </summary>
public sealed class LocalCompletionRoutes
{
    private readonly ConcurrentDictionary<string, Action<Acknowledgement>> routes = new(StringComparer.Ordinal);

    /// <summary>Routes acknowledgements for <paramref name="completionTopic"/> to <paramref name="acknowledge"/> until the result is disposed.</summary>
    /// <param name="completionTopic">The controller's completion topic.</param>
    /// <param name="acknowledge">Takes each acknowledgement; called on the thread that finished the activation.</param>
    /// <returns>Disposing it removes the route.</returns>
    public IDisposable Connect(string completionTopic, Action<Acknowledgement> acknowledge)
    {
        if (!routes.TryAdd(completionTopic, acknowledge))
        {
            throw new InvalidOperationException($"A controller is already connected for '{completionTopic}'.");
        }

        return new Route(this, completionTopic);
    }

    /// <summary>Hands <paramref name="acknowledgement"/> to the controller connected for <paramref name="completionTopic"/>, if any.</summary>
    /// <param name="completionTopic">The topic the acknowledgement would be sent to.</param>
    /// <param name="acknowledgement">The acknowledgement.</param>
    /// <returns><see langword="true"/> when a local controller took it.</returns>
    public bool TryDeliver(string completionTopic, Acknowledgement acknowledgement)
    {
        if (routes.IsEmpty || !routes.TryGetValue(completionTopic, out var acknowledge))
        {
            return false;
        }

        acknowledge(acknowledgement);
        return true;
    }

    private sealed class Route(LocalCompletionRoutes owner, string completionTopic) : IDisposable
    {
        public void Dispose() => owner.routes.TryRemove(completionTopic, out _);
    }
}
