namespace ElbLogProcessor.Tests;

/// <summary>A fresh temporary folder, deleted with its content on dispose.</summary>
internal sealed class TempFolder(string prefix = "elb-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="content"/> at <paramref name="relative"/> (folders made as needed); returns the full path.</summary>
    public string Write(string relative, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the OS cleans the temp folder.
        }
    }
}
