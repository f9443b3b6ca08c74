using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Builds the record of a sequence or composition, which the controller stores itself: the response of the last
/// step, the component activation ids as logs, the summed duration, and the annotations <c>topmost</c>, <c>path</c>,
/// <c>kind: sequence</c>, <c>conductor</c> (compositions), <c>causedBy</c>, <c>waitTime</c>, <c>binding</c> and
/// <c>limits</c> (with the largest memory of the components).
/// </summary>
public static class CompositeRecord
{
    public static ActivationRecord Build(CompositeRun run, ActivationResponse response, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(response);
        var action = run.Action.Action;
        var topmost = !run.Request.IsComponent;
        var annotations = new List<KeyValue>(8)
        {
            KeyValue.Of("topmost", topmost),
            KeyValue.Of("path", action.FullyQualifiedName),
            KeyValue.Of("kind", ActionExec.SequenceKind),
        };
        if (run.IsComposition)
        {
            annotations.Add(KeyValue.Of("conductor", true));
        }

        if (!topmost)
        {
            annotations.Add(KeyValue.Of("causedBy", ActionExec.SequenceKind));
        }

        annotations.Add(KeyValue.Of("waitTime", Math.Max(0, run.Start.ToUnixTimeMilliseconds() - run.Request.Transaction.StartEpochMs)));
        if (run.Action.Binding is { } binding)
        {
            annotations.Add(KeyValue.Of("binding", binding));
        }

        if (run.MaxMemoryMb is { } memory)
        {
            var limits = new ActionLimits { TimeoutMs = action.Limits.TimeoutMs, MemoryMb = memory, LogsMb = action.Limits.LogsMb };
            annotations.Add(new KeyValue("limits", JsonSerializer.SerializeToElement(limits, OpenWhiskJson.Options)));
        }

        return new ActivationRecord
        {
            Namespace = run.Request.User.Namespace.Name,
            Name = action.Name,
            Subject = run.Request.User.Subject,
            ActivationId = run.ActivationId,
            Start = run.Start.ToUnixTimeMilliseconds(),
            End = end.ToUnixTimeMilliseconds(),
            Duration = run.Duration,
            Cause = run.Request.Cause,
            Response = response,
            Logs = run.Logs.ToList(),
            Version = action.Version,
            Annotations = annotations,
        };
    }
}
