using System.Collections;
using Microsoft.Build.Framework;

namespace Tact.Activations.Tests.Build;

/// <summary>The MSBuild task itself: when it leaves a file alone and when it patches it.</summary>
public class MarkVersionNeedWeakTaskTests : IDisposable
{
    // A version the host's libstdc++ defines and libLibTorchSharp.so needs: the host check decides.
    private const string HostVersion = "GLIBCXX_3.4";

    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"tact-elf-{Guid.NewGuid():N}.so");

    public void Dispose() => File.Delete(_copy);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PatchesAVersionTheHostProvidesOnlyWhenToldTo(bool evenWhenHostProvides)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var host = ElfVersions.FindSystemLibrary("libstdc++.so.6");
        if (!OperatingSystem.IsLinux() || host is null) return;
        Assert.True(ElfVersions.DefinesVersion(File.ReadAllBytes(host), HostVersion));
        File.Copy(source, _copy);
        Assert.Equal(0,
            ElfVersions.ReadNeeds(File.ReadAllBytes(_copy)).Single(IsHostVersion).Flags & ElfVersions.WeakFlag);

        var task = new TactMarkVersionNeedWeak
        {
            BuildEngine = new SilentEngine(),
            Files = [new Microsoft.Build.Utilities.TaskItem(_copy)],
            Version = HostVersion,
            Provider = "libstdc++.so.6",
            EvenWhenHostProvides = evenWhenHostProvides,
        };

        Assert.True(task.Execute());
        var flags = ElfVersions.ReadNeeds(File.ReadAllBytes(_copy)).Single(IsHostVersion).Flags;
        Assert.Equal(evenWhenHostProvides, (flags & ElfVersions.WeakFlag) != 0);
    }

    private static bool IsHostVersion(ElfVersions.Need need) => need.Version == HostVersion;

    private sealed class SilentEngine : IBuildEngine
    {
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties,
            IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => throw new InvalidOperationException(e.Message);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) { }
    }
}
