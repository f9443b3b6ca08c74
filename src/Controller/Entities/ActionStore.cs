using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>Actions in the artifact store.</summary>
public sealed class ActionStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<WhiskAction>(store, options, timeProvider)
{
    public override string EntityType => EntityTypes.Action;

    protected override (string Namespace, string Name, long Updated) Describe(WhiskAction entity) =>
        (entity.Namespace, entity.Name, entity.Updated);
}
