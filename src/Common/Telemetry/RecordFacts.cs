using System.Text.Json;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Common.Telemetry;

/// <summary>What the per-action metrics read from a record's annotations, in one pass.</summary>
/// <param name="Path">The <c>path</c> annotation.</param>
/// <param name="Kind">The <c>kind</c> annotation.</param>
/// <param name="MemoryMb">The memory limit from the <c>limits</c> annotation (0 without one).</param>
/// <param name="WaitMs">The <c>waitTime</c> annotation.</param>
/// <param name="InitMs">The <c>initTime</c> annotation (0 when warm).</param>
internal readonly record struct RecordFacts(string? Path, string? Kind, long MemoryMb, long WaitMs, long InitMs)
{
    // The texts read last: records of the same action in a row (the common case) then cost no new strings.
    private static string? lastPath;
    private static string? lastKind;

    public static RecordFacts From(ActivationRecord record)
    {
        string? path = null;
        string? kind = null;
        long memoryMb = 0;
        long waitMs = 0;
        long initMs = 0;
        var annotations = record.Annotations;
        for (var i = 0; i < annotations.Count; i++)
        {
            var annotation = annotations[i];
            var value = annotation.Value;
            switch (annotation.Key)
            {
                case "path" when value.ValueKind == JsonValueKind.String:
                    path = Text(value, ref lastPath);
                    break;
                case "kind" when value.ValueKind == JsonValueKind.String:
                    kind = Text(value, ref lastKind);
                    break;
                case "limits" when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("memory", out var memory) && memory.ValueKind == JsonValueKind.Number && memory.TryGetInt64(out var mb):
                    memoryMb = mb;
                    break;
                case "waitTime" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var wait):
                    waitMs = wait;
                    break;
                case "initTime" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var init):
                    initMs = init;
                    break;
            }
        }

        return new RecordFacts(path, kind, memoryMb, waitMs, initMs);
    }

    private static string? Text(JsonElement value, ref string? last)
    {
        var known = Volatile.Read(ref last);
        if (known is not null && value.ValueEquals(known))
        {
            return known;
        }

        var text = value.GetString();
        Volatile.Write(ref last, text);
        return text;
    }
}
