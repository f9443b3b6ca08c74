using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>The real container pool on a given container factory, on the real clock.</summary>
internal sealed class RealTimePool : IAsyncDisposable
{
    public const string Manifest = """
        {"runtimes": {
          "nodejs": [{"kind": "nodejs:20", "default": true, "image": {"prefix": "openwhisknet", "name": "action-nodejs-v20", "tag": "latest"}}],
          "python": [{"kind": "python:3", "default": true, "image": {"prefix": "openwhisknet", "name": "action-python-v3", "tag": "latest"}}],
          "dotnet": [{"kind": "dotnet:10", "default": true, "requireMain": true, "image": {"prefix": "openwhisknet", "name": "action-dotnet-v10", "tag": "latest"}}],
          "java": [{"kind": "java:17", "default": true, "requireMain": true, "image": {"prefix": "openwhisknet", "name": "action-java-v17", "tag": "latest"}}],
          "ghost": [{"kind": "ghost:1", "image": {"prefix": "openwhisknet", "name": "no-such-runtime", "tag": "latest"}}]
        }}
        """;

    private readonly IContainerFactory factory;

    public RealTimePool(IContainerFactory factory, string owner, ContainerPoolOptions? options = null, ILogStore? logStore = null, Func<ContainerPoolOptions, ISchedulingPolicy>? policy = null)
    {
        this.factory = factory;
        Owner = owner;
        var poolOptions = options ?? new ContainerPoolOptions { PauseGrace = TimeSpan.FromSeconds(30) };
        var runner = new ActivationRunner(logStore ?? new ActivationLogStore(TimeProvider.System), Reporter, new ActivationRunnerOptions(), TimeProvider.System, NullLogger<ActivationRunner>.Instance);
        var deps = new ContainerProxyDependencies(factory, runner, Reporter, poolOptions, TimeProvider.System, NullLogger.Instance);
        Pool = new ContainerPool(owner, RuntimesManifest.Parse(Manifest), poolOptions, deps, _ => { }, memoryBudget: null, policy?.Invoke(poolOptions));
        Pool.Start();
    }

    public string Owner { get; }

    public RecordingReporter Reporter { get; } = new();

    public ContainerPool Pool { get; }

    public async Task<ActivationRecord> InvokeAsync(ActivationJob job)
    {
        Pool.Run(job);
        return await Reporter.RecordOf(job.Message.ActivationId).WaitAsync(TimeSpan.FromSeconds(90));
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await factory.CleanupAsync(Owner, CancellationToken.None);
    }
}
