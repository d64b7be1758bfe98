package com.otaplatform.artifact.mapping;

import com.google.protobuf.Timestamp;
import com.otaplatform.artifact.Artifact;
import com.otaplatform.artifact.ArtifactKind;
import com.otaplatform.artifact.ArtifactSpec;
import com.otaplatform.artifact.Digests;
import com.otaplatform.artifact.EcuTarget;
import com.otaplatform.artifact.Release;
import com.otaplatform.artifact.ReleaseArtifact;
import com.otaplatform.artifact.Upload;
import com.otaplatform.artifact.v1.BuildProvenance;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.v1.EcuSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps artifact-service protos to domain types and back, checking every input field. */
public final class ArtifactMapper {
    private static final int MAX_TARGETS = 64;
    private static final int MAX_LABELS = 64;

    private ArtifactMapper() {
    }

    /** The domain spec of a request's spec, with the uploader's identity. */
    public static ArtifactSpec toSpec(com.otaplatform.artifact.v1.ArtifactSpec spec, String uploadedBy) {
        if (spec.getTargetsCount() == 0) {
            throw ApiException.invalidField("spec.targets", "needs at least one ECU and hardware id");
        }
        if (spec.getTargetsCount() > MAX_TARGETS) {
            throw ApiException.invalidField("spec.targets", "has more than " + MAX_TARGETS + " entries");
        }
        List<EcuTarget> targets = new ArrayList<>();
        for (int i = 0; i < spec.getTargetsCount(); i++) {
            EcuSelector target = spec.getTargets(i);
            targets.add(new EcuTarget(Fields.identifier("spec.targets[" + i + "].ecu", target.getEcu(), 64),
                    Fields.identifier("spec.targets[" + i + "].hardware_id", target.getHardwareId(), 64)));
        }
        if (spec.getLabelsCount() > MAX_LABELS) {
            throw ApiException.invalidField("spec.labels", "has more than " + MAX_LABELS + " entries");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        spec.getLabelsMap().forEach((key, value) -> labels.put(Fields.identifier("spec.labels", key, 63),
                Fields.optional("spec.labels[" + key + "]", value, 256)));
        if (spec.getReleaseCounter() < 0) {
            throw ApiException.invalidField("spec.release_counter", "must not be negative");
        }
        BuildProvenance provenance = spec.getProvenance();
        return new ArtifactSpec(kind(spec.getKind()), List.copyOf(targets), Fields.semver("spec.version", spec.getVersion()),
                Fields.identifier("spec.file_name", spec.getFileName(), 255), spec.getReleaseCounter(),
                Fields.optional("spec.provenance.ci_job", provenance.getCiJob(), 512),
                Fields.optional("spec.provenance.commit", provenance.getCommit(), 128), uploadedBy, Map.copyOf(labels));
    }

    private static ArtifactKind kind(com.otaplatform.artifact.v1.ArtifactKind kind) {
        return switch (kind) {
            case ARTIFACT_KIND_FIRMWARE -> ArtifactKind.FIRMWARE;
            case ARTIFACT_KIND_AD_MODEL -> ArtifactKind.AD_MODEL;
            case ARTIFACT_KIND_CONFIGURATION -> ArtifactKind.CONFIGURATION;
            default -> throw ApiException.invalidField("spec.kind", "must be one of firmware, ad-model, configuration");
        };
    }

    private static com.otaplatform.artifact.v1.ArtifactKind toProto(ArtifactKind kind) {
        return switch (kind) {
            case FIRMWARE -> com.otaplatform.artifact.v1.ArtifactKind.ARTIFACT_KIND_FIRMWARE;
            case AD_MODEL -> com.otaplatform.artifact.v1.ArtifactKind.ARTIFACT_KIND_AD_MODEL;
            case CONFIGURATION -> com.otaplatform.artifact.v1.ArtifactKind.ARTIFACT_KIND_CONFIGURATION;
        };
    }

    public static com.otaplatform.artifact.v1.Artifact toProto(Artifact artifact) {
        ArtifactSpec spec = artifact.spec();
        com.otaplatform.artifact.v1.ArtifactSpec.Builder protoSpec = com.otaplatform.artifact.v1.ArtifactSpec.newBuilder()
                .setKind(toProto(spec.kind()))
                .setVersion(spec.version())
                .setFileName(spec.fileName())
                .setReleaseCounter(spec.releaseCounter())
                .setProvenance(BuildProvenance.newBuilder().setCiJob(spec.ciJob()).setCommit(spec.commit()).setUploadedBy(spec.uploadedBy()))
                .putAllLabels(spec.labels());
        spec.targets().forEach(target -> protoSpec.addTargets(EcuSelector.newBuilder().setEcu(target.ecu()).setHardwareId(target.hardwareId())));
        return com.otaplatform.artifact.v1.Artifact.newBuilder()
                .setName(Fields.resourceName("artifacts", artifact.id()))
                .setSpec(protoSpec)
                .setDigests(toProto(artifact.digests()))
                .setCreateTime(timestamp(artifact.createdAt()))
                .build();
    }

    public static com.otaplatform.common.v1.Digests toProto(Digests digests) {
        return com.otaplatform.common.v1.Digests.newBuilder()
                .setSha256(digests.sha256()).setSha512(digests.sha512()).setLength(digests.length()).build();
    }

    public static com.otaplatform.artifact.v1.Upload toProto(Upload upload) {
        com.otaplatform.artifact.v1.Upload.Builder proto = com.otaplatform.artifact.v1.Upload.newBuilder()
                .setName(Fields.resourceName("uploads", upload.id()))
                .setState(com.otaplatform.artifact.v1.UploadState.valueOf("UPLOAD_STATE_" + upload.state().name()))
                .setCommittedOffset(upload.committedOffset())
                .setDeclaredLength(upload.declaredLength())
                .setExpireTime(timestamp(upload.expiresAt()));
        if (upload.artifactId() != null) {
            proto.setArtifact(Fields.resourceName("artifacts", upload.artifactId()));
        }
        return proto.build();
    }

    public static com.otaplatform.artifact.v1.Release toProto(Release release) {
        com.otaplatform.artifact.v1.Release.Builder proto = com.otaplatform.artifact.v1.Release.newBuilder()
                .setName(Fields.resourceName("releases", release.id()))
                .setDisplayName(release.displayName())
                .setNotes(release.notes())
                .setState(com.otaplatform.artifact.v1.ReleaseState.valueOf("RELEASE_STATE_" + release.state().name()))
                .setCreatedBy(release.createdBy())
                .setCreateTime(timestamp(release.createdAt()))
                .setTargetsVersion(release.targetsVersion());
        if (release.supersedes() != null) {
            proto.setSupersedes(Fields.resourceName("releases", release.supersedes()));
        }
        for (ReleaseArtifact item : release.artifacts()) {
            proto.addArtifacts(com.otaplatform.artifact.v1.ReleaseArtifact.newBuilder()
                    .setEcu(item.ecu())
                    .setArtifact(Fields.resourceName("artifacts", item.artifact().id()))
                    .setDetails(toProto(item.artifact())));
        }
        return proto.build();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
