using System.Security.Cryptography;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Admin;

/// <summary>
/// <c>OpenWhisk.Controller admin user create &lt;subject&gt; [--namespace ns] [--key uuid:secret]</c> and
/// <c>admin user get &lt;subject&gt;</c>: manage subjects and keys in the artifact store the configuration selects
/// (the same configuration files and variables as the controller).
/// </summary>
public static class AdminCommand
{
    private const string Usage = """
        usage: OpenWhisk.Controller admin user create <subject> [--namespace <namespace>] [--key <uuid:secret>]
               OpenWhisk.Controller admin user get <subject>
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 3 || args[0] != "user" || args[1] is not ("create" or "get"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddOpenWhiskConfiguration(ControllerRoles.Standalone, args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray());
        builder.Logging.ClearProviders();
        builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns()).Select<IArtifactStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IdentityBootstrap>();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IArtifactStore>();
        var subject = args[2];
        if (args[1] == "get")
        {
            var found = await store.GetSubjectAsync(subject, CancellationToken.None);
            if (found is null)
            {
                await Console.Error.WriteLineAsync($"subject '{subject}' does not exist");
                return 1;
            }

            foreach (var ns in found.Namespaces)
            {
                Console.WriteLine($"{ns.Name}\t{ns.Uuid}:{ns.Key}");
            }

            return 0;
        }

        var identity = new IdentityOptions
        {
            Subject = subject,
            Namespace = Option(args, "--namespace") ?? subject,
            Key = Option(args, "--key") ?? Guid.NewGuid() + ":" + Secret(),
        };
        await host.Services.GetRequiredService<IdentityBootstrap>().EnsureAsync(identity, CancellationToken.None);
        Console.WriteLine(identity.Key);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string Secret()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new string(Enumerable.Range(0, 64).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
    }
}
