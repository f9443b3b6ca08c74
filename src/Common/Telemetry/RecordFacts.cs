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
    public static RecordFacts From(ActivationRecord record)
    {
        string? path = null;
        string? kind = null;
        long memoryMb = 0;
        long waitMs = 0;
        long initMs = 0;
        foreach (var annotation in record.Annotations)
        {
            var value = annotation.Value;
            switch (annotation.Key)
            {
                case "path" when value.ValueKind == JsonValueKind.String:
                    path = value.GetString();
                    break;
                case "kind" when value.ValueKind == JsonValueKind.String:
                    kind = value.GetString();
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
}
