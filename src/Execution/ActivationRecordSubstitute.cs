using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>
/// What is stored in place of a record the activation store refuses (a result nested deeper than it can hold, text
/// it cannot represent such as a NUL character or a lone surrogate): the same activation (id, action, times,
/// annotations) with a developer error that says why, and without the result and logs that could not be stored. The
/// caller of a blocking invocation got the real result already; the record keeps the activation from vanishing.
/// </summary>
public static class ActivationRecordSubstitute
{
    /// <summary>The message of the substitute's error.</summary>
    public const string Message = "The activation's result and logs could not be stored by the activation store and were left out";

    /// <summary>The substitute for <paramref name="record"/>, refused by the store with <paramref name="refusal"/>.</summary>
    /// <param name="record">The refused record.</param>
    /// <param name="refusal">The store's refusal.</param>
    /// <returns>A record the store can take.</returns>
    public static ActivationRecord For(ActivationRecord record, Exception refusal)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(refusal);
        return record with
        {
            Response = ActivationResponse.DeveloperError(Message + " (" + Printable(refusal.Message) + ")."),
            Logs = [],
        };
    }

    /// <summary>The refusal's text without control characters or lone surrogates, which the store may refuse again, and at most 200 characters.</summary>
    private static string Printable(string text)
    {
        var kept = new System.Text.StringBuilder(Math.Min(text.Length, 200));
        for (var i = 0; i < text.Length && kept.Length < 200; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                kept.Append(' ');
            }
            else
            {
                kept.Append(c);
            }
        }

        return kept.ToString().TrimEnd(' ', '.');
    }
}
