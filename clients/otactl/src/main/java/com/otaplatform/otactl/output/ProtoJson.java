package com.otaplatform.otactl.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import java.io.UncheckedIOException;
import java.util.List;

/** JSON output: protobuf messages in the canonical proto3 JSON mapping (zero values included), other data via Jackson. */
public final class ProtoJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private ProtoJson() {
    }

    public static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The message as JSON on one line, for streams printed one object per line. */
    public static String line(MessageOrBuilder message) {
        try {
            return PRINTER.omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON array of messages. */
    public static String array(List<? extends MessageOrBuilder> messages) {
        ArrayNode array = MAPPER.createArrayNode();
        for (MessageOrBuilder m : messages) {
            array.add(tree(m));
        }
        return write(array);
    }

    public static JsonNode tree(MessageOrBuilder message) {
        try {
            return MAPPER.readTree(print(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
