using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace EmoTune.Training.Onnx;

/// <summary>One node of an ONNX graph, as far as <see cref="OnnxModelReader"/> reads it.</summary>
/// <param name="OpType">Operator, e.g. <c>Conv</c>.</param>
/// <param name="Inputs">Input tensor names in order.</param>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs);

/// <summary>A float initializer of an ONNX graph.</summary>
/// <param name="Dims">Shape.</param>
/// <param name="Values">Values, row-major.</param>
public sealed record OnnxFloatTensor(long[] Dims, float[] Values);

/// <summary>
/// Reads the parts of an ONNX file that EmoTune needs to take weights back into a network: the nodes in order, the
/// float initializers and the metadata. Only the protobuf fields EmoTune's own writer uses are understood; anything
/// else is skipped by its wire type. Non-float initializers (an int8 export) are reported, not converted.
/// </summary>
public sealed class OnnxModelReader
{
    private OnnxModelReader(List<OnnxNode> nodes, Dictionary<string, OnnxFloatTensor> floats, HashSet<string> otherInitializers, Dictionary<string, string> metadata)
    {
        Nodes = nodes;
        FloatInitializers = floats;
        OtherInitializers = otherInitializers;
        Metadata = metadata;
    }

    /// <summary>Graph nodes in file order (topological, as ONNX requires).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Float initializers by name.</summary>
    public IReadOnlyDictionary<string, OnnxFloatTensor> FloatInitializers { get; }

    /// <summary>Names of initializers of any other element type.</summary>
    public IReadOnlySet<string> OtherInitializers { get; }

    /// <summary><c>metadata_props</c> of the model.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable ONNX model.</exception>
    public static OnnxModelReader Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model not found: {path}", path);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses ONNX bytes read from <paramref name="source"/>, which a malformed-model error names.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable ONNX model.</exception>
    public static OnnxModelReader Parse(ReadOnlySpan<byte> model, string source)
    {
        try
        {
            return Parse(model);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException($"{source} is not a readable ONNX model: {e.Message}", e);
        }
    }

    /// <summary>
    /// <paramref name="model"/>'s bytes (an ONNX model already read with <see cref="Parse(ReadOnlySpan{byte}, string)"/>)
    /// with the <c>metadata_props</c> entry <paramref name="key"/> set to <paramref name="value"/> (added, or replacing
    /// the old one); every other field is copied byte for byte.
    /// </summary>
    public static byte[] WithMetadata(ReadOnlySpan<byte> model, string key, string value)
    {
        var writer = new ProtoWriter();
        var reader = new Reader(model);
        while (true)
        {
            var start = reader.Position;
            if (!reader.Next(out var field, out var wire))
            {
                break;
            }

            var replaced = false;
            if (field == 14 && wire == 2)
            {
                var entry = new Reader(reader.Bytes());
                while (entry.Next(out var f, out var w))
                {
                    if (f == 1 && w == 2)
                    {
                        replaced |= entry.String() == key;
                    }
                    else
                    {
                        entry.Skip(w);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }

            if (!replaced)
            {
                writer.Raw(model[start..reader.Position]);
            }
        }

        writer.Message(14, new ProtoWriter().String(1, key).String(2, value));
        return writer.ToArray();
    }

    /// <summary>Parses ONNX bytes.</summary>
    public static OnnxModelReader Parse(ReadOnlySpan<byte> model)
    {
        var nodes = new List<OnnxNode>();
        var floats = new Dictionary<string, OnnxFloatTensor>(StringComparer.Ordinal);
        var others = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawGraph = false;
        var reader = new Reader(model);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 7 && wire == 2)
            {
                sawGraph = true;
                ReadGraph(reader.Bytes(), nodes, floats, others);
            }
            else if (field == 14 && wire == 2)
            {
                var entry = new Reader(reader.Bytes());
                string key = string.Empty, value = string.Empty;
                while (entry.Next(out var f, out var w))
                {
                    if (f == 1 && w == 2)
                    {
                        key = entry.String();
                    }
                    else if (f == 2 && w == 2)
                    {
                        value = entry.String();
                    }
                    else
                    {
                        entry.Skip(w);
                    }
                }

                metadata[key] = value;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (!sawGraph)
        {
            throw new InvalidDataException("No graph in the ONNX model.");
        }

        return new OnnxModelReader(nodes, floats, others, metadata);
    }

    private static void ReadGraph(ReadOnlySpan<byte> graph, List<OnnxNode> nodes, Dictionary<string, OnnxFloatTensor> floats, HashSet<string> others)
    {
        var reader = new Reader(graph);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                var node = new Reader(reader.Bytes());
                var inputs = new List<string>();
                var op = string.Empty;
                while (node.Next(out var f, out var w))
                {
                    if (f == 1 && w == 2)
                    {
                        inputs.Add(node.String());
                    }
                    else if (f == 4 && w == 2)
                    {
                        op = node.String();
                    }
                    else
                    {
                        node.Skip(w);
                    }
                }

                nodes.Add(new OnnxNode(op, inputs));
            }
            else if (field == 5 && wire == 2)
            {
                ReadTensor(reader.Bytes(), floats, others);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static void ReadTensor(ReadOnlySpan<byte> tensor, Dictionary<string, OnnxFloatTensor> floats, HashSet<string> others)
    {
        var reader = new Reader(tensor);
        var dims = new List<long>();
        var type = 0L;
        var name = string.Empty;
        float[]? raw = null;
        var listed = new List<float>();
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 0):
                    dims.Add(reader.Varint());
                    break;
                case (1, 2):
                    var packed = new Reader(reader.Bytes());
                    while (!packed.End)
                    {
                        dims.Add(packed.Varint());
                    }

                    break;
                case (2, 0):
                    type = reader.Varint();
                    break;
                case (4, 2):
                    listed.AddRange(MemoryMarshal.Cast<byte, float>(reader.Bytes()).ToArray());
                    break;
                case (4, 5):
                    listed.Add(BinaryPrimitives.ReadSingleLittleEndian(reader.Fixed32()));
                    break;
                case (8, 2):
                    name = reader.String();
                    break;
                case (9, 2):
                    raw = MemoryMarshal.Cast<byte, float>(reader.Bytes()).ToArray();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (type != 1)
        {
            others.Add(name);
            return;
        }

        var values = raw ?? [.. listed];
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
        {
            throw new InvalidDataException($"Initializer {name}: {values.Length} values for shape [{string.Join(",", dims)}].");
        }

        floats[name] = new OnnxFloatTensor([.. dims], values);
    }

    /// <summary>Protobuf wire-format cursor (the reading side of <see cref="ProtoWriter"/>).</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool End => _position >= _data.Length;

        public readonly int Position => _position;

        public bool Next(out int field, out int wire)
        {
            if (End)
            {
                field = wire = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return true;
        }

        public long Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return (long)value;
                }
            }

            throw new InvalidDataException("Malformed varint.");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = checked((int)Varint());
            var span = _data.Slice(_position, length);
            _position += length;
            return span;
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public ReadOnlySpan<byte> Fixed32()
        {
            var span = _data.Slice(_position, 4);
            _position += 4;
            return span;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire}.");
            }

            if (_position > _data.Length)
            {
                throw new InvalidDataException("Truncated protobuf field.");
            }
        }
    }
}
