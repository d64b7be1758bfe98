package com.otaplatform.tuf.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * OLPC canonical JSON as used by TUF (securesystemslib {@code encode_canonical}): object keys sorted by
 * code point, no whitespace, only strings, integers, booleans, null, objects and arrays; inside strings only
 * {@code "} and {@code \} are escaped, every other character is written as its UTF-8 bytes.
 */
public final class CanonicalJson {
    private static final ObjectMapper CANONICAL_READER = Json.MAPPER.copy()
            .enable(JsonParser.Feature.ALLOW_UNQUOTED_CONTROL_CHARS);

    private CanonicalJson() {
    }

    public static byte[] encode(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(node, out);
        return out.toByteArray();
    }

    /**
     * Parses canonical JSON back, strictly as {@link Json#parse} does, except that control characters may stand
     * unescaped in strings (the canonical form writes them so, for example the newlines of a PEM key).
     */
    public static JsonNode decode(byte[] canonical) {
        return Json.parse(canonical, CANONICAL_READER);
    }

    public static String encodeToString(JsonNode node) {
        return new String(encode(node), StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, ByteArrayOutputStream out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                Iterator<String> it = node.fieldNames();
                it.forEachRemaining(names::add);
                names.sort(CanonicalJson::compareCodePoints);
                out.write('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    writeString(name, out);
                    out.write(':');
                    write(node.get(name), out);
                }
                out.write('}');
            }
            case ARRAY -> {
                out.write('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    write(node.get(i), out);
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new TufException(ErrorCode.INVALID_METADATA,
                            "canonical JSON allows only integers, found " + node.asText());
                }
                out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
            }
            case BOOLEAN -> out.writeBytes((node.booleanValue() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
            case NULL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            default -> throw new TufException(ErrorCode.INVALID_METADATA,
                    "canonical JSON cannot encode a " + node.getNodeType() + " value");
        }
    }

    private static void writeString(String s, ByteArrayOutputStream out) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Sort by Unicode code point (as Python sorts str), not by UTF-16 unit. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
