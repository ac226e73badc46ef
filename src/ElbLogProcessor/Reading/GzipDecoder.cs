using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Decodes gzip (RFC 1952), every member of a multi-member file, reading its input
/// asynchronously. A fault (the input ends inside a member, corrupt deflate data, a CRC or
/// length mismatch) is raised only after every byte decoded before it has been returned, and
/// names the compressed byte where it was found.
/// </summary>
/// <remarks>
/// The member framing is written here over SharpZipLib's <see cref="Inflater"/> because neither
/// stream at hand does both jobs: System.IO.Compression's GZipStream ends silently on a truncated
/// input (dotnet/runtime#47563, still so in .NET 10), and SharpZipLib's GZipInputStream loses the
/// bytes it inflated in the read that fails (its footer check resets the inflater before throwing).
/// </remarks>
internal sealed class GzipDecoder : ReadOnlyStream
{
    private const int InputSize = 64 * 1024;
    private const byte Magic1 = 0x1f, Magic2 = 0x8b, Deflate = 8;
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10;

    private enum State { Header, Body, Trailer, End }

    private readonly Stream _compressed;
    private readonly byte[] _input = new byte[InputSize];
    private readonly Inflater _inflater = new(noHeader: true);
    private readonly Crc32 _crc = new();
    private int _start, _end;           // unread input is _input[_start.._end)
    private long _inputOffset;          // compressed offset of _input[0]
    private bool _inputEnded;
    private long _bodyStart;            // compressed offset of the current member's deflate data
    private uint _memberLength;
    private int _members;
    private State _state = State.Header;
    private Exception? _pendingFault;

    /// <param name="compressed">The compressed input; disposing the decoder disposes it.</param>
    /// <param name="alreadyRead">Bytes of the input already read (to sniff the format).</param>
    public GzipDecoder(Stream compressed, ReadOnlySpan<byte> alreadyRead)
    {
        _compressed = compressed;
        alreadyRead.CopyTo(_input);
        _end = alreadyRead.Length;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingFault is { } fault) throw fault;
        if (buffer.IsEmpty) return 0;
        if (!MemoryMarshal.TryGetArray<byte>(buffer, out var output))
            throw new ArgumentException("the buffer must be backed by an array", nameof(buffer));

        while (true)
        {
            switch (_state)
            {
                case State.End:
                    return 0;
                case State.Header:
                    if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false)) _state = State.End;
                    break;
                case State.Trailer:
                    await ReadTrailerAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case State.Body:
                    // Output first: the inflater may hold decoded bytes that did not fit the last buffer.
                    int produced = Inflate(output.Array!, output.Offset, output.Count);
                    if (_inflater.IsFinished) EndBody();
                    if (produced > 0) return produced;
                    if (_inflater.IsNeedingInput && !_inflater.IsFinished)
                    {
                        if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
                            throw Fault(_inputOffset + _end, "the input ends inside a gzip member");
                        _inflater.SetInput(_input, _start, _end - _start);
                        _start = _end;
                    }

                    break;
            }
        }
    }

    /// <summary>Inflates into the caller's array; a fault after some output is kept for the next read.</summary>
    private int Inflate(byte[] output, int offset, int count)
    {
        long before = _inflater.TotalOut;
        int produced;
        try
        {
            produced = _inflater.Inflate(output, offset, count);
        }
        catch (SharpZipBaseException e)
        {
            // Inflater counts what it copied out before the fault: those bytes are good, hand them on first.
            produced = (int)(_inflater.TotalOut - before);
            _pendingFault = Fault(_bodyStart + _inflater.TotalIn, $"invalid deflate data: {e.Message}");
            if (produced == 0) throw _pendingFault;
        }

        if (produced > 0)
        {
            _crc.Append(output.AsSpan(offset, produced));
            _memberLength += (uint)produced;
        }

        return produced;
    }

    /// <summary>The member's deflate data ended: what the inflater did not consume is the trailer and beyond.</summary>
    private void EndBody()
    {
        _start = _end - _inflater.RemainingInput;
        _state = State.Trailer;
    }

    private async ValueTask ReadTrailerAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(8, cancellationToken).ConfigureAwait(false))
            throw Fault(_inputOffset + _end, "the input ends inside a gzip trailer");
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(_start));
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(_start + 4));
        if (crc != _crc.GetCurrentHashAsUInt32()) throw Fault(_inputOffset + _start, "CRC mismatch: the data is corrupt");
        if (length != _memberLength) throw Fault(_inputOffset + _start, "length mismatch: the data is corrupt");
        _start += 8;
        _state = State.Header;
    }

    /// <summary>Reads a member header; false at the end of the input (or trailing bytes that start no member, as gzip tolerates).</summary>
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        long headerStart = _inputOffset + _start;
        if (!await FillAsync(10, cancellationToken).ConfigureAwait(false))
        {
            if (_start == _end && _members > 0) return false;
            if (_members > 0 && !StartsMember()) return false;
            throw Fault(_inputOffset + _end, "the input ends inside a gzip header");
        }

        if (!StartsMember())
        {
            if (_members > 0) return false;
            throw Fault(headerStart, "not a gzip header");
        }

        if (_input[_start + 2] != Deflate) throw Fault(headerStart + 2, "unknown compression method");
        byte flags = _input[_start + 3];
        _start += 10;
        if ((flags & FlagExtra) != 0)
        {
            await NeedAsync(2, cancellationToken).ConfigureAwait(false);
            int extra = _input[_start] | (_input[_start + 1] << 8);
            _start += 2;
            await SkipAsync(extra, cancellationToken).ConfigureAwait(false);
        }

        if ((flags & FlagName) != 0) await SkipZeroTerminatedAsync(cancellationToken).ConfigureAwait(false);
        if ((flags & FlagComment) != 0) await SkipZeroTerminatedAsync(cancellationToken).ConfigureAwait(false);
        if ((flags & FlagHeaderCrc) != 0) await SkipAsync(2, cancellationToken).ConfigureAwait(false);

        _members++;
        _inflater.Reset();
        _crc.Reset();
        _memberLength = 0;
        _bodyStart = _inputOffset + _start;
        _state = State.Body;
        return true;
    }

    private bool StartsMember() => _end - _start >= 2 && _input[_start] == Magic1 && _input[_start + 1] == Magic2;

    private async ValueTask NeedAsync(int bytes, CancellationToken cancellationToken)
    {
        if (!await FillAsync(bytes, cancellationToken).ConfigureAwait(false))
            throw Fault(_inputOffset + _end, "the input ends inside a gzip header");
    }

    private async ValueTask SkipAsync(int bytes, CancellationToken cancellationToken)
    {
        while (bytes > 0)
        {
            await NeedAsync(1, cancellationToken).ConfigureAwait(false);
            int n = Math.Min(bytes, _end - _start);
            _start += n;
            bytes -= n;
        }
    }

    private async ValueTask SkipZeroTerminatedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await NeedAsync(1, cancellationToken).ConfigureAwait(false);
            int zero = _input.AsSpan(_start, _end - _start).IndexOf((byte)0);
            if (zero >= 0)
            {
                _start += zero + 1;
                return;
            }

            _start = _end;
        }
    }

    /// <summary>Reads until at least <paramref name="bytes"/> are unread, or the input ends; true when they are.</summary>
    private async ValueTask<bool> FillAsync(int bytes, CancellationToken cancellationToken)
    {
        if (_end - _start >= bytes) return true;
        if (_start > 0)
        {
            _input.AsSpan(_start, _end - _start).CopyTo(_input);
            _inputOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < bytes && !_inputEnded)
        {
            int n = await _compressed.ReadAsync(_input.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0) _inputEnded = true;
            _end += n;
        }

        return _end - _start >= bytes;
    }

    private InvalidDataException Fault(long compressedByte, string reason) =>
        new($"gzip data is truncated or corrupt at compressed byte {compressedByte} ({reason})");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _compressed.Dispose();
        base.Dispose(disposing);
    }
}
