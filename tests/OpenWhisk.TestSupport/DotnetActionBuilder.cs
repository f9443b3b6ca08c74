using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OpenWhisk.TestSupport;

/// <summary>
/// Compiles a C# action as its author would for OpenWhisk's <c>dotnet</c> kinds: a class library built with
/// <c>dotnet publish</c>, its output zipped from inside the folder (the assembly at the zip's root), sent as base64.
/// Each source is built once per test run.
/// </summary>
public static class DotnetActionBuilder
{
    private static readonly BuildOnce Built = new();

    /// <summary>The base64 zip of an assembly named <paramref name="assemblyName"/> compiled from <paramref name="source"/>.</summary>
    /// <param name="assemblyName">The assembly (the first part of the action's <c>main</c>).</param>
    /// <param name="source">C# source; implicit usings are on.</param>
    /// <param name="packages">NuGet packages it references, as id and version (for example Newtonsoft.Json).</param>
    public static Task<string> BuildAsync(string assemblyName, string source, params (string Id, string Version)[] packages)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            assemblyName + "\n" + source + "\n" + string.Join(";", packages.Select(p => p.Id + "@" + p.Version)))));
        return Built.GetAsync(key, () => PublishAsync(assemblyName, source, packages));
    }

    private static async Task<string> PublishAsync(string assemblyName, string source, (string Id, string Version)[] packages)
    {
        var project = Directory.CreateTempSubdirectory("ow-dotnet-action-").FullName;
        try
        {
            var references = string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"));
            await File.WriteAllTextAsync(Path.Combine(project, assemblyName + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <AssemblyName>{assemblyName}</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                {references}  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(project, "Action.cs"), source);
            var output = Path.Combine(project, "out");
            var (exitCode, log) = await ExternalCommand.RunAsync(
                "dotnet",
                ["publish", "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-tl:off"],
                new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
                project,
                TimeSpan.FromMinutes(3));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish of {assemblyName} failed ({exitCode}): {log}");
            }

            using var zip = new MemoryStream();
            ZipFile.CreateFromDirectory(output, zip);
            return Convert.ToBase64String(zip.ToArray());
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
