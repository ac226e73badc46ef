namespace ElbLogProcessor.LogKinds;

/// <summary>
/// How a field's name in a vended record is compared with the declared one: case and the separators <c>_ : - .</c>
/// do not count, so <c>client_port</c>, <c>client:port</c>, <c>Client-Port</c> and Parquet's sanitized
/// <c>client.port</c> are one name.
/// </summary>
internal static class FieldName
{
    /// <summary>Longer names are no field of any kind (they are kept as extra fields, by name).</summary>
    public const int MaxLength = 64;

    /// <summary>Writes the normalized name into <paramref name="destination"/>; -1 when it is longer than <see cref="MaxLength"/>.</summary>
    public static int Normalize(ReadOnlySpan<byte> name, Span<char> destination)
    {
        int written = 0;
        foreach (byte b in name)
        {
            if (b is (byte)'_' or (byte)':' or (byte)'-' or (byte)'.') continue;
            if (written == destination.Length) return -1;
            destination[written++] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b);
        }

        return written;
    }

    /// <summary>The normalized form of a declared name.</summary>
    public static string Normalize(string name)
    {
        Span<char> key = stackalloc char[MaxLength];
        int length = Normalize(System.Text.Encoding.UTF8.GetBytes(name), key);
        if (length < 0) throw new ArgumentException($"field name '{name}' is longer than {MaxLength} characters", nameof(name));
        return new string(key[..length]);
    }
}
