using System.CommandLine;
using System.Security.Cryptography;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Plugins.Packages;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Admin;

/// <summary>
/// <c>OpenWhisk.Standalone admin user create &lt;subject&gt; [--namespace ns] [--key uuid:secret]</c> and
/// <c>admin user get &lt;subject&gt;</c> (or <c>OpenWhisk.Controller admin ...</c>): manage subjects and keys in the
/// artifact store the configuration selects; <c>admin plugins add|list|remove</c>: install plugins from NuGet packages
/// (<see cref="PluginsCommand"/>) (the same configuration files and variables as the process of that role;
/// <c>--Section:Key=value</c> settings are passed on).
/// Parsed by System.CommandLine, which also answers <c>--help</c>. Exit codes: 0 done, 1 the subject does not exist,
/// 2 a usage error.
/// </summary>
public static class AdminCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The whole command line, starting with <c>admin</c>.</param>
    /// <param name="role">The role of the executable (<see cref="ControllerRoles"/>): the configuration it reads.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, string role)
    {
        ArgumentNullException.ThrowIfNull(args);
        var subject = new Argument<string>("subject") { Description = "The subject (user)." };
        var ns = new Option<string?>("--namespace") { Description = "Its namespace (default: the subject)." };
        var key = new Option<string?>("--key") { Description = "Its key, uuid:secret (default: a new random key)." };
        var create = new Command("create", "Creates the subject (or gives it the namespace and key) and prints the key.") { subject, ns, key };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? CreateAsync(result.GetValue(subject)!, result.GetValue(ns), result.GetValue(key), role, settings, cancellationToken)
            : Task.FromResult(2));
        var get = new Command("get", "Prints the subject's namespaces and keys.") { subject };
        get.TreatUnmatchedTokensAsErrors = false;
        get.SetAction((result, cancellationToken) => CommandLineSettings.From(result) is { } settings
            ? GetAsync(result.GetValue(subject)!, role, settings, cancellationToken)
            : Task.FromResult(2));
        var executable = role == ControllerRoles.Standalone ? "OpenWhisk.Standalone" : "OpenWhisk.Controller";
        var root = new RootCommand($"OpenWhisk.NET's {role}; `admin` manages subjects and keys in the artifact store, and plugins.")
        {
            new Command("admin", "Manages subjects and keys in the artifact store, and plugins.")
            {
                new Command("user", "Subjects and their keys.") { create, get },
                PluginsCommand.Create(role),
            },
        };

        return CommandLineSettings.InvokeAsync(root, args, executable + " admin --help");
    }

    private static async Task<int> GetAsync(string subject, string role, string[] settings, CancellationToken cancellationToken)
    {
        using var host = BuildHost(role, settings);
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

    private static async Task<int> CreateAsync(string subject, string? ns, string? key, string role, string[] settings, CancellationToken cancellationToken)
    {
        using var host = BuildHost(role, settings);
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

    private static IHost BuildHost(string role, string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddOpenWhiskConfiguration(role, settings);
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
