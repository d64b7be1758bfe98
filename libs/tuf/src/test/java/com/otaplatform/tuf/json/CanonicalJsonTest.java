package com.otaplatform.tuf.json;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.model.Key;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {
    private static String canon(String json) {
        return CanonicalJson.encodeToString(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sortsKeysAndDropsWhitespace() {
        assertThat(canon("{ \"b\" : 1, \"a\" : [ true, false, null, {\"z\":0,\"y\":-5} ] }"))
                .isEqualTo("{\"a\":[true,false,null,{\"y\":-5,\"z\":0}],\"b\":1}");
    }

    @Test
    void escapesOnlyQuoteAndBackslash() {
        // securesystemslib encode_canonical: only " and \ are escaped; newline and non-ASCII are raw bytes
        String json = "{\"s\":\"a\\\"b\\\\c\\nd\\u00e9\"}";
        byte[] out = CanonicalJson.encode(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"a\\\"b\\\\c\nd\u00e9\"}");
        assertThat(out).contains((byte) 0xc3, (byte) 0xa9);
    }

    @Test
    void decodesItsOwnOutputWithRawNewlinesBackToTheSameBytes() {
        String json = "{\"pem\":\"-----BEGIN\\nKEY\\n\",\"quote\":\"a\\\"b\\\\\"}";
        byte[] canonical = CanonicalJson.encode(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Json.parse(canonical)).hasMessageStartingWith("INVALID_METADATA");
        assertThat(CanonicalJson.decode(canonical).get("pem").textValue()).isEqualTo("-----BEGIN\nKEY\n");
        assertThat(CanonicalJson.encode(CanonicalJson.decode(canonical))).isEqualTo(canonical);
    }

    @Test
    void sortsByCodePoint() {
        assertThat(canon("{\"\uFB01\":1,\"\uD83D\uDE00\":2,\"a\":3,\"B\":4}"))
                .isEqualTo("{\"B\":4,\"a\":3,\"\uFB01\":1,\"\uD83D\uDE00\":2}");
    }

    @Test
    void refusesFloats() {
        assertThatThrownBy(() -> canon("{\"x\":1.5}"))
                .isInstanceOfSatisfying(TufException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_METADATA));
    }

    @Test
    void bigIntegersAreWrittenExactly() {
        assertThat(canon("[12345678901234567890123]")).isEqualTo("[12345678901234567890123]");
    }

    @Test
    void keyIdIsSha256OfCanonicalKey() {
        // vector computed independently: sha256(json.dumps(key, sort_keys=True, separators=(",", ":")))
        Key key = new Key("ed25519", "ed25519", "4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a0f");
        assertThat(CanonicalJson.encodeToString(key.toJson())).isEqualTo(
                "{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"4f66dabebcf30628963786001984c0b75c175cdcf3bc4855933a2628f0cd0a0f\"},\"scheme\":\"ed25519\"}");
        assertThat(key.keyId()).isEqualTo("c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(TufException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_METADATA));
    }
}
