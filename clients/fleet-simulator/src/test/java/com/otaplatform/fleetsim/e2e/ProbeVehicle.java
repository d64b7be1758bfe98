package com.otaplatform.fleetsim.e2e;

import com.otaplatform.agent.CycleResult;
import com.otaplatform.agent.EcuConfig;
import com.otaplatform.agent.VehicleAgent;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.agent.VehicleIdentity;
import com.otaplatform.common.Bucketing;
import com.otaplatform.fleetsim.VinGenerator;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One vehicle that the test drives cycle by cycle, a real {@link VehicleAgent} with the state the fleet simulator
 * provisioned for it, on a channel of its own to checkin-service's vehicle port.
 */
final class ProbeVehicle implements AutoCloseable {
    /** As the fleet simulator's: a vehicle whose call broke tries again within 5 s. */
    static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final VehicleAgent agent;

    private ProbeVehicle(ManagedChannel channel, VehicleAgent agent) {
        this.channel = channel;
        this.agent = agent;
    }

    /** The seed of a one-vehicle fleet-simulator run whose vehicle falls in the rollout's first stage, of {@code shareBp} basis points. */
    static long seedInFirstStage(UUID rollout, int shareBp) {
        for (long seed = 900; ; seed++) {
            if (Bucketing.bucket(rollout, vin(seed)) < shareBp) {
                return seed;
            }
        }
    }

    /** The VIN of a one-vehicle fleet-simulator run with {@code seed}. */
    static String vin(long seed) {
        return new VinGenerator(seed).vin(0);
    }

    /**
     * The vehicle the fleet simulator provisioned in {@code baseDir} with {@code seed} and attributes {@code attributes}
     * (besides its defaults), with the simulator's default ECU, trusting the roots its provisioning handed over, on
     * {@code endpoint}.
     */
    static ProbeVehicle open(Path baseDir, long seed, Map<String, String> attributes, String endpoint) throws Exception {
        String vin = vin(seed);
        Path state = baseDir.resolve(vin);
        VehicleCredentials credentials = VehicleCredentials.load(state)
                .orElseThrow(() -> new IllegalStateException(vin + " was not provisioned in " + state));
        Map<String, String> attrs = new LinkedHashMap<>(Map.of("model", "SU7", "region", "CN"));
        attrs.putAll(attributes);
        VehicleIdentity identity = new VehicleIdentity(vin, attrs, List.of(new EcuConfig("adas-main-" + vin, "adas-main", "adas-v3")));
        ManagedChannel channel = VehicleChannels.authenticated(endpoint,
                Files.readString(PlatformProcesses.serverTls().resolve("server.crt")), credentials);
        VehicleAgent agent = VehicleAgent.builder(identity, state, channel)
                .trustedRoots(credentials.trustedRoots().orElseThrow())
                .backoff(Duration.ofSeconds(1), BACKOFF_MAX)
                .fsync(false)
                .build();
        return new ProbeVehicle(channel, agent);
    }

    String vin() {
        return agent.identity().vin();
    }

    CycleResult cycle() {
        return agent.runCycle();
    }

    /**
     * Runs cycles, each after the delay the previous one asked for, until an update is over and its events are
     * delivered; returns every cycle's result. Fails after {@code limit}.
     */
    List<CycleResult> untilUpdated(Duration limit) throws InterruptedException {
        List<CycleResult> results = new ArrayList<>();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            CycleResult r = agent.runCycle();
            results.add(r);
            if (r.update().finished() && r.eventsPending() == 0) {
                return results;
            }
            Thread.sleep(Math.min(r.nextDelay().toMillis(), 1_000));
        }
        throw new AssertionError(vin() + " did not finish an update within " + limit + ": " + results);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
