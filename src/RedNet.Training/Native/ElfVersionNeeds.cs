using System.Buffers.Binary;
using System.Text;

namespace RedNet.Training.Native;

/// <summary>
/// Edits the version requirements (<c>.gnu.version_r</c>) of an ELF64 little-endian shared library in memory. The same
/// edit as build/TorchSharp.Debian.targets makes at build time, for copies no build step touches (notebooks, see
/// <see cref="InteractiveLibTorchSharp"/>).
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
        var bytes = elf.AsSpan();
        long sectionHeaders = BinaryPrimitives.ReadInt64LittleEndian(bytes[0x28..]);
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3A..]), headerCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3C..]);
        bool changed = false;
        for (int s = 0; s < headerCount; s++)
        {
            int header = checked((int)(sectionHeaders + (long)s * headerSize));
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[(header + 4)..]) != ShtGnuVerneed) continue;
            int need = checked((int)BinaryPrimitives.ReadInt64LittleEndian(bytes[(header + 0x18)..]));
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(header + 0x28)..]);
            int needCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(header + 0x2C)..]);
            int strings = checked((int)BinaryPrimitives.ReadInt64LittleEndian(bytes[(checked((int)(sectionHeaders + (long)link * headerSize)) + 0x18)..]));
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(need + 2)..]);
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(need + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    int name = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(aux + 8)..]);
                    int length = bytes[name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(bytes.Slice(name, length)) == versionName)
                    {
                        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(aux + 4)..]);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BinaryPrimitives.WriteUInt16LittleEndian(bytes[(aux + 4)..], (ushort)(flags | VerFlgWeak));
                            changed = true;
                        }
                    }
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(aux + 12)..]);
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(need + 12)..]);
            }
        }
        return changed;
    }
}
