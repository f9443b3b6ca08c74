using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// The invoker's operator routes' Basic authentication (<c>Invoker:AdminUser</c> and <c>Invoker:AdminPassword</c>,
/// compared in constant time), as an ASP.NET Core authentication scheme; a refused or missing key is answered with
/// 401 and OpenWhisk's <c>{"error": ...}</c>.
/// </summary>
public sealed class InvokerAdminAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<InvokerOptions> invoker)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "InvokerAdmin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var configured = invoker.Value;
        var expected = Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(configured.AdminUser + ":" + configured.AdminPassword)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(header[6..].Trim())))
        {
            return Task.FromResult(AuthenticateResult.Fail("The supplied authentication is invalid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, configured.AdminUser)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Response.WriteAsJsonAsync(new { error = "The supplied authentication is invalid." });
    }
}
