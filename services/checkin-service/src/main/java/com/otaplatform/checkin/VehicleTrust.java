package com.otaplatform.checkin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The vehicle CA's certificate and revocation list at one moment: decides whether a client certificate is a vehicle's,
 * and whose (the VIN is its subject CN).
 */
public final class VehicleTrust {
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final X509CRL crl;

    /** A client certificate that is not a vehicle's; the message says why. */
    public static final class NotAVehicle extends Exception {
        NotAVehicle(String why) {
            super(why, null, false, false);
        }
    }

    /** Who presented a vehicle certificate: the VIN, and the certificate's serial (hex), which check-in pins per VIN. */
    public record Identity(String vin, String certificateSerial) {
    }

    private VehicleTrust(X509Certificate ca, X509CRL crl) {
        this.ca = ca;
        this.crl = crl;
    }

    /** Trust in the CA of {@code caChainPem} (its first certificate), with {@code crlPem}, which that CA must have signed. */
    public static VehicleTrust of(String caChainPem, String crlPem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        var ca = (X509Certificate) factory.generateCertificate(ascii(caChainPem));
        var crl = (X509CRL) factory.generateCRL(ascii(crlPem));
        crl.verify(ca.getPublicKey());
        return new VehicleTrust(ca, crl);
    }

    /** When the revocation list was signed. */
    public Date crlThisUpdate() {
        return crl.getThisUpdate();
    }

    /** The vehicle that presented {@code chain} (its own certificate first), or why it is not a vehicle. */
    public Identity vehicleOf(java.security.cert.Certificate[] chain) throws NotAVehicle {
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new NotAVehicle("no X.509 client certificate");
        }
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new NotAVehicle("the client certificate is issued by " + certificate.getIssuerX500Principal()
                    + ", not by the vehicle CA");
        }
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new NotAVehicle("the client certificate is not signed by the vehicle CA");
        }
        try {
            certificate.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new NotAVehicle("the client certificate is outside its validity (" + certificate.getNotBefore() + " to "
                    + certificate.getNotAfter() + ")");
        }
        if (crl.isRevoked(certificate)) {
            throw new NotAVehicle("the client certificate " + certificate.getSerialNumber().toString(16) + " is revoked");
        }
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CLIENT_AUTH)) {
                throw new NotAVehicle("the client certificate is not for client authentication");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new NotAVehicle("the client certificate's extended key usage is unreadable");
        }
        String vin = commonName(certificate);
        if (!VIN.matcher(vin).matches()) {
            throw new NotAVehicle("the client certificate's CN '" + vin + "' is not a VIN");
        }
        return new Identity(vin, certificate.getSerialNumber().toString(16));
    }

    private static String commonName(X509Certificate certificate) throws NotAVehicle {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new NotAVehicle("the client certificate's subject is unreadable");
        }
        return "";
    }

    private static ByteArrayInputStream ascii(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
