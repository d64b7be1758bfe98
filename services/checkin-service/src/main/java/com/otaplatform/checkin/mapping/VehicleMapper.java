package com.otaplatform.checkin.mapping;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.otaplatform.checkin.Assignment;
import com.otaplatform.checkin.Ecu;
import com.otaplatform.checkin.Registration;
import com.otaplatform.checkin.SignedManifest;
import com.otaplatform.checkin.StatusEvent;
import com.otaplatform.checkin.UpdatePhase;
import com.otaplatform.checkin.Vehicle;
import com.otaplatform.checkin.VehicleKeys;
import com.otaplatform.checkin.VersionCount;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuKey;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.ProvisionVehicleRequest;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.Signature;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdateAssignment;
import com.otaplatform.vehicle.v1.VehicleManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Maps check-in and fleet protos to domain types and back, checking every input field. */
public final class VehicleMapper {
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");
    private static final int MAX_ECUS = 128;
    private static final int MAX_EVENTS = 500;
    private static final int MAX_ATTRIBUTES = 64;
    private static final int MAX_SIGNATURES = 8;
    private static final int MAX_SIGNATURE_BYTES = 512;

    private VehicleMapper() {
    }

    /** A VIN: 17 characters of ISO 3779 (no I, O or Q). */
    public static String vin(String field, String value) {
        String vin = Fields.required(field, value, 17);
        if (!VIN.matcher(vin).matches()) {
            throw ApiException.invalidField(field, "must be 17 characters A-Z (no I, O, Q) or 0-9");
        }
        return vin;
    }

    /** The signed manifest of a check-in, with its reports parsed; signatures and nonce are checked later, against the vehicle's keys. */
    public static SignedManifest toManifest(CheckInRequest request) {
        VehicleManifest manifest;
        try {
            manifest = VehicleManifest.parseFrom(request.getManifest().getManifest());
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.invalidField("manifest.manifest", "is not a serialized VehicleManifest");
        }
        String vin = vin("manifest.vin", manifest.getVin());
        if (manifest.getEcuReportsCount() == 0 || manifest.getEcuReportsCount() > MAX_ECUS) {
            throw ApiException.invalidField("manifest.ecu_reports", "must hold 1 to " + MAX_ECUS + " ECU reports");
        }
        List<SignedManifest.Report> reports = new ArrayList<>();
        Set<String> serials = new HashSet<>();
        for (int i = 0; i < manifest.getEcuReportsCount(); i++) {
            String field = "manifest.ecu_reports[" + i + "]";
            EcuVersionReport report;
            try {
                report = EcuVersionReport.parseFrom(manifest.getEcuReports(i).getReport());
            } catch (InvalidProtocolBufferException e) {
                throw ApiException.invalidField(field + ".report", "is not a serialized EcuVersionReport");
            }
            String serial = Fields.required(field + ".ecu_serial", report.getEcuSerial(), 128);
            if (!serials.add(serial)) {
                throw ApiException.invalidField(field + ".ecu_serial", "'" + serial + "' is reported twice");
            }
            Ecu ecu = new Ecu(serial, Fields.identifier(field + ".ecu", report.getEcu(), 64),
                    Fields.identifier(field + ".hardware_id", report.getHardwareId(), 64),
                    Fields.optional(field + ".installed_version", report.getInstalledVersion(), 128),
                    Fields.optional(field + ".installed_target", report.getInstalledTarget(), 255),
                    Fields.optionalHex(field + ".installed_digests.sha256", report.getInstalledDigests().getSha256(), 64),
                    serial.equals(manifest.getPrimaryEcuSerial()));
            reports.add(new SignedManifest.Report(ecu, Fields.optional(field + ".nonce", report.getNonce(), 128),
                    manifest.getEcuReports(i).getReport().toByteArray(), signatures(field + ".signatures", manifest.getEcuReports(i).getSignaturesList())));
        }
        return new SignedManifest(vin, Fields.optional("manifest.primary_ecu_serial", manifest.getPrimaryEcuSerial(), 128),
                request.getManifest().getManifest().toByteArray(), signatures("manifest.signatures", request.getManifest().getSignaturesList()),
                reports);
    }

    private static List<SignedManifest.Signature> signatures(String field, List<Signature> signatures) {
        if (signatures.size() > MAX_SIGNATURES) {
            throw ApiException.invalidField(field, "has more than " + MAX_SIGNATURES + " signatures");
        }
        List<SignedManifest.Signature> parsed = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            Signature signature = signatures.get(i);
            String at = field + "[" + i + "]";
            if (signature.getValue().size() > MAX_SIGNATURE_BYTES) {
                throw ApiException.invalidField(at + ".value", "is longer than " + MAX_SIGNATURE_BYTES + " bytes");
            }
            parsed.add(new SignedManifest.Signature(Fields.optional(at + ".key_id", signature.getKeyId(), 64),
                    Fields.optional(at + ".method", signature.getMethod(), 32), signature.getValue().toByteArray()));
        }
        return parsed;
    }

    /** The vehicle a check-in describes: the ECUs of its manifest and the request's attributes, seen {@code now}. */
    public static Vehicle toVehicle(CheckInRequest request, SignedManifest manifest, Instant now) {
        List<Ecu> ecus = manifest.reports().stream().map(SignedManifest.Report::ecu).toList();
        return new Vehicle(manifest.vin(), attributes("attributes", request.getAttributesMap()), ecus, now, now);
    }

    /** The ECU keys a vehicle registers at provisioning: 1 to 128 Ed25519 keys, one per ECU serial, the primary's among them. */
    public static VehicleKeys toVehicleKeys(ProvisionVehicleRequest request) {
        if (request.getEcuKeysCount() == 0 || request.getEcuKeysCount() > MAX_ECUS) {
            throw ApiException.invalidField("ecu_keys", "must hold 1 to " + MAX_ECUS + " ECU keys");
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        for (int i = 0; i < request.getEcuKeysCount(); i++) {
            EcuKey key = request.getEcuKeys(i);
            String field = "ecu_keys[" + i + "]";
            String serial = Fields.required(field + ".ecu_serial", key.getEcuSerial(), 128);
            if (!Key.ED25519.equals(key.getMethod())) {
                throw ApiException.invalidField(field + ".method", "must be \"ed25519\"");
            }
            if (key.getPublicKey().size() != 32) {
                throw ApiException.invalidField(field + ".public_key", "must be the 32 bytes of an Ed25519 public key");
            }
            if (keys.put(serial, new Key(Key.ED25519, Key.ED25519, HexFormat.of().formatHex(key.getPublicKey().toByteArray()))) != null) {
                throw ApiException.invalidField(field + ".ecu_serial", "'" + serial + "' has a key already");
            }
        }
        String primary = Fields.required("primary_ecu_serial", request.getPrimaryEcuSerial(), 128);
        if (!keys.containsKey(primary)) {
            throw ApiException.invalidField("primary_ecu_serial", "'" + primary + "' has no key in ecu_keys");
        }
        return new VehicleKeys(primary, keys);
    }

    /** Targeting attributes: at most 64, keys are identifiers, values up to 256 characters. */
    public static Map<String, String> attributes(String field, Map<String, String> values) {
        if (values.size() > MAX_ATTRIBUTES) {
            throw ApiException.invalidField(field, "has more than " + MAX_ATTRIBUTES + " entries");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        values.forEach((key, value) -> attributes.put(Fields.identifier(field, key, 63),
                Fields.optional(field + "[" + key + "]", value, 256)));
        return Map.copyOf(attributes);
    }

    /** The status events of a report. */
    public static List<StatusEvent> toEvents(ReportStatusRequest request) {
        String vin = vin("vin", request.getVin());
        if (request.getEventsCount() == 0 || request.getEventsCount() > MAX_EVENTS) {
            throw ApiException.invalidField("events", "must hold 1 to " + MAX_EVENTS + " events");
        }
        List<StatusEvent> events = new ArrayList<>();
        for (int i = 0; i < request.getEventsCount(); i++) {
            var event = request.getEvents(i);
            String field = "events[" + i + "]";
            String rollout = event.getRollout().isEmpty() ? ""
                    : Fields.resourceName("rollouts", Fields.resourceId(field + ".rollout", event.getRollout(), "rollouts"));
            events.add(new StatusEvent(0, Fields.required(field + ".event_id", event.getEventId(), 128), vin, rollout,
                    Fields.optional(field + ".correlation_id", event.getCorrelationId(), 128), phase(field + ".phase", event.getPhase()),
                    Fields.optional(field + ".ecu_serial", event.getEcuSerial(), 128),
                    Fields.optional(field + ".error_code", event.getErrorCode(), 64),
                    Fields.optional(field + ".message", event.getMessage(), 2048),
                    event.hasOccurTime() ? Instant.ofEpochSecond(event.getOccurTime().getSeconds(), event.getOccurTime().getNanos()) : Instant.now(),
                    null));
        }
        return events;
    }

    private static UpdatePhase phase(String field, com.otaplatform.vehicle.v1.UpdatePhase phase) {
        return switch (phase) {
            case UPDATE_PHASE_DOWNLOADING -> UpdatePhase.DOWNLOADING;
            case UPDATE_PHASE_VERIFIED -> UpdatePhase.VERIFIED;
            case UPDATE_PHASE_INSTALLING -> UpdatePhase.INSTALLING;
            case UPDATE_PHASE_SUCCEEDED -> UpdatePhase.SUCCEEDED;
            case UPDATE_PHASE_FAILED -> UpdatePhase.FAILED;
            case UPDATE_PHASE_ROLLED_BACK -> UpdatePhase.ROLLED_BACK;
            default -> throw ApiException.invalidField(field, "must be a phase a vehicle reports (DOWNLOADING .. ROLLED_BACK)");
        };
    }

    public static UpdateAssignment toProto(Assignment assignment) {
        var proto = UpdateAssignment.newBuilder().setRollout(assignment.rollout()).setCorrelationId(assignment.correlationId())
                .setConstraints(ConstraintsMapper.toProto(assignment));
        for (Assignment.Download download : assignment.downloads()) {
            var target = download.target();
            proto.addDownloads(TargetDownload.newBuilder()
                    .setEcuSerial(download.ecuSerial())
                    .setTargetName(target.targetName())
                    .setUrl(download.url())
                    .setUrlExpireTime(timestamp(download.urlExpiresAt()))
                    .setDigests(Digests.newBuilder().setSha256(target.sha256()).setSha512(target.sha512()).setLength(target.length()))
                    .setVersion(target.version()));
        }
        return proto.build();
    }

    public static com.otaplatform.fleet.v1.Vehicle toProto(Vehicle vehicle) {
        var proto = com.otaplatform.fleet.v1.Vehicle.newBuilder()
                .setName("vehicles/" + vehicle.vin())
                .setVin(vehicle.vin())
                .putAllAttributes(vehicle.attributes())
                .setLastSeenTime(timestamp(vehicle.lastSeen()))
                .setCreateTime(timestamp(vehicle.createdAt()));
        vehicle.ecus().forEach(ecu -> proto.addEcus(com.otaplatform.fleet.v1.Ecu.newBuilder().setEcuSerial(ecu.serial()).setEcu(ecu.ecu())
                .setHardwareId(ecu.hardwareId()).setInstalledVersion(ecu.installedVersion()).setInstalledTarget(ecu.installedTarget())
                .setPrimary(ecu.primary())));
        return proto.build();
    }

    /** A registered vehicle, before its first check-in: no ECUs, never seen. */
    public static com.otaplatform.fleet.v1.Vehicle toProto(Registration registration) {
        return com.otaplatform.fleet.v1.Vehicle.newBuilder()
                .setName("vehicles/" + registration.vin())
                .setVin(registration.vin())
                .putAllAttributes(registration.attributes())
                .setCreateTime(timestamp(registration.registeredAt()))
                .build();
    }

    public static VehicleEvent toProto(StatusEvent event) {
        return VehicleEvent.newBuilder()
                .setSequence(event.sequence())
                .setVin(event.vin())
                .setReceiveTime(timestamp(event.receivedAt()))
                .setEvent(com.otaplatform.vehicle.v1.StatusEvent.newBuilder()
                        .setEventId(event.eventId())
                        .setRollout(event.rollout())
                        .setCorrelationId(event.correlationId())
                        .setPhase(com.otaplatform.vehicle.v1.UpdatePhase.valueOf("UPDATE_PHASE_" + event.phase().name()))
                        .setEcuSerial(event.ecuSerial())
                        .setErrorCode(event.errorCode())
                        .setMessage(event.message())
                        .setOccurTime(timestamp(event.occurredAt())))
                .build();
    }

    public static com.otaplatform.fleet.v1.VersionCount toProto(VersionCount count) {
        return com.otaplatform.fleet.v1.VersionCount.newBuilder().setVersion(count.version()).setVehicles(count.vehicles()).build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
