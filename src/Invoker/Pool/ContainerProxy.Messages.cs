using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>The messages of a container proxy's mailbox.</summary>
internal sealed partial class ContainerProxy
{
    private sealed record PrewarmStart(ContainerRequest Request);

    private sealed record RunJob(ActivationJob Job, IdlePlan IdlePlan, ContainerRequest? ColdStart);

    private sealed record PrepareStart(ActivationJob Template, ContainerRequest Request, IdlePlan IdlePlan);

    private sealed record PrepareFinished(bool Succeeded);

    private sealed record RemoveRequest;

    private sealed record PrewarmCreated(IContainer Container);

    private sealed record PrewarmFailed(string Reason);

    private sealed record ColdCreated(IContainer Container);

    private sealed record ColdStartFailed(ActivationJob Job);

    private sealed record Initialized;

    private sealed record RunFinished(ActivationJob Job, ActivationRunResult Result);

    /// <summary>Collecting an earlier activation's logs failed after it answered: the container must go.</summary>
    private sealed record LogsFailed;

    private sealed record ResumeFailed(ActivationJob Job);

    private sealed record PauseDue(int Generation);

    private sealed record PauseFinished(Exception? Error);

    private sealed record IdleDue(int Generation);

    private sealed record Destroyed;
}
