package com.otaplatform.otactl.cli.rollout;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a rollout as percentages of the selected fleet, kept in basis points: {@code 1,10,50,100} becomes
 * 100, 1000, 5000, 10000. Strictly increasing, each above 0, the last 100%.
 */
public record StagePlan(List<Integer> basisPoints) {

    public StagePlan {
        basisPoints = List.copyOf(basisPoints);
    }

    public static StagePlan parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give at least one stage, e.g. 1,10,50,100");
        }
        List<Integer> bps = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.endsWith("%")) {
                p = p.substring(0, p.length() - 1).trim();
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty stage in '" + text + "'");
            }
            BigDecimal pct;
            try {
                pct = new BigDecimal(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a percentage");
            }
            BigDecimal bp = pct.movePointRight(2);
            if (bp.signum() <= 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("stage " + part.trim() + " is not in (0, 100]");
            }
            if (bp.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("stage " + part.trim() + " is finer than 0.01%");
            }
            int value = bp.intValueExact();
            if (!bps.isEmpty() && value <= bps.get(bps.size() - 1)) {
                throw new IllegalArgumentException("stages must be strictly increasing, but " + part.trim()
                        + " follows " + percent(bps.get(bps.size() - 1)));
            }
            bps.add(value);
        }
        int last = bps.get(bps.size() - 1);
        if (last != 10_000) {
            throw new IllegalArgumentException("the last stage must be 100 (the whole selected fleet), not " + percent(last));
        }
        return new StagePlan(bps);
    }

    private static String percent(int bp) {
        return BigDecimal.valueOf(bp).movePointLeft(2).stripTrailingZeros().toPlainString();
    }

    /** picocli converter; its messages become usage errors (exit 2). */
    public static final class Converter implements ITypeConverter<StagePlan> {
        @Override
        public StagePlan convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
