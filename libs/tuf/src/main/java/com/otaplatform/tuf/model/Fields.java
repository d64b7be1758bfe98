package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strict field access for metadata parsing; every problem is {@link ErrorCode#INVALID_METADATA}. */
final class Fields {
    private Fields() {
    }

    static TufException invalid(String what) {
        return new TufException(ErrorCode.INVALID_METADATA, what);
    }

    static JsonNode require(JsonNode node, String field, String ctx) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw invalid(ctx + ": missing field '" + field + "'");
        }
        return v;
    }

    static ObjectNode object(JsonNode node, String field, String ctx) {
        JsonNode v = require(node, field, ctx);
        if (!v.isObject()) {
            throw invalid(ctx + ": field '" + field + "' must be an object");
        }
        return (ObjectNode) v;
    }

    static String text(JsonNode node, String field, String ctx) {
        JsonNode v = require(node, field, ctx);
        if (!v.isTextual()) {
            throw invalid(ctx + ": field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    static long nonNegativeLong(JsonNode node, String field, String ctx) {
        JsonNode v = require(node, field, ctx);
        if (!v.isIntegralNumber()) {
            throw invalid(ctx + ": field '" + field + "' must be an integer");
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.bitLength() > 63) {
            throw invalid(ctx + ": field '" + field + "' out of range: " + b);
        }
        return b.longValue();
    }

    static long signedInt(JsonNode v, String ctx) {
        if (v == null || !v.isIntegralNumber()) {
            throw invalid(ctx + " must be an integer");
        }
        BigInteger b = v.bigIntegerValue();
        if (b.bitLength() > 31) {
            throw invalid(ctx + " out of range: " + b);
        }
        return b.longValue();
    }

    static Instant instant(JsonNode node, String field, String ctx) {
        String s = text(node, field, ctx);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(ctx + ": field '" + field + "' is not an ISO-8601 UTC time: " + s);
        }
    }

    static Map<String, String> hashes(JsonNode node, String ctx) {
        if (!node.isObject() || node.isEmpty()) {
            throw invalid(ctx + ": 'hashes' must be a non-empty object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid(ctx + ": hash '" + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        });
        return out;
    }
}
