namespace OpenWhisk.Controller.Api;

/// <summary>
/// The request's transaction id and arrival time, kept as a request feature: Kestrel reuses a connection's list of
/// such features from request to request, where <see cref="HttpContext.Items"/> builds a dictionary (and boxes the
/// time) for every request.
/// </summary>
/// <param name="Id">The transaction id.</param>
/// <param name="StartEpochMs">When the request arrived, in milliseconds since the epoch.</param>
internal sealed record RequestTransactionFeature(string Id, long StartEpochMs);
