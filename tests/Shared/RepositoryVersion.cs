using System.Xml.Linq;

namespace RedNet.Tests;

/// <summary>The one version the packages, assemblies and tools take: RedNetVersion in build/Packaging.props.</summary>
internal static class RepositoryVersion
{
    public static string Value
    {
        get
        {
            var props = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "build", "Packaging.props"));
            return props.Descendants("RedNetVersion").Single().Value.Trim();
        }
    }
}
