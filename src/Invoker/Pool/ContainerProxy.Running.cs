using OpenWhisk.Common.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>A container proxy while activations run in it, and while it is being removed.</summary>
internal sealed partial class ContainerProxy
{
    private void HandleRunning(object message)
    {
        switch (message)
        {
            case ColdCreated created:
                container = created.Container;
                break;
            case ColdStartFailed failed:
                activeCount--;
                parent.JobFinished(failed.Job);
                parent.ContainerRemoved(this, replacePrewarm: true);
                AbortBuffered(ActivationResponse.WhiskError(ActivationMessages.AbnormalRun));
                rescheduleJob = true;
                destroying = true;
                Become(ContainerProxyState.Removing);
                Stop();
                break;
            case Initialized:
                initialized = true;
                ProcessBuffer();
                break;
            case PrepareFinished { Succeeded: true }:
                counters.WaitedForPreparations(runBuffer.Count);
                initialized = true;
                parent.Prepared(this);
                ProcessBuffer();
                if (activeCount == 0)
                {
                    BecomeIdle();
                }

                break;
            case PrepareFinished:
                Destroy(replacePrewarm: false);
                break;
            case RunJob run when rescheduleJob:
                parent.Reschedule(run.Job);
                break;
            case RunJob run when initialized && activeCount < run.Job.Action.Limits.Concurrency:
                activeCount++;
                idle = run.IdlePlan;
                Execute(run.Job, initialize: false, reusedWarm: true);
                break;
            case RunJob run:
                idle = run.IdlePlan;
                runBuffer.Enqueue(run.Job);
                break;
            case RunFinished finished:
                activeCount--;
                OnRunFinished(finished);
                break;
            case ResumeFailed failed:
                activeCount--;
                parent.Reschedule(failed.Job);
                rescheduleJob = true;
                Destroy(replacePrewarm: true);
                break;
            case LogsFailed:
                condemned = true;
                break;
            default:
                stash.Enqueue(message);
                break;
        }
    }

    private void OnRunFinished(RunFinished finished)
    {
        var result = finished.Result;
        switch (result.Verdict)
        {
            case ContainerVerdict.Keep when condemned && activeCount == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Keep:
                parent.JobFinished(finished.Job);
                ProcessBuffer();
                if (activeCount == 0 && runBuffer.Count == 0)
                {
                    BecomeIdle();
                }

                break;
            case ContainerVerdict.Destroy when !initialized:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true, abortResponse: result.InitFailure ?? result.Record?.Response);
                break;
            case ContainerVerdict.Destroy when activeCount == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Destroy:
                parent.JobFinished(finished.Job);
                rescheduleJob = true;
                Become(ContainerProxyState.Removing);
                break;
            case ContainerVerdict.Reschedule:
                parent.Reschedule(finished.Job);
                rescheduleJob = true;
                Destroy(replacePrewarm: true);
                break;
        }
    }

    private void HandleRemoving(object message)
    {
        switch (message)
        {
            case RunJob run:
                parent.Reschedule(run.Job);
                break;
            case RunFinished finished:
                activeCount--;
                if (finished.Result.Verdict == ContainerVerdict.Reschedule)
                {
                    parent.Reschedule(finished.Job);
                }
                else
                {
                    parent.JobFinished(finished.Job);
                }

                if (activeCount == 0)
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case ResumeFailed failed:
                activeCount--;
                parent.Reschedule(failed.Job);
                break;
            case Destroyed:
                Stop();
                break;
        }
    }

    private void ProcessBuffer()
    {
        while (runBuffer.Count > 0 && activeCount < runBuffer.Peek().Action.Limits.Concurrency)
        {
            var job = runBuffer.Dequeue();
            activeCount++;
            Execute(job, initialize: false, reusedWarm: false);
        }
    }

    /// <summary>Starts removing the container (OpenWhisk's destroyContainer).</summary>
    private void Destroy(bool replacePrewarm, ActivationResponse? abortResponse = null)
    {
        if (destroying)
        {
            return;
        }

        destroying = true;
        var wasPaused = State == ContainerProxyState.Paused;
        Become(ContainerProxyState.Removing);
        if (rescheduleJob)
        {
            parent.RescheduleJob(this);
        }
        else
        {
            parent.ContainerRemoved(this, replacePrewarm);
        }

        if (abortResponse is not null)
        {
            AbortBuffered(abortResponse);
        }
        else
        {
            while (runBuffer.TryDequeue(out var job))
            {
                parent.Reschedule(job);
            }
        }

        _ = DestroyContainerAsync(wasPaused);
    }

    /// <summary>Ends buffered jobs with <paramref name="response"/>: they waited for a container that failed.</summary>
    private void AbortBuffered(ActivationResponse response)
    {
        while (runBuffer.TryDequeue(out var job))
        {
            _ = AbortAsync(job, response);
        }
    }
}
