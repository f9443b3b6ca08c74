using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>The pool's new containers: their proxies, names, CPU shares and the request a cold start sends.</summary>
internal sealed partial class ContainerPool
{
    /// <summary>Starts a new container for <paramref name="job"/>, kept once idle as <paramref name="plan"/> says.</summary>
    private void ColdStart(ActivationJob job, IdlePlan plan)
    {
        var exec = job.Action.Exec;
        var memory = job.Action.Limits.MemoryMb;
        if (!exec.IsBlackbox && manifest.Resolve(exec.Kind) is { } runtime && prewarmConfigs.Any(c => c.Kind == runtime.Kind && c.MemoryMb == memory))
        {
            var key = (runtime.Kind, memory);
            coldStartsByStemCell[key] = coldStartsByStemCell.GetValueOrDefault(key) + 1;
        }

        var proxy = NewProxy();
        var entry = new Entry(proxy) { Kind = PoolEntryKind.Cold, MemoryMb = memory };
        entries.Add(entry);
        Assign(entry, job, PoolEntryKind.WarmingCold);
        proxy.Run(job, plan, ColdStartRequest(job));
    }

    /// <summary>What creating a container for <paramref name="job"/>'s action asks of the container factory.</summary>
    private ContainerRequest ColdStartRequest(ActivationJob job)
    {
        var exec = job.Action.Exec;
        var memory = job.Action.Limits.MemoryMb;
        return new ContainerRequest
        {
            Name = ContainerNames.ForAction(owner, proxyCount + 1, job.Message.User.Namespace.Name, job.Action.Name),
            Owner = owner,
            Kind = exec.Kind,
            ActionName = job.Action.FullyQualifiedName,
            Image = manifest.ImageFor(exec) ?? exec.Kind,
            UserProvidedImage = exec.IsBlackbox,
            MemoryMb = memory,
            CpuShares = CpuShares(memory),
            Logging = deps.Runner.ContainerLogging,
            LogsCollected = deps.Runner.CollectsLogs,
            TransactionId = job.Message.TransactionId,
        };
    }

    private ContainerProxy NewProxy()
    {
        var proxy = new ContainerProxy(++proxyCount, this, deps, Counters);
        live.Add(proxy);
        return proxy;
    }

    /// <summary>OpenWhisk's CPU share: max(1024 / (user memory / action memory), 2), with integer division.</summary>
    private int CpuShares(int memory) => ContainerRequest.CpuSharesFor(memory, capacityMb);

}
