package com.otaplatform.checkin.testing;

import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Vehicles for checkin-service's tests, registered (FleetService, fleet-admin) and provisioned (ProvisionVehicle)
 * through the service itself, with mutual-TLS channels to its vehicle port. Close it after each test.
 */
public final class TestVehicles implements AutoCloseable {
    private static final AtomicLong VINS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private final int port;
    private final int vehiclePort;
    private final String serverCaPem;
    private final List<ManagedChannel> channels = new ArrayList<>();

    /** Vehicles of the service under test, on its test ports, trusting its test certificate. */
    public TestVehicles() {
        Config config = ConfigProvider.getConfig();
        this.port = config.getValue("quarkus.http.test-port", Integer.class);
        this.vehiclePort = config.getValue("quarkus.http.test-ssl-port", Integer.class);
        try {
            this.serverCaPem = Files.readString(Path.of(config.getValue("quarkus.tls.vehicles.key-store.pem.0.cert", String.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A VIN no test used before. */
    public static String nextVin() {
        return String.format("LSV%014d", VINS.incrementAndGet());
    }

    /** The server certificate, which clients trust as the CA of the vehicle port. */
    public String serverCaPem() {
        return serverCaPem;
    }

    /** Registers {@code vin} and returns its factory token. */
    public String register(String vin) {
        ManagedChannel plain = open(TestChannels.loopback(port));
        return FleetServiceGrpc.newBlockingStub(plain).withCallCredentials(BearerToken.of(Keycloak.userToken("fleet-admin")))
                .registerVehicle(RegisterVehicleRequest.newBuilder().setVin(vin).putAttributes("model", "SU7").build())
                .getFactoryToken();
    }

    /** Registers and provisions {@code vin} with the public keys of {@code ecuKeys}: its key and the certificate the service returned. */
    public VehicleCredentials provision(String vin, EcuKeys ecuKeys) {
        return Provisioning.provision(unprovisioned(), vin, register(vin), ecuKeys);
    }

    /** A TLS channel without a client certificate. */
    public ManagedChannel unprovisioned() {
        return open(TestChannels.unprovisioned(vehiclePort, serverCaPem));
    }

    /** VehicleService as the vehicle of {@code credentials}, over mutual TLS. */
    public VehicleServiceGrpc.VehicleServiceBlockingStub as(VehicleCredentials credentials) {
        return VehicleServiceGrpc.newBlockingStub(open(TestChannels.vehicle(vehiclePort, serverCaPem, credentials)));
    }

    /**
     * A newly provisioned vehicle with ECUs {@code ecuSerials} (the first is the primary; none given: one ECU,
     * {@link TestVehicle#DEFAULT_ECU_SERIAL}); waits until the service has read the vehicle CA once.
     */
    public TestVehicle newVehicle(String vin, String... ecuSerials) {
        awaitVehicleCa();
        EcuKeys keys = EcuKeys.generate(ecuSerials.length == 0 ? List.of(TestVehicle.DEFAULT_ECU_SERIAL) : List.of(ecuSerials));
        return vehicle(vin, keys, provision(vin, keys));
    }

    /** The vehicle {@code vin} provisioned again with {@code factoryToken} (from ReprovisionVehicle): a new key, certificate and these ECU keys. */
    public TestVehicle reprovision(String vin, String factoryToken, EcuKeys ecuKeys) {
        return vehicle(vin, ecuKeys, Provisioning.provision(unprovisioned(), vin, factoryToken, ecuKeys));
    }

    /** The vehicle {@code vin} signing with {@code ecuKeys} and calling with {@code credentials}, whatever the service registered. */
    public TestVehicle vehicle(String vin, EcuKeys ecuKeys, VehicleCredentials credentials) {
        return new TestVehicle(vin, ecuKeys, credentials, as(credentials));
    }

    /** Waits until the service has read the vehicle CA from signing-service (it does so at start, asynchronously). */
    public void awaitVehicleCa() {
        var probe = as(new com.otaplatform.agent.testing.TestVehicleCa("CN=probe").vehicle(nextVin()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                probe.reportStatus(com.otaplatform.vehicle.v1.ReportStatusRequest.getDefaultInstance());
                throw new IllegalStateException("a certificate of an unknown CA was accepted");
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || Instant.now().isAfter(deadline)) {
                    return;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ManagedChannel open(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            TestChannels.close(channel);
        }
    }
}
