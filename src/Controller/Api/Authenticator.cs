using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Caching;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// HTTP Basic authentication with an API key <c>uuid:key</c>: the namespace is looked up by its UUID and the key
/// compared in constant time. Accepted keys (by their decoded value, however the header spells them) and namespace
/// owners are remembered for <see cref="ControllerOptions.IdentityCacheTime"/>, at most
/// <see cref="ControllerOptions.IdentityCacheMaxEntries"/> of each.
/// </summary>
public sealed class Authenticator(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
{
    /// <summary>The longest Basic header value the cached path decodes on the stack (OpenWhisk's keys take 152 characters).</summary>
    private const int MaxStackCredentials = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly BoundedCache<Identity> accepted = new(options.Value.IdentityCacheMaxEntries);
    private readonly BoundedCache<Identity> owners = new(options.Value.IdentityCacheMaxEntries);

    public async ValueTask<Identity> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(401, ApiMessages.AuthenticationMissing);
        }

        if (TryAccepted(header.AsSpan(6).Trim(), out var known))
        {
            return known;
        }

        var credentials = Decode(header[6..].Trim()) ?? throw new ApiException(401, ApiMessages.AuthenticationInvalid);
        if (accepted.TryGet(credentials, timeProvider.GetTimestamp(), out var cached))
        {
            return cached;
        }

        var identity = await VerifyAsync(credentials, context.RequestAborted) ?? throw new ApiException(401, ApiMessages.AuthenticationInvalid);
        Remember(accepted, credentials, identity);
        return identity;
    }

    /// <summary>
    /// Authenticates when the request carries valid Basic credentials; null when it carries none or invalid ones (web
    /// actions take both as anonymous).
    /// </summary>
    public async ValueTask<Identity?> TryAuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return context.Request.Headers.Authorization.Count == 0 ? null : await AuthenticateAsync(context);
        }
        catch (ApiException unauthenticated) when (unauthenticated.Status == 401)
        {
            return null;
        }
    }

    /// <summary>The identity of the owner of the namespace with UUID <paramref name="uuid"/> (API routes name it so); null when there is none.</summary>
    public ValueTask<Identity?> IdentityOfNamespaceUuidAsync(string uuid, CancellationToken cancellationToken) =>
        OwnerAsync("#" + uuid, token => store.FindSubjectByUuidAsync(uuid, token), n => n.Uuid == uuid, cancellationToken);

    /// <summary>The identity of the owner of namespace <paramref name="namespaceName"/> (web actions run as it); null when no subject owns it.</summary>
    public ValueTask<Identity?> IdentityOfNamespaceAsync(string namespaceName, CancellationToken cancellationToken) =>
        OwnerAsync(namespaceName, token => store.FindSubjectByNamespaceAsync(namespaceName, token), n => n.Name == namespaceName, cancellationToken);

    /// <summary>Checks an API key <c>uuid:key</c> (for example one an alarm stored); null when it is not valid.</summary>
    public Task<Identity?> IdentityOfKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        VerifyAsync(apiKey ?? string.Empty, cancellationToken);

    /// <summary>Forgets remembered keys (after a subject changed).</summary>
    public void Forget()
    {
        accepted.Clear();
        owners.Clear();
    }

    /// <summary>Gets how many keys the cache holds now (for tests and diagnostics).</summary>
    public int CachedKeyCount => accepted.Count;

    /// <summary>A namespace owner's identity, remembered under <paramref name="key"/> for the identity cache time.</summary>
    private async ValueTask<Identity?> OwnerAsync(
        string key, Func<CancellationToken, Task<SubjectRecord?>> find, Func<SubjectNamespace, bool> isNamespace, CancellationToken cancellationToken)
    {
        if (owners.TryGet(key, timeProvider.GetTimestamp(), out var cached))
        {
            return cached;
        }

        var subject = await find(cancellationToken);
        var ns = subject?.Namespaces.FirstOrDefault(isNamespace);
        if (subject is null || subject.Blocked || ns is null)
        {
            return null;
        }

        var identity = IdentityOf(subject, ns);
        Remember(owners, key, identity);
        return identity;
    }

    private void Remember(BoundedCache<Identity> cache, string key, Identity identity)
    {
        var keep = options.Value.IdentityCacheTime;
        if (keep > TimeSpan.Zero)
        {
            cache.Set(key, identity, 1, timeProvider.GetTimestamp() + (long)(keep.TotalSeconds * timeProvider.TimestampFrequency));
        }
    }

    /// <summary>
    /// Finds a remembered key by a Basic header's value, decoded on the stack: the path every request of a known caller
    /// takes makes no string of it. False for anything else (not remembered, too long, not base64 of UTF-8), which the
    /// caller then decodes and checks the slow way.
    /// </summary>
    private bool TryAccepted(ReadOnlySpan<char> encoded, out Identity identity)
    {
        identity = null!;
        if (encoded.Length > MaxStackCredentials)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxStackCredentials / 4 * 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        Span<char> chars = stackalloc char[length];
        int count;
        try
        {
            count = StrictUtf8.GetChars(bytes[..length], chars);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return accepted.TryGet(chars[..count], timeProvider.GetTimestamp(), out identity);
    }

    /// <summary>The <c>uuid:key</c> of a Basic header's value; null when it is not base64 of UTF-8.</summary>
    private static string? Decode(string encoded)
    {
        try
        {
            return StrictUtf8.GetString(Convert.FromBase64String(encoded));
        }
        catch (Exception invalid) when (invalid is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<Identity?> VerifyAsync(string credentials, CancellationToken cancellationToken)
    {
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == credentials.Length - 1)
        {
            return null;
        }

        var uuid = credentials[..colon];
        var key = credentials[(colon + 1)..];
        var subject = await store.FindSubjectByUuidAsync(uuid, cancellationToken);
        var ns = subject?.Namespaces.FirstOrDefault(n => n.Uuid == uuid);
        if (subject is null || subject.Blocked || ns is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ns.Key), Encoding.UTF8.GetBytes(key)))
        {
            return null;
        }

        return IdentityOf(subject, ns);
    }

    private static Identity IdentityOf(SubjectRecord subject, SubjectNamespace ns) => new()
    {
        Subject = subject.Subject,
        Namespace = new NamespaceInfo(ns.Name, ns.Uuid),
        AuthKey = new AuthKey(ns.Uuid + ":" + ns.Key),
        Limits = ns.Limits,
    };
}
