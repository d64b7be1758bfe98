package com.otaplatform.console.client;

import com.otaplatform.console.config.ConsoleConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;

/**
 * The console's own channels to the other services. They are built here rather than injected with
 * {@code @GrpcClient} on purpose: Quarkus applies platform-support's global ServiceTokenInterceptor
 * to every injected client, and that would put the console's service token on calls that must carry
 * only the user's token. Calls on these channels carry exactly what UserCredentials adds.
 */
@ApplicationScoped
public class ServiceChannels {
    private final ManagedChannel artifact;
    private final ManagedChannel rollout;
    private final ManagedChannel fleet;
    private final ManagedChannel signing;

    ServiceChannels(ConsoleConfig config) {
        artifact = open(config.artifactEndpoint());
        rollout = open(config.rolloutEndpoint());
        fleet = open(config.fleetEndpoint());
        signing = open(config.signingEndpoint());
    }

    private static ManagedChannel open(String endpoint) {
        return NettyChannelBuilder.forTarget(endpoint).usePlaintext().build();
    }

    ManagedChannel artifact() {
        return artifact;
    }

    ManagedChannel rollout() {
        return rollout;
    }

    ManagedChannel fleet() {
        return fleet;
    }

    ManagedChannel signing() {
        return signing;
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        for (ManagedChannel channel : new ManagedChannel[] {artifact, rollout, fleet, signing}) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
