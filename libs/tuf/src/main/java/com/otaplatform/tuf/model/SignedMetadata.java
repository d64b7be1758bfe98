package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelope {@code {"signed": {...}, "signatures": [...]}}. Signatures are checked over the canonical JSON of
 * the {@code signed} object exactly as received (unknown fields included).
 */
public record SignedMetadata(ObjectNode signed, List<Signature> signatures) {
    public static final String SPEC_VERSION = "1.0.31";

    public SignedMetadata {
        signatures = List.copyOf(signatures);
    }

    public static SignedMetadata parse(byte[] raw) {
        JsonNode root = Json.parse(raw);
        if (!root.isObject()) {
            throw Fields.invalid("metadata must be a JSON object");
        }
        ObjectNode signed = Fields.object(root, "signed", "metadata");
        JsonNode sigs = Fields.require(root, "signatures", "metadata");
        if (!sigs.isArray()) {
            throw Fields.invalid("metadata: 'signatures' must be an array");
        }
        List<Signature> list = new ArrayList<>();
        for (JsonNode s : sigs) {
            list.add(new Signature(Fields.text(s, "keyid", "signature"), Fields.text(s, "sig", "signature")));
        }
        return new SignedMetadata(signed, list);
    }

    public byte[] canonicalSigned() {
        return CanonicalJson.encode(signed);
    }

    public String type() {
        return Fields.text(signed, "_type", "signed");
    }

    public long version() {
        long v = Fields.nonNegativeLong(signed, "version", "signed");
        if (v < 1) {
            throw Fields.invalid("signed: version must be >= 1");
        }
        return v;
    }

    public Instant expires() {
        return Fields.instant(signed, "expires", "signed");
    }

    /** Checks _type and the spec major version; returns this for chaining. */
    public SignedMetadata requireType(String expected) {
        String type = type();
        if (!expected.equals(type)) {
            throw Fields.invalid("expected _type '" + expected + "' but got '" + type + "'");
        }
        String spec = Fields.text(signed, "spec_version", "signed");
        if (!spec.startsWith("1.")) {
            throw Fields.invalid("unsupported spec_version " + spec);
        }
        return this;
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        ArrayNode sigs = n.putArray("signatures");
        signatures.forEach(s -> sigs.add(s.toJson()));
        n.set("signed", signed);
        return n;
    }

    /** File bytes (pretty printed; signatures are over the canonical form so layout does not matter). */
    public byte[] toBytes() {
        return Json.pretty(toJson());
    }
}
