using System.Runtime.InteropServices;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Builds an ONNX <c>ModelProto</c> (IR version 8, opset 17): float initializers, nodes with int/float/ints attributes,
/// one float input with a dynamic batch dimension and one float output. Field numbers follow onnx/onnx.proto.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>ONNX IR version written.</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset written.</summary>
    public const long Opset = 17;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>A fresh tensor or node name with <paramref name="prefix"/>.</summary>
    public string Name(string prefix)
    {
        var name = $"{prefix}_{_counter++}";
        _names.Add(name);
        return name;
    }

    /// <summary>Adds a float initializer with <paramref name="dims"/>; returns its name.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
        {
            throw new ArgumentException($"Initializer {name}: {values.Length} values for shape [{string.Join(",", dims)}].", nameof(values));
        }

        var t = new ProtoWriter();
        t.PackedVarints(1, dims);
        t.Varint(2, 1); // FLOAT
        t.String(8, name);
        t.Bytes(9, MemoryMarshal.AsBytes(values)); // raw_data, little-endian like every platform .NET runs on here
        _initializers.Add(t);
        return name;
    }

    /// <summary>Adds an int8 initializer (quantised weights) with <paramref name="dims"/>; returns its name.</summary>
    public string Int8Initializer(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Typed(name, MemoryMarshal.AsBytes(values), values.Length, 3, dims);

    /// <summary>Adds a uint8 initializer (activation zero points); a scalar when <paramref name="dims"/> is empty.</summary>
    public string UInt8Initializer(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Typed(name, values, values.Length, 2, dims);

    /// <summary>Adds an int32 initializer (quantised biases) with <paramref name="dims"/>; returns its name.</summary>
    public string Int32Initializer(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Typed(name, MemoryMarshal.AsBytes(values), values.Length, 6, dims);

    /// <summary>Adds a float scalar initializer (a quantisation scale); returns its name.</summary>
    public string FloatScalar(string name, float value) =>
        Typed(name, MemoryMarshal.AsBytes(new ReadOnlySpan<float>(in value)), 1, 1, []);

    private string Typed(string name, ReadOnlySpan<byte> raw, int count, int dataType, long[] dims)
    {
        var expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
        {
            throw new ArgumentException($"Initializer {name}: {count} values for shape [{string.Join(",", dims)}].", nameof(dims));
        }

        var t = new ProtoWriter();
        if (dims.Length > 0)
        {
            t.PackedVarints(1, dims);
        }

        t.Varint(2, dataType);
        t.String(8, name);
        t.Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    /// <summary>Adds an int64 initializer; returns its name.</summary>
    public string Int64Initializer(string name, ReadOnlySpan<long> values)
    {
        var t = new ProtoWriter();
        t.PackedVarints(1, [values.Length]);
        t.Varint(2, 7); // INT64
        t.String(8, name);
        t.Bytes(9, MemoryMarshal.AsBytes(values));
        _initializers.Add(t);
        return name;
    }

    /// <summary>Adds a node; returns its single output name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes)
    {
        var output = Name(opType.ToLowerInvariant());
        var n = new ProtoWriter();
        foreach (var input in inputs)
        {
            n.String(1, input);
        }

        n.String(2, output);
        n.String(3, output + "_node");
        n.String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var a = new ProtoWriter().String(1, name);
            switch (value)
            {
                case int i:
                    a.Varint(3, i).Varint(20, 2);
                    break;
                case long l:
                    a.Varint(3, l).Varint(20, 2);
                    break;
                case float f:
                    a.Float(2, f).Varint(20, 1);
                    break;
                case double d:
                    a.Float(2, (float)d).Varint(20, 1);
                    break;
                case long[] ints:
                    a.PackedVarints(8, ints).Varint(20, 7);
                    break;
                default:
                    throw new ArgumentException($"Attribute {name}: unsupported type {value.GetType().Name}.", nameof(attributes));
            }

            n.Message(5, a);
        }

        _nodes.Add(n);
        return output;
    }

    /// <summary>Adds a metadata_props entry.</summary>
    public void Metadata(string key, string value) => _metadata[key] = value;

    /// <summary>Serialises the model with input <paramref name="inputName"/> [batch, c, h, w] and output <paramref name="outputName"/> [batch, classes].</summary>
    public byte[] Build(string graphName, string inputName, long[] inputShape, string lastTensor, string outputName, long classes, string producerVersion)
    {
        // Rename the last tensor to the public output name with an Identity node, so the graph's interface is stable.
        var identity = new ProtoWriter().String(1, lastTensor).String(2, outputName).String(3, "output_identity").String(4, "Identity");
        var graph = new ProtoWriter();
        foreach (var n in _nodes)
        {
            graph.Message(1, n);
        }

        graph.Message(1, identity);
        graph.String(2, graphName);
        foreach (var t in _initializers)
        {
            graph.Message(5, t);
        }

        graph.Message(11, ValueInfo(inputName, inputShape));
        graph.Message(12, ValueInfo(outputName, [-1, classes]));

        var model = new ProtoWriter();
        model.Varint(1, IrVersion);
        model.String(2, "EmoTune");
        model.String(3, producerVersion);
        model.Message(7, graph);
        model.Message(8, new ProtoWriter().String(1, "").Varint(2, Opset));
        foreach (var (key, value) in _metadata)
        {
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }

        return model.ToArray();
    }

    private static ProtoWriter ValueInfo(string name, long[] shape)
    {
        var dims = new ProtoWriter();
        foreach (var d in shape)
        {
            dims.Message(1, d < 0 ? new ProtoWriter().String(2, "batch") : new ProtoWriter().Varint(1, d));
        }

        var tensorType = new ProtoWriter().Varint(1, 1).Message(2, dims);
        var type = new ProtoWriter().Message(1, tensorType);
        return new ProtoWriter().String(1, name).Message(2, type);
    }
}
