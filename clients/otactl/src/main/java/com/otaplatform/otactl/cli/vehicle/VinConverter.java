package com.otaplatform.otactl.cli.vehicle;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Pattern;

/**
 * A VIN as typed: {@code LSJA24U67MS000001} or {@code vehicles/LSJA24U67MS000001}. Checked here only so that a typo is
 * a usage error before any call; checkin-service checks it again and is the authority.
 */
public final class VinConverter implements ITypeConverter<String> {
    /** ISO 3779: 17 characters, digits and capitals without I, O and Q. */
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");

    @Override
    public String convert(String value) {
        return parse(value);
    }

    /** The VIN of {@code value}, or a conversion error saying what a VIN looks like. */
    public static String parse(String value) {
        String vin = value.trim();
        if (vin.startsWith("vehicles/")) {
            vin = vin.substring("vehicles/".length());
        }
        if (!VIN.matcher(vin).matches()) {
            throw new TypeConversionException("'" + value + "' is not a VIN: a VIN is 17 characters A-Z (no I, O, Q) or 0-9"
                    + (vin.length() == 17 ? "" : " (this is " + vin.length() + ")")
                    + (VIN.matcher(vin.toUpperCase(java.util.Locale.ROOT)).matches() ? ", in capitals" : ""));
        }
        return vin;
    }
}
