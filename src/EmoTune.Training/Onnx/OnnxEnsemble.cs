using System.Globalization;
using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Joins several exported EmoTune models into one ONNX file that outputs the log of their mean probability, so that
/// anything that runs an EmoTune model (softmax of <c>logits</c>) gets the ensemble's mean probability with no change.
/// Each member's graph is copied as it is, with its tensor and node names prefixed (<c>m0/</c>, <c>m1/</c>, …) and its
/// input wired to the shared input; float and int8 (QDQ) exports join alike. Only protobuf fields are rewritten that
/// hold names; everything else (attributes, weights, shapes) is copied byte for byte.
/// </summary>
public static class OnnxEnsemble
{
    /// <summary>Metadata key listing the members' file names and architectures, in order.</summary>
    public const string MembersKey = "emotune.ensemble";

    /// <summary>Writes the ensemble of <paramref name="members"/> to <paramref name="path"/> and its spec beside it.</summary>
    /// <returns>The ensemble's spec (the first member's, with architecture <c>ensemble(a+b+…)</c>).</returns>
    /// <exception cref="ArgumentException">Fewer than two members, or members that expect other preprocessing.</exception>
    /// <exception cref="InvalidDataException">A member is not an EmoTune export ONNX Runtime could run.</exception>
    public static EmotionModelSpec Write(IReadOnlyList<string> members, string path)
    {
        var (bytes, spec) = Build(members);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
        File.WriteAllText(EmotionModelSpec.SidecarPath(path), spec.ToJson());
        return spec;
    }

    /// <summary>The ensemble's ONNX bytes and spec; see <see cref="Write"/>.</summary>
    public static (byte[] Bytes, EmotionModelSpec Spec) Build(IReadOnlyList<string> members)
    {
        if (members.Count < 2)
        {
            throw new ArgumentException($"An ensemble needs at least two models; got {members.Count}.", nameof(members));
        }

        var parts = members.Select(Member.Read).ToList();
        var first = parts[0];
        if (parts.FirstOrDefault(p => p.Spec.Temperature is not null) is { } calibrated)
        {
            throw new ArgumentException(
                $"{calibrated.Path} carries a temperature ({calibrated.Spec.Temperature}); an ensemble is built from uncalibrated members and calibrated as a whole (emotune calibrate).",
                nameof(members));
        }

        foreach (var part in parts.Skip(1))
        {
            if (!part.Spec.SamePreprocessing(first.Spec))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{part.Path} expects {part.Spec.InputWidth}×{part.Spec.InputHeight} input normalised with mean {part.Spec.Mean} and std {part.Spec.Std}; ")
                    + string.Create(CultureInfo.InvariantCulture, $"{first.Path} expects {first.Spec.InputWidth}×{first.Spec.InputHeight}, mean {first.Spec.Mean}, std {first.Spec.Std}. Members of an ensemble must share their preprocessing."),
                    nameof(members));
            }

            if (part.Opset != first.Opset)
            {
                throw new ArgumentException($"{part.Path} uses ONNX opset {part.Opset} and {first.Path} opset {first.Opset}; export both with the same EmoTune version.", nameof(members));
            }
        }

        var spec = first.Spec with { Architecture = $"ensemble({string.Join('+', parts.Select(p => p.Spec.Architecture))})" };
        var graph = new ProtoWriter();
        var probabilities = new List<string>();
        for (var m = 0; m < parts.Count; m++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"m{m}/");
            var memberInput = parts[m].Spec.InputName;
            string Rename(string name) => name == memberInput ? spec.InputName : prefix + name;
            foreach (var node in parts[m].Nodes)
            {
                graph.Bytes(1, RewriteNames(node, Rename, [1, 2, 3]));
            }

            foreach (var initializer in parts[m].Initializers)
            {
                graph.Bytes(5, RewriteNames(initializer, Rename, [8]));
            }

            foreach (var info in parts[m].ValueInfos)
            {
                graph.Bytes(13, RewriteNames(info, Rename, [1]));
            }

            var p = prefix + "probabilities";
            graph.Message(1, Node("Softmax", [Rename(parts[m].Spec.OutputName)], p, new ProtoWriter().String(1, "axis").Varint(3, 1).Varint(20, 2)));
            probabilities.Add(p);
        }

        var weight = BitConverter.GetBytes(1f / parts.Count);
        graph.Message(5, new ProtoWriter().Varint(2, 1).String(8, "ensemble/weight").Bytes(9, weight));
        graph.Message(1, Node("Sum", probabilities, "ensemble/sum"));
        graph.Message(1, Node("Mul", ["ensemble/sum", "ensemble/weight"], "ensemble/mean"));
        graph.Message(1, Node("Log", ["ensemble/mean"], spec.OutputName));
        graph.String(2, spec.Architecture);
        graph.Bytes(11, first.InputInfo(spec.InputName));
        graph.Bytes(12, first.OutputInfo(spec.OutputName));

        var model = new ProtoWriter();
        model.Varint(1, first.IrVersion);
        model.String(2, "EmoTune");
        model.String(3, typeof(OnnxEnsemble).Assembly.GetName().Version?.ToString() ?? "0");
        model.Message(7, graph);
        model.Message(8, new ProtoWriter().String(1, "").Varint(2, first.Opset));
        model.Message(14, new ProtoWriter().String(1, EmotionModelSpec.MetadataKey).String(2, spec.ToJson()));
        model.Message(14, new ProtoWriter().String(1, MembersKey).String(2, string.Join(", ", parts.Select(p => $"{Path.GetFileName(p.Path)} ({p.Spec.Architecture})"))));
        return (model.ToArray(), spec);
    }

    private static ProtoWriter Node(string op, IReadOnlyList<string> inputs, string output, ProtoWriter? attribute = null)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, output + "_node").String(4, op);
        if (attribute is not null)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    /// <summary>A copy of <paramref name="message"/> whose string fields <paramref name="fields"/> are renamed; other fields verbatim.</summary>
    private static byte[] RewriteNames(byte[] message, Func<string, string> rename, int[] fields)
    {
        var writer = new ProtoWriter();
        foreach (var field in ProtoFields.Read(message))
        {
            if (field.Wire == 2 && fields.Contains(field.Number))
            {
                var name = System.Text.Encoding.UTF8.GetString(field.Value);
                writer.String(field.Number, name.Length == 0 ? name : rename(name));
            }
            else
            {
                writer.Raw(field.Raw);
            }
        }

        return writer.ToArray();
    }

    /// <summary>The parts of one member's ModelProto the ensemble needs.</summary>
    private sealed class Member
    {
        public required string Path { get; init; }

        public required EmotionModelSpec Spec { get; init; }

        public required long IrVersion { get; init; }

        public required long Opset { get; init; }

        public List<byte[]> Nodes { get; } = [];

        public List<byte[]> Initializers { get; } = [];

        public List<byte[]> ValueInfos { get; } = [];

        public required byte[] InputValueInfo { get; init; }

        public required byte[] OutputValueInfo { get; init; }

        public byte[] InputInfo(string name) => RewriteNames(InputValueInfo, _ => name, [1]);

        public byte[] OutputInfo(string name) => RewriteNames(OutputValueInfo, _ => name, [1]);

        public static Member Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: model file not found.", path);
            }

            var bytes = File.ReadAllBytes(path);
            try
            {
                return Parse(bytes, path);
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException
                || (e is InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal)))
            {
                throw new InvalidDataException($"{path} is not a readable ONNX model: {e.Message}", e);
            }
        }

        private static Member Parse(byte[] bytes, string path)
        {
            long ir = 0, opset = -1;
            byte[]? graph = null;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in ProtoFields.Read(bytes))
            {
                switch (field.Number)
                {
                    case 1 when field.Wire == 0:
                        ir = field.Varint;
                        break;
                    case 7 when field.Wire == 2:
                        graph = field.Value;
                        break;
                    case 8 when field.Wire == 2:
                        var domain = ProtoFields.String(field.Value, 1);
                        if (domain.Length != 0 && domain != "ai.onnx")
                        {
                            throw new InvalidDataException($"{path} uses operators of the '{domain}' domain; an ensemble joins EmoTune exports (default domain only).");
                        }

                        opset = ProtoFields.Read(field.Value).FirstOrDefault(f => f.Number == 2 && f.Wire == 0)?.Varint ?? 0;
                        break;
                    case 14 when field.Wire == 2:
                        metadata[ProtoFields.String(field.Value, 1)] = ProtoFields.String(field.Value, 2);
                        break;
                }
            }

            if (graph is null || opset < 0)
            {
                throw new InvalidDataException($"{path}: no graph or no opset; not an ONNX model.");
            }

            var spec = EmotionModelSpec.FromModel(metadata, path);
            // GraphProto fields an EmoTune export writes: node 1, initializer 5, input 11, output 12, value_info 13.
            var lists = new Dictionary<int, List<byte[]>> { [1] = [], [5] = [], [11] = [], [12] = [], [13] = [] };
            foreach (var field in ProtoFields.Read(graph))
            {
                if (field.Wire == 2 && lists.TryGetValue(field.Number, out var list))
                {
                    list.Add(field.Value);
                }
                else if (field.Number is not (2 or 10))
                {
                    // 2 and 10 are the graph's name and doc string: the ensemble has its own.
                    throw new InvalidDataException($"{path}: graph field {field.Number} is not one an EmoTune export writes (sparse initializers, quantisation annotations…); cannot join it safely.");
                }
            }

            var (nodes, initializers, inputs, outputs, infos) = (lists[1], lists[5], lists[11], lists[12], lists[13]);
            static string Name(byte[] info) => ProtoFields.String(info, 1);
            var initializerNames = initializers.Select(i => ProtoFields.String(i, 8)).ToHashSet(StringComparer.Ordinal);
            var realInputs = inputs.Where(i => !initializerNames.Contains(Name(i))).ToList();
            var input = realInputs.Count == 1 && Name(realInputs[0]) == spec.InputName
                ? realInputs[0]
                : throw new InvalidDataException($"{path}: expected one graph input named '{spec.InputName}'; found [{string.Join(", ", realInputs.Select(Name))}].");
            var output = outputs.Count == 1 && Name(outputs[0]) == spec.OutputName
                ? outputs[0]
                : throw new InvalidDataException($"{path}: expected one graph output named '{spec.OutputName}'; found [{string.Join(", ", outputs.Select(Name))}].");
            var member = new Member
            {
                Path = path,
                Spec = spec,
                IrVersion = ir,
                Opset = opset,
                InputValueInfo = input,
                OutputValueInfo = output,
            };
            member.Nodes.AddRange(nodes);
            member.Initializers.AddRange(initializers);
            member.ValueInfos.AddRange(infos);
            return member;
        }
    }
}
