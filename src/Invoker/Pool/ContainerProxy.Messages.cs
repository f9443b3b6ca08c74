using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>The messages of a container proxy's mailbox.</summary>
internal sealed partial class ContainerProxy
{
    private sealed record PrewarmStart(ContainerRequest Request) : ProxyMessage;

    private sealed record RunJob(ActivationJob Job, IdlePlan IdlePlan, ContainerRequest? ColdStart) : ProxyMessage;

    private sealed record PrepareStart(ActivationJob Template, ContainerRequest Request, IdlePlan IdlePlan) : ProxyMessage;

    private sealed record PrepareFinished(bool Succeeded) : ProxyMessage;

    private sealed record RemoveRequest : ProxyMessage;

    private sealed record PrewarmCreated(IContainer Container) : ProxyMessage;

    private sealed record PrewarmFailed(string Reason) : ProxyMessage;

    private sealed record ColdCreated(IContainer Container) : ProxyMessage;

    private sealed record ColdStartFailed(ActivationJob Job) : ProxyMessage;

    private sealed record Initialized : ProxyMessage;

    private sealed record RunFinished(ActivationJob Job, ActivationRunResult Result) : ProxyMessage;

    /// <summary>Collecting an earlier activation's logs failed after it answered: the container must go.</summary>
    private sealed record LogsFailed : ProxyMessage;

    private sealed record ResumeFailed(ActivationJob Job) : ProxyMessage;

    private sealed record PauseDue : ProxyMessage;

    private sealed record PauseFinished(Exception? Error) : ProxyMessage;

    private sealed record IdleDue : ProxyMessage;

    private sealed record Destroyed : ProxyMessage;
}
