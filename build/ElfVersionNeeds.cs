// One source for the GLIBCXX fix, compiled twice: into RedNet.Training (linked by its project, used for notebooks by
// InteractiveLibTorchSharp) and, by MSBuild's RoslynCodeTaskFactory, into the build task of TorchSharp.Debian.targets,
// which packs this file beside itself. The task factory compiles against .NET Standard 2.0, so the code reads bytes with
// shifts and arrays (no spans, no BinaryPrimitives) and uses block namespaces.
using System;
using System.IO;
using System.Text;

namespace RedNet.Training.Native
{
    /// <summary>
    /// Edits the version requirements (<c>.gnu.version_r</c>) of an ELF64 little-endian shared library in memory: the edit
    /// that lets TorchSharp's libLibTorchSharp.so load on Debian 12 (build/TorchSharp.Debian.targets says why).
    /// </summary>
    public static class ElfVersionNeeds
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 2;

        /// <summary>
        /// Sets VER_FLG_WEAK on every requirement of <paramref name="versionName"/> (e.g. GLIBCXX_3.4.32), so the loader
        /// accepts a system library that lacks that version as long as no symbol bound to it is missing. Returns true when a
        /// flag changed; false when the library does not ask for the version or already asks weakly.
        /// </summary>
        /// <exception cref="InvalidDataException">Not a little-endian ELF64 file.</exception>
        public static bool MarkWeak(byte[] elf, string versionName)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("not a little-endian ELF64 file");
            long sectionHeaders = (long)U64(elf, 0x28);
            int headerSize = U16(elf, 0x3A), headerCount = U16(elf, 0x3C);
            bool changed = false;
            for (int s = 0; s < headerCount; s++)
            {
                long header = sectionHeaders + (long)s * headerSize;
                if (U32(elf, header + 4) != ShtGnuVerneed) continue;
                long need = (long)U64(elf, header + 0x18);
                uint link = U32(elf, header + 0x28), needCount = U32(elf, header + 0x2C);
                long strings = (long)U64(elf, sectionHeaders + link * headerSize + 0x18);
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                for (uint n = 0; n < needCount; n++)
                {
                    int auxCount = U16(elf, need + 2);
                    long aux = need + U32(elf, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        int name = checked((int)(strings + U32(elf, aux + 8)));
                        int end = Array.IndexOf(elf, (byte)0, name);
                        if (end >= 0 && Encoding.ASCII.GetString(elf, name, end - name) == versionName)
                        {
                            ushort flags = U16(elf, aux + 4);
                            if ((flags & VerFlgWeak) == 0)
                            {
                                int at = checked((int)(aux + 4));
                                elf[at] = (byte)(flags | VerFlgWeak);
                                elf[at + 1] = (byte)((flags | VerFlgWeak) >> 8);
                                changed = true;
                            }
                        }
                        aux += U32(elf, aux + 12);
                    }
                    need += U32(elf, need + 12);
                }
            }
            return changed;
        }

        /// <summary>Whether a library's bytes define <paramref name="versionName"/> (its name appears NUL-terminated, as in a version definition).</summary>
        public static bool Defines(byte[] library, string versionName)
        {
            byte[] marker = Encoding.ASCII.GetBytes(versionName + "\0");
            for (int i = Array.IndexOf(library, marker[0]); i >= 0 && i <= library.Length - marker.Length; i = Array.IndexOf(library, marker[0], i + 1))
            {
                int k = 1;
                while (k < marker.Length && library[i + k] == marker[k]) k++;
                if (k == marker.Length) return true;
            }
            return false;
        }

        private static ushort U16(byte[] b, long at) => (ushort)(b[checked((int)at)] | b[at + 1] << 8);
        private static uint U32(byte[] b, long at) => (uint)(U16(b, at) | U16(b, at + 2) << 16);
        private static ulong U64(byte[] b, long at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    }

#if !REDNET_TRAINING_LIBRARY
    /// <summary>
    /// The build task: marks <see cref="VersionName"/> weak in the library at <see cref="LibraryPath"/> when the system's
    /// libstdc++ (<see cref="SystemLibrary"/>) lacks it; the file is rewritten beside itself and moved into place.
    /// </summary>
    public sealed class RedNetMarkElfVersionNeedWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string LibraryPath { get; set; }
        [Microsoft.Build.Framework.Required] public string VersionName { get; set; }
        [Microsoft.Build.Framework.Required] public string SystemLibrary { get; set; }

        public override bool Execute()
        {
            if (!File.Exists(LibraryPath)) return true;
            // Systems whose libstdc++ already defines the version need nothing.
            if (File.Exists(SystemLibrary) && ElfVersionNeeds.Defines(File.ReadAllBytes(SystemLibrary), VersionName)) return true;
            byte[] elf = File.ReadAllBytes(LibraryPath);
            bool changed;
            try { changed = ElfVersionNeeds.MarkWeak(elf, VersionName); }
            catch (InvalidDataException e)
            {
                Log.LogWarning("{0}: {1}; not patched.", LibraryPath, e.Message);
                return true;
            }
            if (!changed)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "{0} does not require {1} strongly; nothing to patch.", LibraryPath, VersionName);
                return true;
            }
            string temp = LibraryPath + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Copy(temp, LibraryPath, true);
            File.Delete(temp);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "Marked the {0} requirement of {1} weak (this system's libstdc++ lacks it).", VersionName, LibraryPath);
            return true;
        }
    }
#endif
}
