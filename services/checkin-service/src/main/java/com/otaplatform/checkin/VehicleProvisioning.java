package com.otaplatform.checkin;

import com.otaplatform.checkin.client.SigningClient;
import com.otaplatform.checkin.repository.RegistrationRepository;
import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jboss.logging.Logger;

/**
 * Registration and provisioning of vehicles: a fleet admin registers a VIN and gets a one-time factory token (only its
 * hash is kept); the vehicle spends the token once on a client certificate for its own key, issued by the vehicle CA,
 * and registers its ECU keys with it. Both calls are safe to repeat after a lost answer. A fleet admin re-provisions a
 * registered vehicle with a new token, which buys a new certificate and replaces the ECU keys.
 */
@ApplicationScoped
public class VehicleProvisioning {
    private static final Logger LOG = Logger.getLogger(VehicleProvisioning.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_PREFIX = "ft_";

    private final Database db;
    private final RegistrationRepository registrations;
    private final VehicleRepository vehicles;
    private final SigningClient signing;

    /** A registration and its new factory token, which exists nowhere else. */
    public record Registered(Registration registration, String factoryToken) {
    }

    VehicleProvisioning(AgroalDataSource dataSource, RegistrationRepository registrations, VehicleRepository vehicles, SigningClient signing) {
        this.db = new Database(dataSource);
        this.registrations = registrations;
        this.vehicles = vehicles;
        this.signing = signing;
    }

    /**
     * Registers {@code vin} with its targeting attributes. Repeated for a VIN registered with the same attributes and
     * never provisioned (the first answer was lost), it issues a new token that replaces the unspent one. ALREADY_EXISTS
     * for a VIN provisioned already ({@link #reprovision} issues its tokens) or registered with other attributes.
     */
    public Registered register(String vin, Map<String, String> attributes) {
        String token = newToken();
        return db.inTransaction(c -> {
            var registeredAt = registrations.insertOrRenewToken(c, new Registration(vin, attributes,
                    Instant.now().truncatedTo(ChronoUnit.MICROS), null), hash(token));
            if (registeredAt.isEmpty()) {
                throw alreadyRegistered(registrations.lock(c, vin).orElseThrow());
            }
            return new Registered(new Registration(vin, attributes, registeredAt.get(), null), token);
        });
    }

    private static ApiException alreadyRegistered(RegistrationRepository.Locked locked) {
        String vin = locked.registration().vin();
        if (locked.certificateSerial() != null) {
            return ApiException.alreadyExists("vin: vehicles/" + vin + " is registered already and provisioned; a new factory token"
                    + " for it comes from FleetService.ReprovisionVehicle (otactl vehicle reprovision " + vin + ")");
        }
        return ApiException.alreadyExists("attributes: vehicles/" + vin + " is registered already, with other attributes "
                + new TreeMap<>(locked.registration().attributes()) + "; registering it again with those issues a new factory token");
    }

    /**
     * Issues a new factory token for the registered {@code vin}, replacing its earlier one, spent or not; NOT_FOUND when
     * it is not registered. The vehicle's certificate and ECU keys stay valid until it spends the new token, so issuing
     * one strands no vehicle. Logged with {@code issuedBy}, the fleet admin who asked.
     */
    public Registered reprovision(String vin, String issuedBy) {
        String token = newToken();
        return db.inTransaction(c -> {
            var locked = registrations.lock(c, vin).orElseThrow(() -> ApiException.notFound("vehicles/" + vin));
            registrations.replaceToken(c, vin, hash(token));
            LOG.infof("%s issued a new factory token for vehicles/%s, replacing the one %s; its certificate %s stays valid until"
                    + " the vehicle spends it", issuedBy, vin, locked.registration().provisionedAt() == null ? "not spent yet"
                    : "spent at " + locked.registration().provisionedAt(), locked.certificateSerial() == null ? "(none yet)" : locked.certificateSerial());
            Registration registration = locked.registration();
            return new Registered(new Registration(vin, registration.attributes(), registration.registeredAt(), null), token);
        });
    }

    /**
     * Replaces the attributes {@code vin} was registered with, which win over those it reports, and applies them to
     * the stored vehicle at once; NOT_FOUND when it is not registered. Logged with {@code changedBy}, the fleet admin.
     */
    public Registration updateAttributes(String vin, Map<String, String> attributes, String changedBy) {
        return db.inTransaction(c -> {
            Registration before = registrations.lock(c, vin).orElseThrow(() -> ApiException.notFound("vehicles/" + vin)).registration();
            registrations.replaceAttributes(c, vin, attributes);
            vehicles.applyRegisteredAttributes(c, vin, before.attributes().keySet(), attributes);
            LOG.infof("%s changed the registered attributes of vehicles/%s from %s to %s", changedBy, vin,
                    new TreeMap<>(before.attributes()), new TreeMap<>(attributes));
            return new Registration(vin, attributes, before.registeredAt(), before.provisionedAt());
        });
    }

    /**
     * Spends {@code vin}'s factory token on a certificate for the key of {@code csrPem} and registers the vehicle's ECU
     * keys with it, replacing earlier ones: check-in verifies its manifests with them and accepts only this certificate
     * from now on. The registration stays locked while signing-service issues the certificate, so a token buys exactly
     * one certificate; if issuing fails, the token is not spent. Repeated with the spent token, a CSR for the same key
     * and the same ECU keys (the first answer was lost), it answers the same certificate again.
     */
    public VehicleCredentials provision(String vin, String csrPem, String factoryToken, VehicleKeys ecuKeys) {
        return db.inTransaction(c -> {
            var locked = registrations.lock(c, vin).orElseThrow(() -> denied("vin: " + vin
                    + " is not registered; a fleet admin registers it with FleetService.RegisterVehicle"));
            if (!MessageDigest.isEqual(locked.tokenHash(), hash(factoryToken))) {
                LOG.warnf("refused provisioning of %s: wrong factory token", vin);
                throw denied("factory_token: is not the factory token of vin " + vin + (locked.certificateSerial() == null ? ""
                        : " (a token issued before the vehicle's latest one counts no more)"));
            }
            if (locked.registration().provisionedAt() != null) {
                return provisionedAlready(locked, csrPem, ecuKeys);
            }
            var issued = signing.issue(vin, csrPem);
            String serial = certificate(issued.certificatePem()).getSerialNumber().toString(16);
            registrations.markProvisioned(c, vin, new RegistrationRepository.Certificate(serial, issued.certificatePem(), issued.caChainPem()),
                    Instant.now(), ecuKeys);
            if (locked.certificateSerial() == null) {
                LOG.infof("provisioned %s with %d ECU key(s)", vin, ecuKeys.ecuKeys().size());
            } else {
                LOG.infof("re-provisioned %s with %d ECU key(s): certificate %s replaces %s, which is refused from now on", vin,
                        ecuKeys.ecuKeys().size(), serial, locked.certificateSerial());
            }
            return new VehicleCredentials(issued.certificatePem(), issued.caChainPem(), signing.imageRoot());
        });
    }

    /**
     * The answer to a request with a spent token: the certificate it bought when the request is the same one again (the
     * CSR's key is the certificate's, the ECU keys are those registered); else a refusal. The CSR's signature is not
     * checked here: the answer is a certificate issued already, public and worthless without its private key.
     */
    private VehicleCredentials provisionedAlready(RegistrationRepository.Locked locked, String csrPem, VehicleKeys ecuKeys) {
        String vin = locked.registration().vin();
        Instant spentAt = locked.registration().provisionedAt();
        if (locked.certificatePem() == null
                || !Arrays.equals(csrPublicKey(csrPem), certificate(locked.certificatePem()).getPublicKey().getEncoded())) {
            LOG.warnf("refused provisioning of %s: factory token used again, for another key", vin);
            throw denied("factory_token: was used already, at " + spentAt + ", on a certificate for another key; it buys one"
                    + " certificate only (a fleet admin issues a new one: otactl vehicle reprovision " + vin + ")");
        }
        if (!ecuKeys.equals(locked.keys())) {
            LOG.warnf("refused provisioning of %s: factory token used again, with other ECU keys", vin);
            throw denied("ecu_keys: differ from those registered with this factory token at " + spentAt
                    + "; new ECU keys need a new token (otactl vehicle reprovision " + vin + ")");
        }
        LOG.infof("answered a repeated provisioning of %s with its certificate %s", vin, locked.certificateSerial());
        return new VehicleCredentials(locked.certificatePem(), locked.caChainPem(), signing.imageRoot());
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static StatusRuntimeException denied(String why) {
        return Status.PERMISSION_DENIED.withDescription(why).asRuntimeException();
    }

    /** The DER SubjectPublicKeyInfo of a PEM CSR; INVALID_ARGUMENT naming csr_pem when it is none. */
    private static byte[] csrPublicKey(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            if (parser.readObject() instanceof PKCS10CertificationRequest csr) {
                return csr.getSubjectPublicKeyInfo().getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            // refused below, as text that is no CSR
        }
        throw ApiException.invalidField("csr_pem", "is not a PEM PKCS#10 certificate signing request");
    }

    private static X509Certificate certificate(String certificatePem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable vehicle certificate", e);
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
