package dev.ferstream.model.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ProtoWriterTest {
    @Test
    void writesVarintsAsProtobufDoes() {
        // the protobuf documentation's example: field 1 = 150 is 08 96 01
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
        // negative int64: ten bytes, two's complement
        assertArrayEquals(bytes(0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtoWriter().varint(3, -1).toByteArray());
        // field 20 needs a two-byte tag: (20 << 3) | 0 = 160 = A0 01
        assertArrayEquals(bytes(0xA0, 0x01, 0x07), new ProtoWriter().varint(20, 7).toByteArray());
    }

    @Test
    void writesFloatsLittleEndianAndNestsMessagesWithTheirLength() {
        // 1.0f = 0x3F800000, wire type 5
        assertArrayEquals(bytes(0x15, 0x00, 0x00, 0x80, 0x3F), new ProtoWriter().fixed32(2, 1.0f).toByteArray());
        ProtoWriter inner = new ProtoWriter().string(1, "ab");
        assertArrayEquals(bytes(0x3A, 0x04, 0x0A, 0x02, 'a', 'b'), new ProtoWriter().message(7, inner).toByteArray());
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
