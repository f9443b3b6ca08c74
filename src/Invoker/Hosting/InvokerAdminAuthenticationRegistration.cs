using Microsoft.AspNetCore.Authentication;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>What <see cref="InvokerEndpoints.MapInvokerEndpoints"/> needs from the host: the operators' authentication scheme.</summary>
public static class InvokerAdminAuthenticationRegistration
{
    /// <summary>Registers <see cref="InvokerAdminAuthentication"/> and authorization.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInvokerAdminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, InvokerAdminAuthentication>(InvokerAdminAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
