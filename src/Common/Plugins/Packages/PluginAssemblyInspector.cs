using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Reads an assembly's metadata without loading it, to tell a plugin assembly (one carrying
/// <c>[assembly: OpenWhiskPlugin(...)]</c>) from its dependencies.
/// </summary>
internal static class PluginAssemblyInspector
{
    private const string AttributeNamespace = "OpenWhisk.Spi.Plugins";
    private const string AttributeName = "OpenWhiskPluginAttribute";

    /// <summary>Whether the assembly in <paramref name="bytes"/> carries the plugin attribute.</summary>
    /// <param name="bytes">The assembly file.</param>
    /// <returns>True for a plugin assembly; false for any other file, .NET assembly or not.</returns>
    public static bool IsPluginAssembly(byte[] bytes)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(bytes, writable: false));
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                if (IsPluginAttribute(metadata, metadata.GetCustomAttribute(handle).Constructor))
                {
                    return true;
                }
            }

            return false;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static bool IsPluginAttribute(MetadataReader metadata, EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return metadata.StringComparer.Equals(type.Namespace, AttributeNamespace)
            && metadata.StringComparer.Equals(type.Name, AttributeName);
    }
}
