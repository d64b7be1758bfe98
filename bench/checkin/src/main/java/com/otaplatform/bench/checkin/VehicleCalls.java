package com.otaplatform.bench.checkin;

import com.google.protobuf.Timestamp;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleConditions;
import com.otaplatform.vehicle.v1.VehicleManifest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Instant;

/**
 * The one place that knows how a benchmark vehicle reaches VehicleService: the channel it calls
 * over and the check-in request it sends. Every benchmark and every reference server is called
 * through here, so that they all see the same bytes.
 */
final class VehicleCalls {
    private VehicleCalls() {
    }

    /** A vehicle channel to {@code 127.0.0.1:port}. */
    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Vehicle {@code i}'s check-in, as the vehicle agent sends it: its manifest (one ADAS ECU on the old image), attributes, conditions. */
    static CheckInRequest checkIn(long i) {
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        EcuVersionReport report = EcuVersionReport.newBuilder()
                .setEcuSerial(Fleet.serial(i))
                .setEcu(Fleet.ECU)
                .setHardwareId(Fleet.HARDWARE)
                .setNonce("bench")
                .setReportTime(now)
                .setInstalledTarget(Fleet.OLD_TARGET)
                .setInstalledVersion(Fleet.OLD_VERSION)
                .setInstalledDigests(Digests.newBuilder().setSha256(Fleet.OLD_SHA256).setLength(1))
                .build();
        VehicleManifest manifest = VehicleManifest.newBuilder()
                .setVin(Fleet.vin(i))
                .setPrimaryEcuSerial(Fleet.serial(i))
                .addEcuReports(SignedEcuVersionReport.newBuilder().setReport(report.toByteString()))
                .build();
        return CheckInRequest.newBuilder()
                .setManifest(SignedVehicleManifest.newBuilder().setManifest(manifest.toByteString()))
                .putAllAttributes(Fleet.attributes(i))
                .setConditions(VehicleConditions.newBuilder().setParked(true).setBatteryPercent(80).setOnWifi(true))
                .build();
    }
}
