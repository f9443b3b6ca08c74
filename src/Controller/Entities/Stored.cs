namespace OpenWhisk.Controller.Entities;

/// <summary>An entity with the store revision it was read at.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Entity">The entity.</param>
/// <param name="Revision">Its revision.</param>
public sealed record Stored<T>(T Entity, string Revision)
    where T : class;
