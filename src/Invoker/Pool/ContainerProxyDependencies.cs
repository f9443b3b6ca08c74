using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>What every container proxy of a pool shares.</summary>
internal sealed record ContainerProxyDependencies(
    IContainerFactory Factory,
    ActivationRunner Runner,
    IActivationReporter Reporter,
    ContainerPoolOptions Options,
    TimeProvider Time,
    ILogger Logger);
