using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Execution;

/// <summary>One activation to run: the action as fetched for it and the message that asked for it.</summary>
/// <param name="Action">The action.</param>
/// <param name="Message">The activation message.</param>
public sealed record ActivationJob(WhiskAction Action, ActivationMessage Message)
{
    /// <summary>Gets what a warm container must match to run this job (OpenWhisk compares the whole action).</summary>
    public ActionKey Key { get; } = ActionKey.For(Action, Message);

    /// <summary>
    /// Gets a value indicating whether the job took one of the message feed's credits, to be given back when it
    /// finishes; jobs handed over in process (the lean balancer's local invoker) take none.
    /// </summary>
    public bool HoldsFeedCredit { get; init; } = true;
}
