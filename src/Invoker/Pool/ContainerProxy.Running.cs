using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Invoker.Pool;

/// <summary>A container proxy while activations run in it, and while it is being removed.</summary>
internal sealed partial class ContainerProxy
{
    private void HandleRunning(RunningPhase running, ProxyMessage message)
    {
        switch (message)
        {
            case ColdCreated created:
                Become(running with { Container = created.Container });
                break;
            case ColdStartFailed failed:
                parent.JobFinished(failed.Job);
                parent.ContainerRemoved(this, replacePrewarm: true);
                AbortBuffered(ActivationResponse.WhiskError(ActivationMessages.AbnormalRun));
                Become(new RemovingPhase(null, running.Active - 1, Rescheduling: true, Destroying: true));
                Terminate();
                break;
            case Initialized:
                Become(running with { Initialized = true });
                ProcessBuffer();
                break;
            case PrepareFinished { Succeeded: true }:
                counters.WaitedForPreparations(runBuffer.Count);
                Become(running with { Initialized = true });
                parent.Prepared(this);
                ProcessBuffer();
                if (phase is RunningPhase { Active: 0 } prepared)
                {
                    BecomeIdle(prepared.Container!);
                }

                break;
            case PrepareFinished:
                Destroy(replacePrewarm: false);
                break;
            case RunJob run when running.Initialized && running.Active < run.Job.Action.Limits.Concurrency:
                idle = run.IdlePlan;
                Become(running with { Active = running.Active + 1 });
                Execute(running.Container!, run.Job, initialize: false, reusedWarm: true);
                break;
            case RunJob run:
                idle = run.IdlePlan;
                runBuffer.Enqueue(run.Job);
                break;
            case RunFinished finished:
                Become(running with { Active = running.Active - 1 });
                OnRunFinished(finished);
                break;
            case ResumeFailed failed:
                Become(running with { Active = running.Active - 1 });
                parent.Reschedule(failed.Job);
                Destroy(replacePrewarm: true, rescheduling: true);
                break;
            case LogsFailed:
                Become(running with { Condemned = true });
                break;
            default:
                stash.Enqueue(message);
                break;
        }
    }

    private void OnRunFinished(RunFinished finished)
    {
        var running = (RunningPhase)phase;
        var result = finished.Result;
        switch (result.Verdict)
        {
            case ContainerVerdict.Keep when running.Condemned && running.Active == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Keep:
                parent.JobFinished(finished.Job);
                ProcessBuffer();
                if (phase is RunningPhase { Active: 0 } idleNow && runBuffer.Count == 0)
                {
                    BecomeIdle(idleNow.Container!);
                }

                break;
            case ContainerVerdict.Destroy when !running.Initialized:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true, abortResponse: result.InitFailure ?? result.Record?.Response);
                break;
            case ContainerVerdict.Destroy when running.Active == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Destroy:
                // Others still run in it: the removal waits for them.
                parent.JobFinished(finished.Job);
                Become(new RemovingPhase(running.Container, running.Active, Rescheduling: true, Destroying: false));
                break;
            case ContainerVerdict.Reschedule:
                parent.Reschedule(finished.Job);
                Destroy(replacePrewarm: true, rescheduling: true);
                break;
        }
    }

    private void HandleRemoving(RemovingPhase removing, ProxyMessage message)
    {
        switch (message)
        {
            case RunJob run:
                parent.Reschedule(run.Job);
                break;
            case RunFinished finished:
                Become(removing with { Active = removing.Active - 1 });
                if (finished.Result.Verdict == ContainerVerdict.Reschedule)
                {
                    parent.Reschedule(finished.Job);
                }
                else
                {
                    parent.JobFinished(finished.Job);
                }

                if (removing.Active - 1 == 0)
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case ResumeFailed failed:
                Become(removing with { Active = removing.Active - 1 });
                parent.Reschedule(failed.Job);
                if (removing.Active - 1 == 0)
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case Destroyed:
                Terminate();
                break;

            // A container on its way out takes no new work and needs no other news of it (a late init, logs, removal).
            default:
                break;
        }
    }

    private void ProcessBuffer()
    {
        while (runBuffer.Count > 0 && phase is RunningPhase running && running.Active < runBuffer.Peek().Action.Limits.Concurrency)
        {
            var job = runBuffer.Dequeue();
            Become(running with { Active = running.Active + 1 });
            Execute(running.Container!, job, initialize: false, reusedWarm: false);
        }
    }

    /// <summary>
    /// Starts removing the container (OpenWhisk's destroyContainer), once: tells the pool (that the job came back, when
    /// <paramref name="rescheduling"/> or when an earlier step said so), ends or reschedules the buffered jobs, destroys.
    /// </summary>
    private void Destroy(bool replacePrewarm, ActivationResponse? abortResponse = null, bool rescheduling = false)
    {
        if (phase is RemovingPhase { Destroying: true })
        {
            return;
        }

        var wasPaused = phase is PausedPhase;
        var container = phase.Current;
        rescheduling |= phase is RemovingPhase { Rescheduling: true };
        var active = phase switch
        {
            RunningPhase running => running.Active,
            RemovingPhase removing => removing.Active,
            _ => 0,
        };
        Become(new RemovingPhase(container, active, rescheduling, Destroying: true));
        if (rescheduling)
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

        _ = DestroyContainerAsync(container, wasPaused);
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
