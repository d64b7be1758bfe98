package com.otaplatform.fleetsim;

import com.otaplatform.agent.Backoff;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.Retry;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Gives each simulated vehicle its identity the way a factory does: register the VIN (FleetService, as fleet admin),
 * then provision with the factory token (the vehicle's own key, a CSR, ProvisionVehicle). A vehicle whose state dir
 * holds a certificate already is not provisioned again.
 */
final class FleetProvisioning implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final long DEADLINE_SECONDS = 30;
  private static final int ATTEMPTS = 6;
  private static final Duration RETRY_BASE = Duration.ofSeconds(1);
  private static final Duration RETRY_MAX = Duration.ofSeconds(15);

  private final ManagedChannel fleet;
  private final ManagedChannel vehicles;
  private final String fleetAdminToken;
  private final boolean fsync;

  FleetProvisioning(String fleetEndpoint, String fleetAdminToken, String vehicleEndpoint, String serverCaPem, boolean fsync) {
    this.fleet = ManagedChannelBuilder.forTarget(fleetEndpoint).usePlaintext().build();
    this.vehicles = VehicleChannels.provisioning(vehicleEndpoint, serverCaPem);
    this.fleetAdminToken = fleetAdminToken;
    this.fsync = fsync;
  }

  /** The credentials in {@code stateDir}, or new ones from registering and provisioning {@code vin}. */
  VehicleCredentials credentials(String vin, Map<String, String> attributes, Path stateDir) throws IOException {
    Optional<VehicleCredentials> stored = VehicleCredentials.load(stateDir);
    if (stored.isPresent()) {
      return stored.get();
    }
    if (fleetAdminToken == null || fleetAdminToken.isBlank()) {
      throw new IllegalStateException(vin + " has no certificate in " + stateDir
          + "; give a fleet-admin token (--fleet-admin-token or OTA_FLEET_ADMIN_TOKEN) to register and provision it");
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + fleetAdminToken);
    // a factory line retries while the platform is busy or a replica restarts
    Backoff backoff = new Backoff(RETRY_BASE, RETRY_MAX, new Random());
    String factoryToken = Retry.call(() -> FleetServiceGrpc.newBlockingStub(fleet)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .registerVehicle(RegisterVehicleRequest.newBuilder().setVin(vin).putAllAttributes(attributes).build())
        .getFactoryToken(), backoff, ATTEMPTS);
    backoff.reset();
    VehicleCredentials credentials = Retry.call(() -> Provisioning.provision(vehicles, vin, factoryToken), backoff, ATTEMPTS);
    credentials.store(stateDir, fsync);
    return credentials;
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : new ManagedChannel[] {fleet, vehicles}) {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }
}
