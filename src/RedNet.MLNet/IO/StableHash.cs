using System.Text;

namespace RedNet.MLNet;

/// <summary>
/// FNV-1a over the UTF-8 bytes of a string: the same value in every process, on every machine and .NET version
/// (unlike <see cref="string.GetHashCode()"/>, which is randomised per process), so independent workers agree on it.
/// </summary>
public static class StableHash
{
    public static ulong Fnv1a64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
