using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// The <c>require-whisk-auth</c> annotation of a web action: <c>true</c> lets only callers with a valid OpenWhisk key
/// in; a string or number is a secret the <c>X-Require-Whisk-Auth</c> header must carry (compared in constant time);
/// <c>false</c> or no annotation lets everyone in; any other value lets nobody in.
/// </summary>
public static class WebActionAuthorization
{
    /// <summary>The header that carries the secret.</summary>
    public const string SecretHeader = "X-Require-Whisk-Auth";

    /// <summary>Whether the request may run the action.</summary>
    public static bool Allows(IReadOnlyList<KeyValue> annotations, IHeaderDictionary headers, Identity? caller)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(headers);
        return annotations.Find("require-whisk-auth") switch
        {
            null => true,
            { ValueKind: JsonValueKind.String } secret => Matches(headers, secret.GetString()!),
            { ValueKind: JsonValueKind.Number } secret => Matches(headers, secret.GetRawText()),
            { ValueKind: JsonValueKind.True } => caller is not null,
            { ValueKind: JsonValueKind.False } => true,
            _ => false,
        };
    }

    private static bool Matches(IHeaderDictionary headers, string expected) =>
        headers.TryGetValue(SecretHeader, out var given) && given.Count > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[0]!), Encoding.UTF8.GetBytes(expected));
}
