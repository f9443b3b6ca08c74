using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>What a component invocation inside a sequence or composition produced.</summary>
/// <param name="Result">The activation id, with its record when it finished in time.</param>
/// <param name="AtomicCount">The primitive actions run so far in the topmost sequence, this one included.</param>
public sealed record CompositeOutcome(InvocationResult Result, int AtomicCount)
{
    /// <summary>Creates the outcome of a finished sequence or composition.</summary>
    public static CompositeOutcome Finished(ActivationRecord record, int atomicCount)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CompositeOutcome(new InvocationResult(record.ActivationId, record), atomicCount);
    }
}
