package com.otaplatform.checkin.testing;

import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import java.util.Arrays;
import java.util.Map;

/**
 * A provisioned test vehicle: its ECU keys (registered at provisioning), its VehicleService over mutual TLS, and the
 * nonce its next manifest answers, which each successful check-in replaces, as the vehicle agent does.
 */
public final class TestVehicle {
    /** The ECU serial of {@link #createDefaultReport()}, the primary ECU of a vehicle made with one ECU. */
    public static final String DEFAULT_ECU_SERIAL = "ADAS-1";

    private final String vin;
    private final EcuKeys keys;
    private final VehicleCredentials credentials;
    private final VehicleServiceGrpc.VehicleServiceBlockingStub service;
    private volatile String nonce = "";

    TestVehicle(String vin, EcuKeys keys, VehicleCredentials credentials, VehicleServiceGrpc.VehicleServiceBlockingStub service) {
        this.vin = vin;
        this.keys = keys;
        this.credentials = credentials;
        this.service = service;
    }

    /** An installed-version report of the ECU {@link #DEFAULT_ECU_SERIAL} (adas-main, adas-v3, 2.4.0). */
    public static EcuVersionReport createDefaultReport() {
        return EcuVersionReport.newBuilder().setEcuSerial(DEFAULT_ECU_SERIAL).setEcu("adas-main").setHardwareId("adas-v3")
                .setInstalledVersion("2.4.0").setInstalledDigests(Digests.newBuilder().setSha256("c".repeat(64))).build();
    }

    public String vin() {
        return vin;
    }

    public EcuKeys keys() {
        return keys;
    }

    public VehicleCredentials credentials() {
        return credentials;
    }

    /** The vehicle's VehicleService, for calls made as it. */
    public VehicleServiceGrpc.VehicleServiceBlockingStub service() {
        return service;
    }

    /** The nonce the next manifest answers ("" before the first check-in). */
    public String nonce() {
        return nonce;
    }

    /** A check-in with these reports, each carrying the current nonce, signed by the ECUs' keys; attributes model=SU7. */
    public CheckInRequest request(EcuVersionReport... reports) {
        return request(Map.of("model", "SU7"), reports);
    }

    /** A check-in with these attributes and reports, each carrying the current nonce, signed by the ECUs' keys. */
    public CheckInRequest request(Map<String, String> attributes, EcuVersionReport... reports) {
        return CheckInRequest.newBuilder()
                .setManifest(keys.signedManifest(vin, Arrays.stream(reports).map(r -> r.toBuilder().setNonce(nonce).build()).toList()))
                .putAllAttributes(attributes).build();
    }

    /** Sends {@code request}; the answer's nonce is the one the next manifest answers. */
    public CheckInResponse checkIn(CheckInRequest request) {
        CheckInResponse response = service.checkIn(request);
        nonce = response.getNonce();
        return response;
    }

    /** Checks in with these reports, signed, answering the current nonce. */
    public CheckInResponse checkIn(EcuVersionReport... reports) {
        return checkIn(request(reports));
    }
}
