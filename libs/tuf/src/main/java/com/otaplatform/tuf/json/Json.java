package com.otaplatform.tuf.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

import java.io.IOException;

/** Strict JSON parsing: duplicate keys and trailing tokens are refused (they let two readers see different documents). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private Json() {
    }

    public static JsonNode parse(byte[] bytes) {
        return parse(bytes, MAPPER);
    }

    static JsonNode parse(byte[] bytes, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new TufException(ErrorCode.INVALID_METADATA, "empty document");
            }
            return node;
        } catch (IOException e) {
            throw new TufException(ErrorCode.INVALID_METADATA, "not valid JSON: " + firstLine(e), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Pretty, non-canonical form for files on disk (signatures cover the canonical form). */
    public static byte[] pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
