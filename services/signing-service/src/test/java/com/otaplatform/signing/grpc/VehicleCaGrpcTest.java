package com.otaplatform.signing.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.signing.v1.GetVehicleCaRequest;
import com.otaplatform.signing.v1.GetVehicleCaResponse;
import com.otaplatform.signing.v1.IssueVehicleCertificateRequest;
import com.otaplatform.signing.v1.IssueVehicleCertificateResponse;
import com.otaplatform.signing.v1.RevokeVehicleCertificateRequest;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.tuf.crypto.KeyPairs;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vehicle CA over gRPC; certificates and CRLs are read back with the JDK's CertificateFactory. */
@QuarkusTest
class VehicleCaGrpcTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private SigningServiceGrpc.SigningServiceBlockingStub asService() {
        return SigningServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")));
    }

    private SigningServiceGrpc.SigningServiceBlockingStub as(String user) {
        return SigningServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    private static String createCsr(String cn) throws Exception {
        KeyPair pair = KeyPairs.ecdsaP256KeyPair();
        var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        }
        return out.toString();
    }

    private static String randomVin() {
        return "WVW" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    private static CertificateFactory x509() throws Exception {
        return CertificateFactory.getInstance("X.509");
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) x509().generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldIssueClientCertificateForTheVinSignedByTheCa() throws Exception {
        String vin = randomVin();
        IssueVehicleCertificateResponse issued = asService().issueVehicleCertificate(IssueVehicleCertificateRequest.newBuilder()
                .setVin(vin).setCsrPem(createCsr(vin)).build());

        X509Certificate cert = certificate(issued.getCertificatePem());
        X509Certificate ca = certificate(issued.getCaChainPem());
        cert.verify(ca.getPublicKey());
        cert.checkValidity();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + vin);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void shouldListRevokedSerialInTheCurrentCrl() throws Exception {
        String vin = randomVin();
        X509Certificate cert = certificate(asService().issueVehicleCertificate(IssueVehicleCertificateRequest.newBuilder()
                .setVin(vin).setCsrPem(createCsr(vin)).build()).getCertificatePem());
        X509Certificate kept = certificate(asService().issueVehicleCertificate(IssueVehicleCertificateRequest.newBuilder()
                .setVin(vin).setCsrPem(createCsr(vin)).build()).getCertificatePem());

        as("fleet-admin").revokeVehicleCertificate(RevokeVehicleCertificateRequest.newBuilder()
                .setSerial(cert.getSerialNumber().toString(16)).setReason("key extracted from a scrapped ECU").build());
        GetVehicleCaResponse ca = as("viewer").getVehicleCa(GetVehicleCaRequest.getDefaultInstance());

        X509CRL crl = (X509CRL) x509().generateCRL(new ByteArrayInputStream(ca.getCrlPem().getBytes(StandardCharsets.US_ASCII)));
        crl.verify(certificate(ca.getCaChainPem()).getPublicKey());
        assertThat(crl.getRevokedCertificate(cert.getSerialNumber())).isNotNull();
        assertThat(crl.isRevoked(cert)).isTrue();
        assertThat(crl.isRevoked(kept)).isFalse();
        assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());
    }

    @Test
    void shouldRefuseCsrWhoseCnIsNotTheVin() throws Exception {
        assertThatThrownBy(() -> asService().issueVehicleCertificate(IssueVehicleCertificateRequest.newBuilder()
                .setVin(randomVin()).setCsrPem(createCsr(randomVin())).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("vin:");
                });
        assertThatThrownBy(() -> asService().issueVehicleCertificate(IssueVehicleCertificateRequest.newBuilder()
                .setVin(randomVin()).setCsrPem("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription()).startsWith("csr_pem:"));
    }

    @Test
    void shouldLetOnlyServicesIssueAndOnlyFleetAdminsRevoke() throws Exception {
        String vin = randomVin();
        var issue = IssueVehicleCertificateRequest.newBuilder().setVin(vin).setCsrPem(createCsr(vin)).build();
        assertThatThrownBy(() -> as("fleet-admin").issueVehicleCertificate(issue)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        var revoke = RevokeVehicleCertificateRequest.newBuilder().setSerial("abc").build();
        assertThatThrownBy(() -> asService().revokeVehicleCertificate(revoke)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> as("fleet-admin").revokeVehicleCertificate(revoke)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
