package com.otaplatform.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a benchmark ran on, for its report: cores, RAM, JDK and how busy it was. */
public final class Machine {
    private Machine() {
    }

    /** Cores, RAM in MiB, JDK, and the load averages (how busy the machine was). */
    public static Map<String, Object> describe() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        long ramKib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        machine.put("ramMib", ramKib / 1024);
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("loadAverage1m5m15m", loadAverage());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    public static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** One line for a report's footer. */
    public static String line(Map<String, Object> machine) {
        return machine.get("cores") + " cores, " + machine.get("ramMib") + " MiB RAM, JDK " + machine.get("jdk") + ", load "
                + machine.get("loadAverage1m5m15m");
    }
}
