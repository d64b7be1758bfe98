package com.otaplatform.otactl.cli.rollout;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;

/** A failure rate as basis points: {@code 2%} and {@code 2} -> 200, {@code 0.5%} -> 50, {@code 150bp} -> 150. */
public final class RateConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    public static int parse(String value) {
        String v = value.trim().toLowerCase();
        try {
            int bp;
            if (v.endsWith("bp")) {
                bp = Integer.parseInt(v.substring(0, v.length() - 2).trim());
            } else {
                if (v.endsWith("%")) {
                    v = v.substring(0, v.length() - 1).trim();
                }
                BigDecimal b = new BigDecimal(v).movePointRight(2);
                if (b.stripTrailingZeros().scale() > 0) {
                    throw new TypeConversionException("'" + value + "' is finer than 0.01%");
                }
                bp = b.intValueExact();
            }
            if (bp < 0 || bp > 10_000) {
                throw new TypeConversionException("'" + value + "' is not between 0% and 100%");
            }
            return bp;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a rate: write it like 2%, 0.5% or 150bp");
        }
    }
}
