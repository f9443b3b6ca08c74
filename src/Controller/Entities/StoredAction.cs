using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>An action with the store revision it was read at.</summary>
/// <param name="Action">The action.</param>
/// <param name="Revision">Its revision.</param>
public sealed record StoredAction(WhiskAction Action, string Revision);
