using System.CommandLine;
using System.Security.Cryptography;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Plugins.Packages;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Admin;

/// <summary>
/// <c>OpenWhisk.Controller admin user create &lt;subject&gt; [--namespace ns] [--key uuid:secret]</c> and
/// <c>admin user get &lt;subject&gt;</c>: manage subjects and keys in the artifact store the configuration selects;
/// <c>admin plugins add|list|remove</c>: install plugins from NuGet packages (<see cref="PluginsCommand"/>)
/// (the same configuration files and variables as the controller; <c>--Section:Key=value</c> settings are passed on).
/// Parsed by System.CommandLine, which also answers <c>--help</c>. Exit codes: 0 done, 1 the subject does not exist,
/// 2 a usage error.
/// </summary>
public static class AdminCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The whole command line, starting with <c>admin</c>.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var subject = new Argument<string>("subject") { Description = "The subject (user)." };
        var ns = new Option<string?>("--namespace") { Description = "Its namespace (default: the subject)." };
        var key = new Option<string?>("--key") { Description = "Its key, uuid:secret (default: a new random key)." };
        var create = new Command("create", "Creates the subject (or gives it the namespace and key) and prints the key.") { subject, ns, key };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? CreateAsync(result.GetValue(subject)!, result.GetValue(ns), result.GetValue(key), settings, cancellationToken)
            : Task.FromResult(2));
        var get = new Command("get", "Prints the subject's namespaces and keys.") { subject };
        get.TreatUnmatchedTokensAsErrors = false;
        get.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? GetAsync(result.GetValue(subject)!, settings, cancellationToken)
            : Task.FromResult(2));
        var root = new RootCommand("OpenWhisk.NET's controller; `admin` manages subjects and keys in the artifact store, and plugins.")
        {
            new Command("admin", "Manages subjects and keys in the artifact store, and plugins.")
            {
                new Command("user", "Subjects and their keys.") { create, get },
                PluginsCommand.Create(ControllerRoles.Standalone),
            },
        };

        return CommandLineSettings.InvokeAsync(root, args, "OpenWhisk.Controller admin --help");
    }

    private static async Task<int> GetAsync(string subject, string[] settings, CancellationToken cancellationToken)
    {
        using var host = BuildHost(settings);
        var found = await host.Services.GetRequiredService<IArtifactStore>().GetSubjectAsync(subject, cancellationToken);
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

    private static async Task<int> CreateAsync(string subject, string? ns, string? key, string[] settings, CancellationToken cancellationToken)
    {
        using var host = BuildHost(settings);
        var identity = new IdentityOptions
        {
            Subject = subject,
            Namespace = ns ?? subject,
            Key = key ?? Guid.NewGuid() + ":" + Secret(),
        };
        await host.Services.GetRequiredService<IdentityBootstrap>().EnsureAsync(identity, cancellationToken);
        Console.WriteLine(identity.Key);
        return 0;
    }

    private static IHost BuildHost(string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddOpenWhiskConfiguration(ControllerRoles.Standalone, settings);
        builder.Logging.ClearProviders();
        builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns(), installPackages: false).Select<IArtifactStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IdentityBootstrap>();
        return builder.Build();
    }

    private static string Secret()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return new string(Enumerable.Range(0, 64).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
    }
}
