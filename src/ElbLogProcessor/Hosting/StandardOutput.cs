using Microsoft.Win32.SafeHandles;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The process's stdout as a stream whose writes fail when the reader is gone. <see cref="Console.OpenStandardOutput()"/>
/// drops writes to a closed pipe in silence on Unix (EPIPE is ignored), so <c>process big.log | head -1</c> would read
/// the whole file and report every event written; a pipe, socket or terminal is written through a
/// <see cref="FileStream"/> on descriptor 1 instead, which throws. A regular file keeps the console stream: it has no
/// reader to lose, and that stream shares the descriptor's offset with anything else written to stdout.
/// </summary>
internal static class StandardOutput
{
    public static Stream Open()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        FileStream direct;
        try
        {
            direct = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new ClosedOutput();   // descriptor 1 closed (>&-): every write fails, as the pipe's would
        }

        if (!direct.CanSeek) return direct;
        direct.Dispose();
        return Console.OpenStandardOutput();
    }

    /// <summary>A stdout that was closed before the process started.</summary>
    private sealed class ClosedOutput : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Bad file descriptor (stdout is closed)");
    }
}
