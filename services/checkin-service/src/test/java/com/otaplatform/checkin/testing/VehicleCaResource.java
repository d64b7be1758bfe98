package com.otaplatform.checkin.testing;

import com.otaplatform.testkit.TestSigningService;
import com.otaplatform.agent.testing.TestVehicleCa;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * For checkin-service's tests: a vehicle CA served as signing-service's vehicle-CA calls on a loopback port, and a
 * TLS server certificate for the vehicle port, written to files that the service reads at start.
 */
public class VehicleCaResource implements QuarkusTestResourceLifecycleManager {
    private TestSigningService signing;

    @Override
    public Map<String, String> start() {
        signing = TestSigningService.start(new TestVehicleCa("CN=Test Vehicle CA,O=OTA platform tests"));
        var tls = TestVehicleCa.serverTls();
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-tls"));
            Path certificate = Files.writeString(dir.resolve("server.crt"), tls.certificatePem());
            Path key = Files.writeString(dir.resolve("server.key"), tls.privateKeyPem());
            // in tests a gRPC client dials its test-port
            return Map.of("quarkus.grpc.clients.signing.port", String.valueOf(signing.port()),
                    "quarkus.grpc.clients.signing.test-port", String.valueOf(signing.port()),
                    "quarkus.tls.vehicles.key-store.pem.0.cert", certificate.toAbsolutePath().toString(),
                    "quarkus.tls.vehicles.key-store.pem.0.key", key.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        signing.close();
    }
}
