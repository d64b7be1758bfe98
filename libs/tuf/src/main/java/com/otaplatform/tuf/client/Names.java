package com.otaplatform.tuf.client;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Validation of target and role names, and the only way this package turns a name into a local path: the name is
 * percent-encoded into a single file name inside the given directory, and the result is checked to stay there.
 */
public final class Names {
    private static final String[] ENCODED_SEPARATORS = {"%2e", "%2f", "%5c", "%00"};

    private Names() {
    }

    /** Target paths may contain inner '/' separators but no empty, "." or ".." segment. */
    public static void requireSafeTargetName(String name) {
        requireSafe(name, "target", true);
    }

    /** Role names are single segments. */
    public static void requireSafeRoleName(String name) {
        requireSafe(name, "role", false);
    }

    private static void requireSafe(String name, String kind, boolean allowInnerSlash) {
        String why = unsafeReason(name, allowInnerSlash);
        if (why != null) {
            throw new TufException(ErrorCode.PATH_TRAVERSAL, kind + " name " + printable(name) + " refused: " + why);
        }
    }

    static String unsafeReason(String name, boolean allowInnerSlash) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > 1024) {
            return "too long";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return "contains NUL";
            }
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
            if (c == '\\') {
                return "contains a backslash";
            }
        }
        if (name.startsWith("/")) {
            return "starts with '/'";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String enc : ENCODED_SEPARATORS) {
            if (lower.contains(enc)) {
                return "contains encoded '" + enc + "'";
            }
        }
        if (!allowInnerSlash && name.contains("/")) {
            return "contains '/'";
        }
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty()) {
                return "has an empty path segment";
            }
            if (seg.equals(".") || seg.equals("..")) {
                return "has a '" + seg + "' path segment";
            }
        }
        if (name.contains(":")) {
            return "contains ':'";
        }
        return null;
    }

    /** A single file directly inside {@code dir} for this (already validated) name. */
    public static Path localFile(Path dir, String name) {
        String file = URLEncoder.encode(name, StandardCharsets.UTF_8);
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(file).normalize();
        if (!base.equals(p.getParent()) || file.equals(".") || file.equals("..")) {
            throw new TufException(ErrorCode.PATH_TRAVERSAL, "name " + printable(name) + " escapes " + dir);
        }
        return p;
    }

    /** Percent-encodes each segment of a target path for use in a URL. */
    public static String urlPath(String name) {
        StringBuilder sb = new StringBuilder();
        for (String seg : name.split("/", -1)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
