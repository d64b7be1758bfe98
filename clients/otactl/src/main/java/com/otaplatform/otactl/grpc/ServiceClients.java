package com.otaplatform.otactl.grpc;

import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.otactl.auth.BearerCallCredentials;
import com.otaplatform.otactl.auth.TokenProvider;
import com.otaplatform.otactl.config.OtactlConfig;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stubs of the services, each on a lazily opened channel with bearer credentials and the endpoint note.
 * Closing shuts every channel down.
 */
public final class ServiceClients implements AutoCloseable {
    /** Deadline of the calls a blocking stub makes (a command's unary calls together). */
    private static final long UNARY_DEADLINE_SECONDS = 60;
    private final OtactlConfig config;
    private final TokenProvider tokens;
    private final List<ManagedChannel> opened = new ArrayList<>();
    private Channel artifactChannel;
    private Channel rolloutChannel;
    private Channel signingChannel;
    private Channel fleetChannel;

    public ServiceClients(OtactlConfig config, TokenProvider tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    public synchronized Channel artifactChannel() {
        if (artifactChannel == null) {
            artifactChannel = open("artifact-service", config.artifactEndpoint());
        }
        return artifactChannel;
    }

    public synchronized Channel rolloutChannel() {
        if (rolloutChannel == null) {
            rolloutChannel = open("rollout-service", config.rolloutEndpoint());
        }
        return rolloutChannel;
    }

    public synchronized Channel signingChannel() {
        if (signingChannel == null) {
            signingChannel = open("signing-service", config.signingEndpoint());
        }
        return signingChannel;
    }

    public synchronized Channel fleetChannel() {
        if (fleetChannel == null) {
            fleetChannel = open("checkin-service", config.fleetEndpoint());
        }
        return fleetChannel;
    }

    private Channel open(String service, String endpoint) {
        ManagedChannel channel = Endpoints.open(endpoint);
        opened.add(channel);
        return ClientInterceptors.intercept(channel, new EndpointInterceptor(service + " (" + Endpoints.target(endpoint) + ")"));
    }

    /** Fetches a token now, so that a missing login fails before any call, with its own message and exit code. */
    private BearerCallCredentials credentials() {
        tokens.accessToken();
        return new BearerCallCredentials(tokens::accessToken);
    }

    public ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts() {
        return ArtifactServiceGrpc.newBlockingStub(artifactChannel()).withCallCredentials(credentials())
                .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public ArtifactServiceGrpc.ArtifactServiceStub artifactsAsync() {
        return ArtifactServiceGrpc.newStub(artifactChannel()).withCallCredentials(credentials());
    }

    public RolloutServiceGrpc.RolloutServiceBlockingStub rollouts() {
        return RolloutServiceGrpc.newBlockingStub(rolloutChannel()).withCallCredentials(credentials())
                .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public SigningServiceGrpc.SigningServiceBlockingStub signing() {
        return SigningServiceGrpc.newBlockingStub(signingChannel()).withCallCredentials(credentials())
                .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public FleetServiceGrpc.FleetServiceBlockingStub fleet() {
        return FleetServiceGrpc.newBlockingStub(fleetChannel()).withCallCredentials(credentials())
                .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        for (ManagedChannel channel : opened) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : opened) {
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        opened.clear();
    }
}
