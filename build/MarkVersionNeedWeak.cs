// MSBuild task (compiled by RoslynCodeTaskFactory from Tact.NativeLibraryFix.targets) that marks one
// ELF symbol-version requirement WEAK in the build output's copy of a native library.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so asks libstdc++ for GLIBCXX_3.4.32 (for a single
// symbol, std::ios_base_library_init, that it never relocates). Debian 12 ships GLIBCXX_3.4.30,
// so the dynamic loader refuses the library. A version need flagged VER_FLG_WEAK (0x2) is only
// a warning to the loader, so flipping that one bit in the output copy makes the library load.
//
// Rules this task keeps: it never touches the NuGet cache (it refuses paths under it); it writes
// a temporary file beside the target and renames it over the target, so a parallel build never
// sees half a file; it keeps the original timestamp, so MSBuild's incremental copy keeps treating
// the output as up to date; and it changes nothing when the host already provides the version
// (unless told to, for a published tool that travels) or the file is already patched.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Marks a symbol-version need WEAK in ELF files of the build output.</summary>
public class TactMarkVersionNeedWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>Candidate files; those that do not exist are ignored.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <summary>The library that defines the version, e.g. libstdc++.so.6.</summary>
    [Required]
    public string Provider { get; set; } = "";

    /// <summary>A folder the task must never write into (the NuGet package root).</summary>
    public string ForbiddenRoot { get; set; } = "";

    /// <summary>
    /// Patch even when this host's library provides the version: for copies that travel to other machines
    /// (a packed tool). A WEAK need is still bound normally where the version exists.
    /// </summary>
    public bool EvenWhenHostProvides { get; set; }

    public override bool Execute()
    {
        var hostProvider = ElfVersions.FindSystemLibrary(Provider);
        if (!EvenWhenHostProvides && hostProvider != null &&
            ElfVersions.DefinesVersion(File.ReadAllBytes(hostProvider), Version))
        {
            Log.LogMessage(MessageImportance.Low, $"{hostProvider} provides {Version}; nothing to patch.");
            return true;
        }

        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            if (!File.Exists(path)) continue;
            if (!string.IsNullOrEmpty(ForbiddenRoot) &&
                path.StartsWith(Path.GetFullPath(ForbiddenRoot), StringComparison.Ordinal))
            {
                Log.LogError($"Refusing to patch {path}: it lies in the NuGet cache ({ForbiddenRoot}).");
                return false;
            }

            var bytes = File.ReadAllBytes(path);
            ElfVersions.PatchResult result;
            try
            {
                result = ElfVersions.MarkNeedWeak(bytes, Version);
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"Cannot patch {path}: {e.Message}");
                return false;
            }

            if (result != ElfVersions.PatchResult.Patched)
            {
                Log.LogMessage(MessageImportance.Low, $"{path}: {result}; left unchanged.");
                continue;
            }

            // Copy first so the temporary file keeps the original's permissions, then overwrite its
            // content and timestamp, then rename it over the target in one atomic step.
            var stamp = File.GetLastWriteTimeUtc(path);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(path, temp, overwrite: true);
            File.WriteAllBytes(temp, bytes);
            File.SetLastWriteTimeUtc(temp, stamp);
            File.Replace(temp, path, destinationBackupFileName: null);
            Log.LogMessage(MessageImportance.Normal, $"Marked the {Version} need WEAK in {path}.");
        }
        return true;
    }

}

/// <summary>Reads and edits the GNU symbol-versioning sections of 64-bit little-endian ELF files.</summary>
public static class ElfVersions
{
    /// <summary>VER_FLG_WEAK in an Elf64_Vernaux entry.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>What <see cref="MarkNeedWeak"/> did.</summary>
    public enum PatchResult
    {
        /// <summary>The flag was set in the buffer.</summary>
        Patched,
        /// <summary>The need was already weak.</summary>
        AlreadyWeak,
        /// <summary>The file does not need that version.</summary>
        NotNeeded,
    }

    /// <summary>One version requirement: the library it is asked of, the version name and its flags.</summary>
    public sealed class Need
    {
        /// <summary>Creates a need.</summary>
        public Need(string file, string version, ushort flags, int flagsOffset)
        {
            File = file; Version = version; Flags = flags; FlagsOffset = flagsOffset;
        }

        /// <summary>The library asked for the version.</summary>
        public string File { get; }
        /// <summary>The version name.</summary>
        public string Version { get; }
        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }
        /// <summary>Byte offset of vna_flags in the file.</summary>
        public int FlagsOffset { get; }
    }

    /// <summary>Every entry of the .gnu.version_r section.</summary>
    public static List<Need> ReadNeeds(byte[] elf)
    {
        var needs = new List<Need>();
        foreach (var (offset, link, info) in Sections(elf, ShtGnuVerneed))
        {
            var strtab = SectionByIndex(elf, link);
            long entry = offset;
            for (uint i = 0; i < info; i++)
            {
                Check(elf, entry, 16);
                ushort count = U16(elf, entry + 2);
                string file = Str(elf, strtab, U32(elf, entry + 4));
                long aux = entry + U32(elf, entry + 8);
                for (int j = 0; j < count; j++)
                {
                    Check(elf, aux, 16);
                    needs.Add(new Need(file, Str(elf, strtab, U32(elf, aux + 8)), U16(elf, aux + 4),
                        checked((int)(aux + 4))));
                    aux += U32(elf, aux + 12);
                }
                uint next = U32(elf, entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return needs;
    }

    /// <summary>True when the library's .gnu.version_d defines <paramref name="version"/>.</summary>
    public static bool DefinesVersion(byte[] elf, string version)
    {
        foreach (var (offset, link, info) in Sections(elf, ShtGnuVerdef))
        {
            var strtab = SectionByIndex(elf, link);
            long entry = offset;
            for (uint i = 0; i < info; i++)
            {
                Check(elf, entry, 20);
                long aux = entry + U32(elf, entry + 12);
                Check(elf, aux, 8);
                if (Str(elf, strtab, U32(elf, aux)) == version) return true;
                uint next = U32(elf, entry + 16);
                if (next == 0) break;
                entry += next;
            }
        }
        return false;
    }

    /// <summary>Sets the WEAK flag on every need of <paramref name="version"/> in the buffer.</summary>
    public static PatchResult MarkNeedWeak(byte[] elf, string version)
    {
        var result = PatchResult.NotNeeded;
        foreach (var need in ReadNeeds(elf))
        {
            if (need.Version != version) continue;
            if ((need.Flags & WeakFlag) != 0)
            {
                if (result == PatchResult.NotNeeded) result = PatchResult.AlreadyWeak;
                continue;
            }
            ushort flags = (ushort)(need.Flags | WeakFlag);
            elf[need.FlagsOffset] = (byte)flags;
            elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
            result = PatchResult.Patched;
        }
        return result;
    }

    /// <summary>The first existing copy of a system library in the usual Linux library folders.</summary>
    public static string? FindSystemLibrary(string name)
    {
        string[] folders =
        {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static IEnumerable<(long Offset, uint Link, uint Info)> Sections(byte[] elf, uint type)
    {
        CheckHeader(elf);
        long shoff = (long)U64(elf, 0x28);
        ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            Check(elf, sh, 64);
            if (U32(elf, sh + 4) != type) continue;
            yield return ((long)U64(elf, sh + 24), U32(elf, sh + 40), U32(elf, sh + 44));
        }
    }

    private static long SectionByIndex(byte[] elf, uint index)
    {
        long shoff = (long)U64(elf, 0x28);
        ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        if (index >= shnum) throw new InvalidDataException($"section index {index} out of range ({shnum} sections)");
        long sh = shoff + index * shentsize;
        Check(elf, sh, 64);
        return (long)U64(elf, sh + 24);
    }

    private static void CheckHeader(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
    }

    private static void Check(byte[] elf, long offset, int length)
    {
        if (offset < 0 || offset + length > elf.Length)
            throw new InvalidDataException($"truncated ELF structure at byte {offset}");
    }

    private static string Str(byte[] elf, long table, uint index)
    {
        long start = table + index, end = start;
        while (end < elf.Length && elf[end] != 0) end++;
        if (end >= elf.Length) throw new InvalidDataException($"unterminated string at byte {start}");
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;
}
