package com.otaplatform.bench.upload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Throughputs of one contender over the measured rounds, in MiB/s. */
final class Throughputs {
    private final List<Double> values = new ArrayList<>();

    void add(double mibPerSecond) {
        values.add(mibPerSecond);
    }

    List<Double> values() {
        return List.copyOf(values);
    }

    double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(values);
    }

    double max() {
        return Collections.max(values);
    }

    /** (max - min) / median, as a percentage. */
    double spreadPercent() {
        return (max() - min()) / median() * 100;
    }
}
