package com.otaplatform.bench.checkin;

import com.google.protobuf.Timestamp;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.VehicleConditions;
import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.testkit.BearerToken;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place that knows how a benchmark vehicle reaches VehicleService: the identity it gets at
 * the factory, the channel it calls over (mutual TLS with its certificate from the vehicle CA, as
 * the vehicle agent builds it) and the check-in request it sends. Every benchmark and every
 * reference server is called through here, so that they all see the same bytes.
 */
final class VehicleCalls {
    private VehicleCalls() {
    }

    /** A provisioned benchmark vehicle: its index in the fleet, its key and certificate, and the key of its one ECU. */
    record Caller(long index, VehicleCredentials credentials, EcuKeys ecuKeys) {
    }

    /** Where vehicles call: the mutual-TLS port and the CA that signed the server's certificate. */
    record Endpoint(int port, String serverCaPem) {
    }

    /** A channel to {@code endpoint} that authenticates as {@code caller}. */
    static ManagedChannel channel(Endpoint endpoint, Caller caller) {
        return VehicleChannels.authenticated("127.0.0.1:" + endpoint.port(), endpoint.serverCaPem(), caller.credentials());
    }

    /** A channel to {@code endpoint} for a vehicle that has no certificate yet, to provision over. */
    static ManagedChannel provisioningChannel(Endpoint endpoint) {
        return VehicleChannels.provisioning("127.0.0.1:" + endpoint.port(), endpoint.serverCaPem());
    }

    /**
     * Gives vehicle {@code i} its identity the way a factory does: RegisterVehicle on checkin-service's
     * plain port as fleet admin, then ProvisionVehicle with the one-time token and its ECU's public key over TLS.
     */
    static Caller provision(long i, Channel fleet, String fleetAdminToken, Channel provisioning) {
        String token = FleetServiceGrpc.newBlockingStub(fleet).withCallCredentials(BearerToken.of(fleetAdminToken))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .registerVehicle(RegisterVehicleRequest.newBuilder().setVin(Fleet.vin(i)).putAllAttributes(Fleet.attributes(i)).build())
                .getFactoryToken();
        EcuKeys ecuKeys = EcuKeys.generate(List.of(Fleet.serial(i)));
        return new Caller(i, Provisioning.provision(provisioning, Fleet.vin(i), token, ecuKeys), ecuKeys);
    }

    /**
     * The caller's check-in, as the vehicle agent sends it: its manifest (one ADAS ECU on the old image) answering
     * {@code nonce} (the one its previous check-in got), signed by the ECU's key, attributes, conditions.
     */
    static CheckInRequest checkIn(Caller caller, String nonce) {
        long i = caller.index();
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        EcuVersionReport report = EcuVersionReport.newBuilder()
                .setEcuSerial(Fleet.serial(i))
                .setEcu(Fleet.ECU)
                .setHardwareId(Fleet.HARDWARE)
                .setNonce(nonce)
                .setReportTime(now)
                .setInstalledTarget(Fleet.OLD_TARGET)
                .setInstalledVersion(Fleet.OLD_VERSION)
                .setInstalledDigests(Digests.newBuilder().setSha256(Fleet.OLD_SHA256).setLength(1))
                .build();
        return CheckInRequest.newBuilder()
                .setManifest(caller.ecuKeys().signedManifest(Fleet.vin(i), List.of(report)))
                .putAllAttributes(Fleet.attributes(i))
                .setConditions(VehicleConditions.newBuilder().setParked(true).setBatteryPercent(80).setOnWifi(true))
                .build();
    }
}
