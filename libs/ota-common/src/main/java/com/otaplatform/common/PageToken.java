package com.otaplatform.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens that carry the offset of the next page. */
public final class PageToken {
    private static final String PREFIX = "o:";

    private PageToken() {
    }

    /** The offset a token stands for; 0 for an empty token. */
    public static long offset(String field, String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith(PREFIX)) {
                throw new IllegalArgumentException(decoded);
            }
            long offset = Long.parseLong(decoded.substring(PREFIX.length()));
            if (offset < 0) {
                throw new IllegalArgumentException(decoded);
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "is not a token from a previous response");
        }
    }

    /** The token of the page after one that started at {@code offset} and held {@code returned} of {@code pageSize} items. */
    public static String next(long offset, int returned, int pageSize) {
        if (returned < pageSize) {
            return "";
        }
        String raw = PREFIX + (offset + returned);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
