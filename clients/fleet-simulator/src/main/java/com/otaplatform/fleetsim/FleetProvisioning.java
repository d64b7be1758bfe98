package com.otaplatform.fleetsim;

import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.Retry;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.agent.VehicleIdentity;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gives each simulated vehicle its identity the way a factory does: register the VIN (FleetService, as fleet admin),
 * then provision with the factory token (the vehicle's own key, a CSR, ProvisionVehicle with its ECUs' public keys). A vehicle whose state dir
 * holds a certificate already is not provisioned again.
 */
final class FleetProvisioning implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final long DEADLINE_SECONDS = 30;

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

  /**
   * The credentials in {@code stateDir}, or new ones from registering and provisioning {@code identity}'s VIN with the
   * public keys of its ECUs (made and stored in {@code stateDir} now).
   */
  VehicleCredentials credentials(VehicleIdentity identity, Path stateDir) throws IOException {
    String vin = identity.vin();
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
    // a factory line retries while the platform is busy or a replica restarts, as the agent's provisioning does;
    // RegisterVehicle repeated after a lost answer issues a fresh token
    String factoryToken = Retry.call(() -> FleetServiceGrpc.newBlockingStub(fleet)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .registerVehicle(RegisterVehicleRequest.newBuilder().setVin(vin).putAllAttributes(identity.attributes()).build())
        .getFactoryToken(), Provisioning.newBackoff(), Provisioning.ATTEMPTS);
    EcuKeys ecuKeys = EcuKeys.loadOrCreate(stateDir, identity, fsync);
    VehicleCredentials credentials = Provisioning.provision(vehicles, vin, factoryToken, ecuKeys);
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
