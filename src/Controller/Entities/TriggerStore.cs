using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>Triggers in the artifact store.</summary>
public sealed class TriggerStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<WhiskTrigger>(store, options, timeProvider)
{
    public override string EntityType => EntityTypes.Trigger;

    protected override (string Namespace, string Name, long Updated) Describe(WhiskTrigger entity) =>
        (entity.Namespace, entity.Name, entity.Updated);
}
