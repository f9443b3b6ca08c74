namespace OpenWhisk.Controller.Api;

/// <summary>Per-request values: the transaction id and when the request arrived.</summary>
public static class RequestContext
{
    public static string TransactionId(this HttpContext context) =>
        context.Features.Get<RequestTransactionFeature>()?.Id ?? string.Empty;

    public static long StartEpochMs(this HttpContext context) =>
        context.Features.Get<RequestTransactionFeature>()?.StartEpochMs ?? 0;

    internal static void Set(HttpContext context, string transactionId, long startEpochMs) =>
        context.Features.Set(new RequestTransactionFeature(transactionId, startEpochMs));
}
