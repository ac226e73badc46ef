using System.Buffers;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Splits a stream into lines. The buffer comes from the array pool and doubles only while a single line does not
/// fit, up to the longest line it keeps (<c>MAX_LINE_BYTES</c>): of a longer line only the first bytes are kept and
/// the rest is dropped as it is read, so memory follows the setting, never the line nor the size of the source.
/// </summary>
/// <remarks>
/// Usage is pull-style, like Utf8JsonReader: <c>while (await FillAsync()) while (TryReadLine(...))</c>.
/// A line span is valid until the next <see cref="FillAsync"/>. LF ends a line; a CR before
/// it is dropped; a last line without LF is still a line. Hand-written because PipeReader
/// hands out multi-segment sequences, which a multi-MB line would have to be copied out of.
/// </remarks>
internal sealed class LineReader : IRecordReader
{
    public const int DefaultBufferSize = 128 * 1024;

    private readonly Stream _stream;
    private readonly string _sourceName;
    private byte[] _buffer;
    private int _start;            // first byte of the next line
    private int _end;              // end of valid data
    private int _scanned;          // bytes after _start known to hold no LF (keeps long lines linear)
    private bool _endOfStream;
    private long _startOffset;     // decoded-stream offset of _buffer[_start]
    private long _nextLineNumber;
    private readonly int _maxLineBytes;
    private long _dropped;         // bytes of the current line read and dropped, beyond the _maxLineBytes kept

    /// <param name="stream">The decoded source.</param>
    /// <param name="sourceName">Its name, for errors.</param>
    /// <param name="firstLineNumber">The number of its first line (a resumed object's).</param>
    /// <param name="firstByteOffset">The offset of its first byte in the source.</param>
    /// <param name="initialBufferSize">The buffer's first size.</param>
    /// <param name="maxLineBytes">Of a longer line only this many first bytes are kept (<see cref="LinePosition.CutFrom"/>).</param>
    public LineReader(Stream stream, string sourceName, long firstLineNumber = 1, long firstByteOffset = 0,
        int initialBufferSize = DefaultBufferSize, int maxLineBytes = int.MaxValue / 2)
    {
        _stream = stream;
        _sourceName = sourceName;
        _maxLineBytes = maxLineBytes;
        _nextLineNumber = firstLineNumber;
        _startOffset = firstByteOffset;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialBufferSize, 16));
    }

    /// <summary>Decoded bytes consumed so far, counting every line handed out (all of a cut line's).</summary>
    public long BytesConsumed => _startOffset;

    /// <summary>Number the next line will get.</summary>
    public long NextLineNumber => _nextLineNumber;

    /// <summary>The next line's number and decoded byte offset.</summary>
    public LinePosition Next => new(_nextLineNumber, _startOffset);

    /// <summary>
    /// Reads more of the stream. Returns false once the stream has ended and every line
    /// has been handed out.
    /// </summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken = default)
    {
        if (_endOfStream) return _start < _end;

        MakeRoom();
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new LogReadException(_sourceName, _nextLineNumber, _startOffset + (_end - _start), e.Message, e);
        }

        if (read == 0) _endOfStream = true;
        _end += read;
        return true;
    }

    /// <summary>The bytes read but not yet handed out as lines.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The stream has ended: <see cref="Buffered"/> is all that is left.</summary>
    public bool IsAtEnd => _endOfStream;

    /// <summary>Reads until <paramref name="bytes"/> are buffered or the stream ends, without handing out lines (to look before reading).</summary>
    public async ValueTask FillAheadAsync(int bytes, CancellationToken cancellationToken = default)
    {
        while (_end - _start < bytes && !_endOfStream && _end < _buffer.Length) await FillAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands out the next complete line, or false when more data must be read first. A line longer than the longest kept
    /// is handed out as its first bytes, with its whole length in <see cref="LinePosition.CutFrom"/>.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out LinePosition position)
    {
        int searchFrom = _start + _scanned;
        int newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
        int lineEnd, next;
        if (newline >= 0)
        {
            lineEnd = searchFrom + newline;
            next = lineEnd + 1;
        }
        else if (_endOfStream && _start < _end)
        {
            lineEnd = _end;
            next = _end;
        }
        else
        {
            _scanned = _end - _start;
            if (_scanned > _maxLineBytes)
            {
                // Too long to keep whole: its first bytes stay, what follows them is counted and let go.
                _dropped += _scanned - _maxLineBytes;
                _end = _start + _maxLineBytes;
                _scanned = _maxLineBytes;
            }

            line = default;
            position = default;
            return false;
        }

        int length = lineEnd - _start;
        bool cr = length > 0 && _buffer[lineEnd - 1] == (byte)'\r';
        long whole = length + _dropped - (cr ? 1 : 0);
        long cutFrom = 0;
        if (whole > _maxLineBytes) (length, cutFrom) = (_maxLineBytes, whole);
        else if (cr) length--;
        line = _buffer.AsSpan(_start, length);
        position = new LinePosition(_nextLineNumber++, _startOffset, cutFrom);
        _startOffset += next - _start + _dropped;
        _start = next;
        _scanned = 0;
        _dropped = 0;
        return true;
    }

    private void MakeRoom()
    {
        int pending = _end - _start;
        if (_start > 0 && (_end == _buffer.Length || _start >= _buffer.Length / 2))
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            // One line longer than the buffer: grow geometrically so the copies stay linear.
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            _start = 0;
            _end = pending;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer!, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
