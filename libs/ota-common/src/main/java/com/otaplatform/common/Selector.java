package com.otaplatform.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rollout selector over vehicle attributes and installed versions: comparisons joined by
 * {@code and}, for example {@code model = 'SU7' and region != 'EU' and ecu.adas-main.version = '2.4.1'}.
 * The empty selector selects every vehicle.
 */
public final class Selector {
    private static final String ECU_PREFIX = "ecu.";
    private static final String VERSION_SUFFIX = ".version";

    private final String source;
    private final List<Comparison> comparisons;

    private Selector(String source, List<Comparison> comparisons) {
        this.source = source;
        this.comparisons = comparisons;
    }

    /**
     * One comparison of the selector: an attribute, or with {@code ecu} set an ECU's installed version
     * (ecu.<ecu>.version), equals (or, with {@code equal} false, differs from) the value.
     */
    public record Comparison(String attribute, String ecu, boolean equal, String value) {
        boolean matches(Map<String, String> attributes, Map<String, String> installedVersions) {
            return equal == value.equals(ecu == null ? attributes.get(attribute) : installedVersions.get(ecu));
        }
    }

    /** Parses {@code source}; a syntax error is INVALID_ARGUMENT naming {@code field} and the position. */
    public static Selector parse(String field, String source) {
        String text = Fields.optional(field, source, 4096);
        List<Comparison> comparisons = new ArrayList<>();
        Lexer lexer = new Lexer(field, text);
        if (lexer.atEnd()) {
            return new Selector(text, comparisons);
        }
        do {
            String attribute = lexer.identifier();
            String ecu = ecuOf(attribute, lexer);
            boolean equal = lexer.operator();
            comparisons.add(new Comparison(attribute, ecu, equal, lexer.quoted()));
        } while (lexer.keyword("and"));
        if (!lexer.atEnd()) {
            throw lexer.error("expected 'and' or the end");
        }
        return new Selector(text, List.copyOf(comparisons));
    }

    // "ecu." names an installed version, never an attribute: ecu.<ecu>.version
    private static String ecuOf(String attribute, Lexer lexer) {
        if (!attribute.startsWith(ECU_PREFIX)) {
            return null;
        }
        String ecu = attribute.substring(ECU_PREFIX.length());
        if (!ecu.endsWith(VERSION_SUFFIX) || ecu.length() == VERSION_SUFFIX.length()) {
            lexer.position -= attribute.length(); // point at the name, not past it
            throw lexer.error("expected ecu.<ecu>.version");
        }
        return ecu.substring(0, ecu.length() - VERSION_SUFFIX.length());
    }

    /** The term that selects vehicles whose ECU runs this version. */
    public static String ecuVersionTerm(String ecu, String version) {
        return ECU_PREFIX + ecu + VERSION_SUFFIX + " = '" + version + "'";
    }

    /** This selector and {@code term}, parsed again as one selector named {@code field}. */
    public Selector and(String field, String term) {
        return parse(field, source.isBlank() ? term : source + " and " + term);
    }

    /** Whether a vehicle with these attributes and these installed versions (by ECU) is selected. */
    public boolean matches(Map<String, String> attributes, Map<String, String> installedVersions) {
        return comparisons.stream().allMatch(comparison -> comparison.matches(attributes, installedVersions));
    }

    /** The comparisons, all of which a selected vehicle meets; empty for the empty selector. */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /** The selector as written. */
    public String source() {
        return source;
    }

    private static final class Lexer {
        private final String field;
        private final String text;
        private int position;

        Lexer(String field, String text) {
            this.field = field;
            this.text = text;
        }

        boolean atEnd() {
            skipSpaces();
            return position == text.length();
        }

        String identifier() {
            skipSpaces();
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || "_-.".indexOf(text.charAt(position)) >= 0)) {
                position++;
            }
            if (start == position) {
                throw error("expected an attribute name");
            }
            return text.substring(start, position);
        }

        boolean operator() {
            skipSpaces();
            if (text.startsWith("!=", position)) {
                position += 2;
                return false;
            }
            if (text.startsWith("=", position)) {
                position += 1;
                return true;
            }
            throw error("expected '=' or '!='");
        }

        String quoted() {
            skipSpaces();
            if (position >= text.length() || text.charAt(position) != '\'') {
                throw error("expected a value in single quotes");
            }
            int end = text.indexOf('\'', position + 1);
            if (end < 0) {
                throw error("the quoted value is not closed");
            }
            String value = text.substring(position + 1, end);
            position = end + 1;
            return value;
        }

        boolean keyword(String word) {
            skipSpaces();
            if (text.regionMatches(true, position, word, 0, word.length())
                    && (position + word.length() == text.length() || Character.isWhitespace(text.charAt(position + word.length())))) {
                position += word.length();
                return true;
            }
            return false;
        }

        ApiException error(String expectation) {
            return ApiException.invalidField(field, expectation + " at position " + (position + 1) + " of '" + text + "'");
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }
    }
}
