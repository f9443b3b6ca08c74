using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Execution;

/// <summary>Builds activation records with OpenWhisk's fields and annotations.</summary>
public static class ActivationRecordFactory
{
    /// <summary>The record of an activation that ended at <paramref name="now"/> without running.</summary>
    /// <param name="job">The activation.</param>
    /// <param name="response">Why it ended.</param>
    /// <param name="now">When it ended.</param>
    /// <returns>The record, without logs; its wait time counts from the transaction's start.</returns>
    public static ActivationRecord Aborted(ActivationJob job, ActivationResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var received = DateTimeOffset.FromUnixTimeMilliseconds(job.Message.TransactionId.StartEpochMs);
        return Create(job, response, now, now, null, now - received, false);
    }

    /// <summary>Builds the record of an activation that reached a container.</summary>
    /// <param name="job">The activation.</param>
    /// <param name="response">Its outcome.</param>
    /// <param name="start">Its start (the init start when it was initialized).</param>
    /// <param name="end">Its end.</param>
    /// <param name="initTime">The duration of <c>/init</c>, when this activation initialized the container.</param>
    /// <param name="waitTime">From the controller receiving the request to the first call to the container.</param>
    /// <param name="timedOut">Whether the time limit was reached.</param>
    /// <returns>The record, without logs.</returns>
    public static ActivationRecord Create(
        ActivationJob job,
        ActivationResponse response,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan? initTime,
        TimeSpan waitTime,
        bool timedOut)
    {
        ArgumentNullException.ThrowIfNull(job);
        var action = job.Action;
        var message = job.Message;
        var annotations = new List<KeyValue>(8)
        {
            new("limits", AnnotationValues.Limits(action.Limits)),
            new("path", AnnotationValues.Text(action.FullyQualifiedName)),
            new("kind", AnnotationValues.Text(action.Exec.Kind)),
            new("timeout", AnnotationValues.Boolean(timedOut)),
        };
        if (message.IsComponent)
        {
            annotations.Add(new("causedBy", AnnotationValues.Text(ActivationMessage.CausedBySequence)));
        }

        if (initTime is { } init)
        {
            annotations.Add(new("initTime", AnnotationValues.Milliseconds((long)init.TotalMilliseconds)));
        }

        annotations.Add(new("waitTime", AnnotationValues.Milliseconds(Math.Max(0, (long)waitTime.TotalMilliseconds))));
        if (message.Action.Binding is not null)
        {
            annotations.Add(new("binding", AnnotationValues.Text(message.Action.Binding)));
        }

        if (message.Balancer is not null)
        {
            annotations.Add(new("balancer", AnnotationValues.Text(message.Balancer)));
        }

        var startMs = start.ToUnixTimeMilliseconds();
        var endMs = end.ToUnixTimeMilliseconds();
        return new ActivationRecord
        {
            Namespace = message.User.Namespace.Name,
            Name = action.Name,
            Subject = message.User.Subject,
            ActivationId = message.ActivationId,
            Start = startMs,
            End = endMs,
            Duration = endMs - startMs,
            Cause = message.Cause,
            Response = response,
            Version = action.Version,
            Annotations = annotations,
        };
    }
}
