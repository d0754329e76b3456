namespace Tact.Activations.Tests.Build;

/// <summary>The build's ELF patcher, on the real output copy and on edge cases.</summary>
public class ElfVersionsTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputCopy =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void OutputCopyIsPatchedExactlyWhenTheHostLacksTheVersion()
    {
        if (!OperatingSystem.IsLinux()) return;
        var host = ElfVersions.FindSystemLibrary("libstdc++.so.6");
        bool hostHasIt = host != null && ElfVersions.DefinesVersion(File.ReadAllBytes(host), Version);
        var need = ElfVersions.ReadNeeds(File.ReadAllBytes(OutputCopy)).Single(n => n.Version == Version);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(!hostHasIt, (need.Flags & ElfVersions.WeakFlag) != 0);
    }

    [Fact]
    public void PatchSetsOnlyTheWeakBitOfThatNeed()
    {
        if (!OperatingSystem.IsLinux()) return;
        var original = File.ReadAllBytes(OutputCopy);
        // Start from an unpatched image whatever the state of the output copy.
        var need = ElfVersions.ReadNeeds(original).Single(n => n.Version == Version);
        original[need.FlagsOffset] &= unchecked((byte)~ElfVersions.WeakFlag);

        var patched = (byte[])original.Clone();
        Assert.Equal(ElfVersions.PatchResult.Patched, ElfVersions.MarkNeedWeak(patched, Version));
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([need.FlagsOffset], differing);
        Assert.Equal(ElfVersions.WeakFlag, patched[need.FlagsOffset] ^ original[need.FlagsOffset]);

        Assert.Equal(ElfVersions.PatchResult.AlreadyWeak, ElfVersions.MarkNeedWeak(patched, Version));
        Assert.Equal(ElfVersions.PatchResult.NotNeeded,
            ElfVersions.MarkNeedWeak((byte[])original.Clone(), "GLIBCXX_9.9.9"));
    }

    [Fact]
    public void RejectsFilesThatAreNotElf()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersions.MarkNeedWeak(new byte[100], Version));
        var truncated = File.Exists(OutputCopy)
            ? File.ReadAllBytes(OutputCopy)[..200]
            : [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1];
        Assert.Throws<InvalidDataException>(() => ElfVersions.MarkNeedWeak(truncated, Version));
    }

    [Fact]
    public void HostLibstdcxxDefinesItsOwnBaseVersion()
    {
        var host = ElfVersions.FindSystemLibrary("libstdc++.so.6");
        if (host is null) return;
        var image = File.ReadAllBytes(host);
        Assert.True(ElfVersions.DefinesVersion(image, "GLIBCXX_3.4"));
        Assert.False(ElfVersions.DefinesVersion(image, "GLIBCXX_99.0"));
    }
}
