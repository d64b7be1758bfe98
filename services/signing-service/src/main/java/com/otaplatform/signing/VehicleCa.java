package com.otaplatform.signing;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.signing.repository.VehicleCaRepository;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.KeyPairs;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The vehicle certificate authority (ECDSA P-256, Bouncy Castle): issues client certificates from CSRs whose subject CN is
 * the VIN, revokes them, and publishes the chain and a freshly signed CRL. Check-in will use them for mutual TLS.
 */
@ApplicationScoped
public class VehicleCa {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final VehicleCaRepository store;
    private final KeyVault vault;
    private final SigningConfig.VehicleCa config;
    private volatile Authority authority;

    /** The CA certificate and its private key, opened. */
    private record Authority(X509Certificate certificate, String certificatePem, PrivateKey privateKey) {
    }

    VehicleCa(AgroalDataSource dataSource, VehicleCaRepository store, KeyVault vault, SigningConfig config) {
        this.db = new Database(dataSource);
        this.store = store;
        this.vault = vault;
        this.config = config.vehicleCa();
    }

    /** Creates the CA on first start (once across replicas) and opens its key; a wrong passphrase fails here. */
    public void bootstrap() {
        VehicleCaRepository.StoredCa stored = db.inTransaction(c -> {
            store.lock(c);
            var existing = store.find(c);
            if (existing.isPresent()) {
                return existing.get();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            KeyPair pair = KeyPairs.ecdsaP256KeyPair();
            X500Name subject = new X500Name(config.subject());
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    Date.from(now.plus(config.caValidity())), subject, pair.getPublic());
            try {
                var extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the vehicle CA certificate", e);
            }
            var created = new VehicleCaRepository.StoredCa(pem(certificate(builder.build(signer(pair.getPrivate())))),
                    vault.encrypt(pair.getPrivate()));
            store.insert(c, created, now);
            return created;
        });
        X509Certificate certificate = parseCertificate(stored.certificatePem());
        authority = new Authority(certificate, stored.certificatePem(), vault.decrypt(stored.encryptedPrivateKey(), "the vehicle CA key"));
    }

    /** A client certificate for {@code vin} from a PEM PKCS#10 CSR signed by its own key, whose subject CN is the VIN. */
    public VehicleCertificate issue(String vin, String csrPem) {
        PKCS10CertificationRequest csr = parseCsr(csrPem);
        String cn = commonName(csr.getSubject());
        if (!vin.equals(cn)) {
            throw ApiException.invalidField("vin", "must equal the CSR's subject CN (got vin '" + vin + "', CN '" + cn + "')");
        }
        Authority ca = authority();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(config.certificateValidity());
        try {
            PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).setProvider(Crypto.BC).getPublicKey();
            var builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    Date.from(notAfter), new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, vin).build(), publicKey);
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            X509Certificate issued = certificate(builder.build(signer(ca.privateKey())));
            var record = new VehicleCertificate(issued.getSerialNumber(), vin, pem(issued), now, notAfter, null, null);
            db.inTransaction(c -> {
                store.insert(c, record);
                return null;
            });
            return record;
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw ApiException.invalidField("csr_pem", "cannot issue a certificate for this CSR: " + e.getMessage());
        }
    }

    /** Revokes the certificate with this serial; the CRL lists it from now on. NOT_FOUND when the CA never issued it. */
    public VehicleCertificate revoke(BigInteger serial, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return db.inTransaction(c -> store.revoke(c, serial, reason, now))
                .orElseThrow(() -> ApiException.notFound("vehicle certificate " + serial.toString(16)));
    }

    /** PEM of the CA chain (the CA is self-signed, so the chain is its certificate). */
    public String chainPem() {
        return authority().certificatePem();
    }

    /** A CRL signed now, listing every revoked certificate that has not expired. */
    public String crlPem() {
        Authority ca = authority();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return db.inTransaction(c -> {
            var builder = new X509v2CRLBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(config.crlValidity())));
            for (VehicleCertificate revoked : store.revokedUnexpired(c, now)) {
                builder.addCRLEntry(revoked.serial(), Date.from(revoked.revokedAt()), CRLReason.unspecified);
            }
            try {
                builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(store.nextCrlNumber(c))));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
                return pem(builder.build(signer(ca.privateKey())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot sign the vehicle CRL", e);
            }
        });
    }

    private Authority authority() {
        Authority current = authority;
        if (current == null) {
            throw ApiException.failedPrecondition("the vehicle CA is not initialised yet");
        }
        return current;
    }

    private static PKCS10CertificationRequest parseCsr(String csrPem) {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalidField("csr_pem", "is not a PEM certificate signing request");
        }
        if (!(parsed instanceof PKCS10CertificationRequest csr)) {
            throw ApiException.invalidField("csr_pem", "is not a PEM PKCS#10 certificate signing request");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(csr.getSubjectPublicKeyInfo()))) {
                throw ApiException.invalidField("csr_pem", "is not signed by the key it carries");
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw ApiException.invalidField("csr_pem", "has a signature that cannot be checked: " + e.getMessage());
        }
        return csr;
    }

    private static String commonName(X500Name subject) {
        var rdns = subject.getRDNs(BCStyle.CN);
        return rdns.length == 1 ? IETFUtils.valueToString(rdns[0].getFirst().getValue()) : "";
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).setProvider(Crypto.BC).build(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with the vehicle CA key", e);
        }
    }

    private static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException("cannot convert certificate", e);
        }
    }

    private static X509Certificate parseCertificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return certificate((X509CertificateHolder) parser.readObject());
        } catch (IOException e) {
            throw new IllegalStateException("the stored vehicle CA certificate is unreadable", e);
        }
    }

    private static String pem(Object value) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
