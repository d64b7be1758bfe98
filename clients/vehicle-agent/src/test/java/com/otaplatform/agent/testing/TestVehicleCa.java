package com.otaplatform.agent.testing;

import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.VehicleCredentials;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
* A certificate authority for tests (ECDSA P-256, Bouncy Castle), shaped like signing-service's vehicle CA: client
* certificates whose CN is the VIN with extended key usage clientAuth, revocation, a signed CRL. Tests use one as the
* platform's vehicle CA where signing-service does not run, and another as a "foreign" CA; {@link #serverTls()} makes
* a TLS server certificate for loopback.
*/
public final class TestVehicleCa {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keys = Provisioning.newKeyPair();
  private final X500Name subject;
  private final X509Certificate certificate;
  private final Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();

  /** A server's TLS key and certificate (self-signed, for localhost and 127.0.0.1), PEM. */
  public record ServerTls(String certificatePem, String privateKeyPem) {
  }

  /** A new CA with this distinguished name, for example "CN=Test Vehicle CA". */
  public TestVehicleCa(String distinguishedName) {
    this.subject = new X500Name(distinguishedName);
    try {
      var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(Instant.now().minusSeconds(60)),
          Date.from(Instant.now().plus(Duration.ofDays(30))), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      this.certificate = certificate(builder.build(signer(keys)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA certificate, PEM: the chain a vehicle and checkin-service trust. */
  public String chainPem() {
    return pem(certificate);
  }

  /** Credentials of a vehicle: a new key and a client certificate for {@code vin}, valid now. */
  public VehicleCredentials vehicle(String vin) {
    KeyPair vehicle = Provisioning.newKeyPair();
    return new VehicleCredentials(Provisioning.privateKeyPem(vehicle), pem(clientCertificate(vin, vehicle.getPublic())),
        chainPem(), new byte[0], new byte[0]);
  }

  /** A client certificate for {@code vin} from a PEM CSR, as signing-service's IssueVehicleCertificate makes it. */
  public String issue(String vin, String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      var csr = (PKCS10CertificationRequest) parser.readObject();
      String cn = IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
      if (!cn.equals(vin)) {
        throw new IllegalArgumentException("vin: must equal the CSR's subject CN (got vin '" + vin + "', CN '" + cn + "')");
      }
      return pem(clientCertificate(vin, new JcaPKCS10CertificationRequest(csr).getPublicKey()));
    } catch (IOException | java.security.GeneralSecurityException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("csr_pem: is not a PEM PKCS#10 certificate signing request");
    }
  }

  /** Revokes the certificate with this serial: the next {@link #crlPem()} lists it. */
  public void revoke(BigInteger serial) {
    revoked.put(serial, Instant.now());
  }

  /** A CRL signed now, listing every revoked certificate. */
  public String crlPem() {
    Instant now = Instant.now();
    var builder = new X509v2CRLBuilder(subject, Date.from(now));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
    revoked.forEach((serial, at) -> builder.addCRLEntry(serial, Date.from(at), CRLReason.unspecified));
    return pem(builder.build(signer(keys)));
  }

  /** A self-signed TLS server certificate for localhost and 127.0.0.1; clients trust its certificate as the CA. */
  public static ServerTls serverTls() {
    KeyPair server = Provisioning.newKeyPair();
    X500Name name = new X500Name("CN=localhost");
    try {
      var builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minusSeconds(60)),
          Date.from(Instant.now().plus(Duration.ofDays(30))), name, server.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      return new ServerTls(pem(certificate(builder.build(signer(server)))), Provisioning.privateKeyPem(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private X509Certificate clientCertificate(String vin, PublicKey publicKey) {
    try {
      var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(Instant.now().minusSeconds(60)),
          Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=" + vin), publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return certificate(builder.build(signer(keys)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).setBit(126);
  }

  private static ContentSigner signer(KeyPair keys) {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate certificate(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object value) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
