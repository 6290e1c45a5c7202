package dev.ferstream.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one ONNX model: nodes in order, float and int64 initialisers, one float input and one float output with a
 * symbolic batch dimension. Writes ModelProto (IR version {@value #IR_VERSION}, default-domain opset {@value #OPSET})
 * with only the fields used. Why IR 9 and opset 17: ONNX Runtime 1.22's Java build (the first one used) reads them, and the peers' graphs
 * use the same pair. Field numbers are those of onnx.proto.
 */
final class OnnxGraph {
    static final int IR_VERSION = 9;
    static final int OPSET = 17;
    static final String BATCH = "N";

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private int counter;

    OnnxGraph(String name) {
        this.name = name;
    }

    /** Adds a node with one output, named after its op and position; returns that name. */
    String node(String opType, List<String> inputs, Attribute... attributes) {
        String output = opType.toLowerCase(java.util.Locale.ROOT) + (++counter);
        nodeWithOutput(opType, inputs, output, attributes);
        return output;
    }

    /** Adds a node whose one output has the given name (the graph's output). */
    void nodeWithOutput(String opType, List<String> inputs, String output, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(in -> node.string(1, in));
        node.string(2, output).string(3, output).string(4, opType);
        for (Attribute a : attributes) {
            node.message(5, a.encode());
        }
        nodes.add(node);
    }

    /** A float initialiser (raw little-endian data); returns its name. */
    String floats(String tensorName, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(tensor(tensorName, dims, FLOAT, raw.array()));
        return tensorName;
    }

    /** A 1-D int64 initialiser (shapes for Reshape); returns its name. */
    String longs(String tensorName, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        initializers.add(tensor(tensorName, new long[]{values.length}, INT64, raw.array()));
        return tensorName;
    }

    private static ProtoWriter tensor(String tensorName, long[] dims, int dataType, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, dataType).string(8, tensorName).bytes(9, raw);
    }

    /** The ModelProto bytes; {@code input}/{@code output} dims exclude the batch, which is symbolic. */
    byte[] model(String inputName, long[] inputDims, String outputName, long[] outputDims, String producer) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        graph.message(11, valueInfo(inputName, inputDims));
        graph.message(12, valueInfo(outputName, outputDims));
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, producer)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    private static ProtoWriter valueInfo(String valueName, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        shape.message(1, new ProtoWriter().string(2, BATCH));
        for (long d : dims) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, valueName).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** A node attribute: an int, a float or a list of ints (AttributeProto). */
    record Attribute(String name, int type, long intValue, float floatValue, long[] ints) {
        private static final int TYPE_FLOAT = 1;
        private static final int TYPE_INT = 2;
        private static final int TYPE_INTS = 7;

        static Attribute of(String name, long value) {
            return new Attribute(name, TYPE_INT, value, 0f, null);
        }

        static Attribute of(String name, float value) {
            return new Attribute(name, TYPE_FLOAT, 0, value, null);
        }

        static Attribute ints(String name, int... values) {
            return new Attribute(name, TYPE_INTS, 0, 0f, java.util.Arrays.stream(values).asLongStream().toArray());
        }

        ProtoWriter encode() {
            ProtoWriter a = new ProtoWriter().string(1, name);
            switch (type) {
                case TYPE_FLOAT -> a.fixed32(2, floatValue);
                case TYPE_INT -> a.varint(3, intValue);
                default -> {
                    for (long v : ints) {
                        a.varint(8, v);
                    }
                }
            }
            return a.varint(20, type);
        }
    }
}
