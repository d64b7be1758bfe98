package com.otaplatform.common;

import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of request fields that fail with INVALID_ARGUMENT naming the field. */
public final class Fields {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private Fields() {
    }

    /** The value, trimmed; refused when blank or longer than {@code maxLength}. */
    public static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        return optional(field, value, maxLength).trim();
    }

    /** The value or an empty string; refused when longer than {@code maxLength}. */
    public static String optional(String field, String value, int maxLength) {
        if (value == null) {
            return "";
        }
        if (value.length() > maxLength) {
            throw ApiException.invalidField(field, "is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalidField(field, "contains a NUL character");
        }
        return value;
    }

    /** A name made of letters, digits, '.', '-', '_' that cannot climb out of a directory. */
    public static String identifier(String field, String value, int maxLength) {
        String id = required(field, value, maxLength);
        if (!IDENTIFIER.matcher(id).matches() || id.contains("..")) {
            throw ApiException.invalidField(field, "must be letters, digits, '.', '-' or '_' (got '" + abbreviate(id) + "')");
        }
        return id;
    }

    /** A semantic version such as 2.4.1. */
    public static String semver(String field, String value) {
        String version = required(field, value, 128);
        if (!SEMVER.matcher(version).matches()) {
            throw ApiException.invalidField(field, "must be a semantic version like 2.4.1 (got '" + abbreviate(version) + "')");
        }
        return version;
    }

    /** Lowercase hex of exactly {@code length} characters, or empty when not given. */
    public static String optionalHex(String field, String value, int length) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (value.length() != length || !HEX.matcher(value).matches()) {
            throw ApiException.invalidField(field, "must be " + length + " lowercase hex characters");
        }
        return value;
    }

    /** A positive number no larger than {@code max}. */
    public static long positive(String field, long value, long max) {
        if (value <= 0) {
            throw ApiException.invalidField(field, "must be greater than 0");
        }
        if (value > max) {
            throw ApiException.invalidField(field, "must be at most " + max);
        }
        return value;
    }

    /** The page size to use: {@code fallback} for 0, refused outside 1..max. */
    public static int pageSize(String field, int value, int fallback, int max) {
        if (value == 0) {
            return fallback;
        }
        if (value < 0 || value > max) {
            throw ApiException.invalidField(field, "must be between 1 and " + max);
        }
        return value;
    }

    /** The id in a resource name such as {@code rollouts/{id}}; refused when malformed. */
    public static UUID resourceId(String field, String name, String collection) {
        String value = required(field, name, 256);
        String prefix = collection + "/";
        if (!value.startsWith(prefix)) {
            throw ApiException.invalidField(field, "must look like " + prefix + "{id} (got '" + abbreviate(value) + "')");
        }
        try {
            return UUID.fromString(value.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "has a malformed id (got '" + abbreviate(value) + "')");
        }
    }

    /** The resource name of an id in a collection. */
    public static String resourceName(String collection, UUID id) {
        return collection + "/" + id;
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
