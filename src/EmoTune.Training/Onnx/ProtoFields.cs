namespace EmoTune.Training.Onnx;

/// <summary>One top-level field of a protobuf message, with its raw bytes (tag included) for copying it verbatim.</summary>
/// <param name="Number">Field number.</param>
/// <param name="Wire">Wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</param>
/// <param name="Varint">The value of a varint field (0 otherwise).</param>
/// <param name="Value">The payload of a length-delimited field (empty otherwise).</param>
/// <param name="Raw">The whole field as it was encoded.</param>
internal sealed record ProtoField(int Number, int Wire, long Varint, byte[] Value, byte[] Raw);

/// <summary>Splits a protobuf message into its top-level fields (the copying side of <see cref="ProtoWriter"/>).</summary>
internal static class ProtoFields
{
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf message.</exception>
    public static List<ProtoField> Read(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtoField>();
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            var tag = Varint(message, ref position);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            long varint = 0;
            byte[] value = [];
            switch (wire)
            {
                case 0:
                    varint = Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = checked((int)Varint(message, ref position));
                    if (length < 0 || position + length > message.Length)
                    {
                        throw new InvalidDataException("Truncated protobuf field.");
                    }

                    value = message.Slice(position, length).ToArray();
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire}.");
            }

            if (position > message.Length)
            {
                throw new InvalidDataException("Truncated protobuf field.");
            }

            fields.Add(new ProtoField(number, wire, varint, value, message[start..position].ToArray()));
        }

        return fields;
    }

    /// <summary>The first string field <paramref name="number"/> of <paramref name="message"/>, or "" when it has none.</summary>
    public static string String(ReadOnlySpan<byte> message, int number) =>
        Read(message).FirstOrDefault(f => f.Number == number && f.Wire == 2) is { } field ? System.Text.Encoding.UTF8.GetString(field.Value) : "";

    private static long Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("Truncated protobuf varint.");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)value;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint.");
    }
}
