using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// Waits for a new service's task to run and to publish the proxy's port, and turns the ways it can fail into the
/// errors an activation record shows: the image missing on the node (a whisk error for a runtime image, a developer
/// error for a blackbox image), no node with room or matching the constraints, the task rejected or failed, or no
/// start within the timeout.
/// </summary>
internal sealed class SwarmStartup(SwarmTasks tasks, SwarmOptions options, TimeProvider timeProvider)
{
    public async Task<(TaskResponse Task, ContainerAddress Address)> WaitAsync(string serviceId, ContainerRequest request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        long? pendingSince = null;
        while (true)
        {
            var task = await tasks.CurrentAsync(serviceId, cancellationToken);
            var state = task?.Status?.State;
            if (task is not null && state == TaskState.Running && SwarmTasks.PublishedPort(task) is { } port)
            {
                return (task, new ContainerAddress(await tasks.NodeAddressAsync(task.NodeID, cancellationToken), port));
            }

            if (task is not null && state is { } ended && SwarmTasks.HasEnded(ended))
            {
                throw Ended(task, request);
            }

            if (state == TaskState.Pending && !string.IsNullOrEmpty(task!.Status.Err))
            {
                pendingSince ??= timeProvider.GetTimestamp();
                if (timeProvider.GetElapsedTime(pendingSince.Value) >= options.PendingTimeout)
                {
                    throw new ContainerStartupException(
                        ActivationMessages.ResourceErrorBecause($"no node of the cluster can run a container of {request.MemoryMb} MB ({task.Status.Err})."));
                }
            }
            else
            {
                pendingSince = null;
            }

            if (timeProvider.GetElapsedTime(started) >= options.StartTimeout)
            {
                throw new ContainerStartupException(
                    ActivationMessages.ResourceErrorBecause($"its container did not start within {options.StartTimeout.TotalSeconds:0} s (task {state?.ToString() ?? "not created"})."));
            }

            await Task.Delay(options.TaskPollInterval, timeProvider, cancellationToken);
        }
    }

    private static ContainerStartupException Ended(TaskResponse task, ContainerRequest request)
    {
        var reason = string.IsNullOrEmpty(task.Status.Err) ? task.Status.Message : task.Status.Err;
        if (reason?.Contains("No such image", StringComparison.OrdinalIgnoreCase) == true)
        {
            return request.UserProvidedImage
                ? new ContainerStartupException($"Failed to pull container image '{request.Image}'.", isDeveloperError: true)
                : new ContainerStartupException(ActivationMessages.ResourceErrorBecause($"image '{request.Image}' is missing on node {task.NodeID}."));
        }

        if (request.UserProvidedImage && reason?.Contains("starting container", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The user's image cannot start (its entrypoint is missing, for example): the user's fault, not the invoker's.
            return new ContainerStartupException($"Failed to start container image '{request.Image}': {StartFailure.Reason(reason)}", isDeveloperError: true);
        }

        return new ContainerStartupException(ActivationMessages.ResourceErrorBecause($"its task was {task.Status.State.ToString().ToLowerInvariant()} ({reason})."));
    }
}
