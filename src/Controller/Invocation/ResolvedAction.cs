using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>An action ready to be invoked: found through its package (or binding), parameters merged.</summary>
/// <param name="Action">
/// The action as stored in its package (a binding's target), with the parameters of the package, then of the binding,
/// then its own merged (later ones win).
/// </param>
/// <param name="Revision">The store revision of the action.</param>
/// <param name="Binding">The binding it was reached through (<c>ns/binding</c>), if any.</param>
public sealed record ResolvedAction(WhiskAction Action, string Revision, string? Binding);
