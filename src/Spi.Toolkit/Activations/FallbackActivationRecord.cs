using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Toolkit.Activations;

/// <summary>
/// The record of an activation that never reached a container or whose end was never reported (the action could not
/// be fetched, the platform stopped, or the invoker went silent), with the fields and annotations OpenWhisk gives it.
/// </summary>
public static class FallbackActivationRecord
{
    /// <summary>Builds the record: start = end = <paramref name="now"/>, no duration, kind <c>unknown</c>.</summary>
    /// <param name="message">The activation message.</param>
    /// <param name="response">The outcome to report.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The record.</returns>
    public static ActivationRecord For(ActivationMessage message, ActivationResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var annotations = new List<KeyValue>
        {
            KeyValue.Of("path", message.Action.FullyQualifiedName),
            KeyValue.Of("kind", "unknown"),
        };
        if (message.IsComponent)
        {
            annotations.Add(KeyValue.Of("causedBy", ActivationMessage.CausedBySequence));
        }

        if (message.Balancer is not null)
        {
            annotations.Add(KeyValue.Of("balancer", message.Balancer));
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        return new ActivationRecord
        {
            Namespace = message.User.Namespace.Name,
            Name = message.Action.Name,
            Subject = message.User.Subject,
            ActivationId = message.ActivationId,
            Start = nowMs,
            End = nowMs,
            Duration = 0,
            Cause = message.Cause,
            Response = response,
            Version = message.Action.Version ?? SemVer.Initial,
            Annotations = annotations,
        };
    }
}
