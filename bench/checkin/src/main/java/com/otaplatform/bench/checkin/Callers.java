package com.otaplatform.bench.checkin;

import com.otaplatform.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vehicles that call during the throughput benchmark: drawn at random from the whole fleet and
 * provisioned through checkin-service, so that a few of them fall in the rollout's first stage. The
 * vehicle CA that signed their certificates is written out for the reference servers to trust.
 */
final class Callers {
    private final List<VehicleCalls.Caller> callers;
    private final Path vehicleCa;
    private final String serverCaPem;
    private final double seconds;

    private Callers(List<VehicleCalls.Caller> callers, Path vehicleCa, String serverCaPem, double seconds) {
        this.callers = callers;
        this.vehicleCa = vehicleCa;
        this.serverCaPem = serverCaPem;
        this.seconds = seconds;
    }

    static Callers provision(BenchPlatform platform, Fleet fleet, int count, Path out) throws IOException {
        long start = System.nanoTime();
        Random random = new Random(42);
        Set<Long> picked = new TreeSet<>();
        while (picked.size() < count) {
            picked.add((long) random.nextInt(fleet.size()));
        }
        List<VehicleCalls.Caller> callers = new ArrayList<>();
        for (long i : picked) {
            callers.add(platform.provision(i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("provisioned %d calling vehicles (register + CSR + certificate) in %.1f s%n", count, seconds);
        Path ca = Files.writeString(Files.createDirectories(out.resolve("tls")).resolve("vehicle-ca.crt"),
                callers.get(0).credentials().caChainPem());
        return new Callers(List.copyOf(callers), ca, platform.vehicleEndpoint().serverCaPem(), seconds);
    }

    List<VehicleCalls.Caller> all() {
        return callers;
    }

    /** The vehicle CA's certificate chain, a PEM file. */
    Path vehicleCa() {
        return vehicleCa;
    }

    /** Where vehicles reach a reference server: its port, with checkin-service's certificate. */
    VehicleCalls.Endpoint endpointOf(ServiceProcess reference) {
        return new VehicleCalls.Endpoint(reference.port(), serverCaPem);
    }

    double seconds() {
        return seconds;
    }
}
