package com.otaplatform.checkin;

import com.otaplatform.checkin.client.SigningClient;
import com.otaplatform.checkin.repository.RegistrationRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registration and provisioning of vehicles: a fleet admin registers a VIN and gets a one-time factory token (only its
 * hash is kept); the vehicle spends the token once on a client certificate for its own key, issued by the vehicle CA.
 */
@ApplicationScoped
public class VehicleProvisioning {
    private static final Logger LOG = Logger.getLogger(VehicleProvisioning.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_PREFIX = "ft_";

    private final Database db;
    private final RegistrationRepository registrations;
    private final SigningClient signing;

    /** A new registration and its factory token, which exists nowhere else. */
    public record Registered(Registration registration, String factoryToken) {
    }

    VehicleProvisioning(AgroalDataSource dataSource, RegistrationRepository registrations, SigningClient signing) {
        this.db = new Database(dataSource);
        this.registrations = registrations;
        this.signing = signing;
    }

    /** Registers {@code vin} with its targeting attributes; ALREADY_EXISTS when it is registered already. */
    public Registered register(String vin, Map<String, String> attributes) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var registration = new Registration(vin, attributes, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        if (!db.inTransaction(c -> registrations.insert(c, registration, hash(token)))) {
            throw ApiException.alreadyExists("vehicles/" + vin + " is registered already");
        }
        return new Registered(registration, token);
    }

    /**
     * Spends {@code vin}'s factory token on a certificate for the key of {@code csrPem}. The registration stays locked
     * while signing-service issues the certificate, so a token buys exactly one certificate; if issuing fails, the
     * token is not spent. The vehicle's ECU keys are registered with the certificate: check-in verifies its manifests
     * with them.
     */
    public VehicleCredentials provision(String vin, String csrPem, String factoryToken, VehicleKeys ecuKeys) {
        return db.inTransaction(c -> {
            var locked = registrations.lock(c, vin).orElseThrow(() -> denied("vin: " + vin
                    + " is not registered; a fleet admin registers it with FleetService.RegisterVehicle"));
            if (!MessageDigest.isEqual(locked.tokenHash(), hash(factoryToken))) {
                LOG.warnf("refused provisioning of %s: wrong factory token", vin);
                throw denied("factory_token: is not the factory token of vin " + vin);
            }
            if (locked.registration().provisionedAt() != null) {
                LOG.warnf("refused provisioning of %s: factory token used again", vin);
                throw denied("factory_token: was used already, at " + locked.registration().provisionedAt()
                        + "; it buys one certificate only");
            }
            var issued = signing.issue(vin, csrPem);
            registrations.markProvisioned(c, vin, serial(issued.certificatePem()), Instant.now(), ecuKeys);
            LOG.infof("provisioned %s with %d ECU key(s)", vin, ecuKeys.ecuKeys().size());
            return new VehicleCredentials(issued.certificatePem(), issued.caChainPem(), signing.imageRoot());
        });
    }

    private static StatusRuntimeException denied(String why) {
        return Status.PERMISSION_DENIED.withDescription(why).asRuntimeException();
    }

    private static String serial(String certificatePem) {
        try {
            var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            return certificate.getSerialNumber().toString(16);
        } catch (CertificateException e) {
            throw new IllegalStateException("signing-service returned an unreadable certificate", e);
        }
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
