namespace OpenWhisk.Controller.Api;

/// <summary>Per-request values: the transaction id and when the request arrived.</summary>
public static class RequestContext
{
    private const string TransactionKey = "ow.transaction";
    private const string StartKey = "ow.start";

    public static string TransactionId(this HttpContext context) =>
        context.Items.TryGetValue(TransactionKey, out var id) && id is string text ? text : string.Empty;

    public static long StartEpochMs(this HttpContext context) =>
        context.Items.TryGetValue(StartKey, out var start) && start is long ms ? ms : 0;

    internal static void Set(HttpContext context, string transactionId, long startEpochMs)
    {
        context.Items[TransactionKey] = transactionId;
        context.Items[StartKey] = startEpochMs;
    }
}
