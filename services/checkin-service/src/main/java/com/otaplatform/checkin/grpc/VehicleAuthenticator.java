package com.otaplatform.checkin.grpc;

import com.otaplatform.checkin.VehicleTrust;
import com.otaplatform.checkin.client.VehicleCaView;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * Authenticates vehicles by their TLS client certificate: CheckIn and ReportStatus need a certificate of the vehicle CA
 * that is valid and not revoked (else UNAUTHENTICATED, logged); the VIN in it is the caller's identity for the call.
 * ProvisionVehicle is the one call a vehicle makes before it has a certificate (its factory token authorises it).
 * The TLS handshake accepts any client certificate, so that a refusal is a gRPC status with a reason rather than a
 * broken handshake; the check here uses the CA and CRL held in memory by {@link VehicleCaView}.
 */
@ApplicationScoped
public class VehicleAuthenticator implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(VehicleAuthenticator.class);
    private static final Context.Key<VehicleTrust.Identity> VEHICLE = Context.key("ota.vehicle");
    private static final String VERIFIED = "ota.vehicle";

    private final VehicleCaView ca;

    /** A session's certificate as checked against one version of the trust. */
    private record Verified(VehicleTrust trust, VehicleTrust.Identity vehicle) {
    }

    VehicleAuthenticator(VehicleCaView ca) {
        this.ca = ca;
    }

    /**
     * Refuses the call with PERMISSION_DENIED naming {@code field} (reason VIN_MISMATCH) unless {@code vin} is the
     * authenticated vehicle's.
     */
    public static void requireVin(String field, String vin) {
        String authenticated = VEHICLE.get().vin();
        if (!vin.equals(authenticated)) {
            LOG.warnf("refused a call of %s for %s: %s is %s", authenticated, vin, field, vin);
            throw VehicleRefusals.of(Status.Code.PERMISSION_DENIED, "VIN_MISMATCH", field, field + ": '" + vin
                    + "' is not the VIN of the client certificate (" + authenticated + ")", Map.of());
        }
    }

    /**
     * The serial (hex) of the authenticated vehicle's certificate: check-in and status reports accept only the
     * certificate that the vehicle's latest provisioning issued, so a re-provisioned vehicle's old one is refused.
     */
    public static String certificateSerial() {
        return VEHICLE.get().certificateSerial();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().equals(VehicleServiceGrpc.getProvisionVehicleMethod())) {
            return next.startCall(call, headers);
        }
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return refuse(call, Status.UNAUTHENTICATED, "vehicles call over mutual TLS, on the vehicle port");
        }
        var trust = ca.current();
        if (trust.isEmpty()) {
            return refuse(call, Status.UNAVAILABLE, "the vehicle CA is not loaded yet; retry shortly");
        }
        VehicleTrust.Identity vehicle;
        try {
            vehicle = vehicleOf(session, trust.get());
        } catch (SSLPeerUnverifiedException e) {
            return refuse(call, Status.UNAUTHENTICATED, "no client certificate; a vehicle provisions one with ProvisionVehicle");
        } catch (VehicleTrust.NotAVehicle e) {
            return refuse(call, Status.UNAUTHENTICATED, e.getMessage());
        }
        return Contexts.interceptCall(Context.current().withValue(VEHICLE, vehicle), call, headers, next);
    }

    // Verified once per TLS session and version of the trust: a connection's certificate cannot change, a CRL can.
    private static VehicleTrust.Identity vehicleOf(SSLSession session, VehicleTrust trust)
            throws SSLPeerUnverifiedException, VehicleTrust.NotAVehicle {
        if (session.getValue(VERIFIED) instanceof Verified verified && verified.trust() == trust) {
            return verified.vehicle();
        }
        VehicleTrust.Identity vehicle = trust.vehicleOf(session.getPeerCertificates());
        session.putValue(VERIFIED, new Verified(trust, vehicle));
        return vehicle;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String why) {
        LOG.warnf("refused %s from %s: %s", call.getMethodDescriptor().getBareMethodName(),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why);
        call.close(status.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
