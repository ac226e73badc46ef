namespace ElbLogProcessor.Tests;

/// <summary>Files of this repository (samples, sample events, deployment files), found from the test binaries.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Path(parts));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ElbLogProcessor.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ElbLogProcessor.sln not found above the test binaries");
    }
}
