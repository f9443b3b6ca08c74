using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Logs;

/// <summary>What a log store needs to collect one activation's logs.</summary>
public sealed record LogCollectionContext
{
    /// <summary>Gets the activation record, without logs.</summary>
    public required ActivationRecord Activation { get; init; }

    /// <summary>Gets the action that ran.</summary>
    public required WhiskAction Action { get; init; }

    /// <summary>Gets the identity that invoked it.</summary>
    public required Identity User { get; init; }

    /// <summary>Gets the container it ran in.</summary>
    public required IContainer Container { get; init; }
}
