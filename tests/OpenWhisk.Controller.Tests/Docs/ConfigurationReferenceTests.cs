using System.Reflection;

namespace OpenWhisk.Controller.Tests.Docs;

[TestFixture]
public sealed class ConfigurationReferenceTests
{
    private static string DocPath => Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "configuration.md");

    [Test]
    public void The_configuration_reference_matches_the_options_classes()
    {
        var generated = ConfigurationReference.Generate(AllSections());
        if (Environment.GetEnvironmentVariable("OW_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, generated);
        }

        Assert.That(File.Exists(DocPath), Is.True, "docs/configuration.md is missing; generate it with OW_UPDATE_DOCS=1");
        Assert.That(File.ReadAllText(DocPath), Is.EqualTo(generated), "docs/configuration.md is out of date; regenerate it with OW_UPDATE_DOCS=1");
    }

    [Test]
    public void Every_options_class_of_the_platform_and_its_plugins_is_in_the_reference()
    {
        var listed = AllSections().Select(s => s.Options).ToHashSet();
        var nested = listed.SelectMany(NestedTypes).ToHashSet();
        var assemblies = listed.Select(t => t.Assembly).Distinct();

        var missing = assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.IsClass && !t.IsAbstract)
            .Where(t => !listed.Contains(t) && !nested.Contains(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.That(missing, Is.Empty, "add each to ConfigurationSections with the section it binds");
    }

    private static List<(string Section, Type Options)> AllSections() =>
        [.. ConfigurationSections.BuiltIn, .. ConfigurationSections.Plugins.Select(p => (p.Section, PluginAssemblies.Type(p.Plugin, p.Options)))];

    private static IEnumerable<Type> NestedTypes(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.PropertyType.IsGenericType ? p.PropertyType.GetGenericArguments() : [p.PropertyType])
            .Where(t => t.IsClass && t.Namespace?.StartsWith("OpenWhisk.", StringComparison.Ordinal) == true);
}
