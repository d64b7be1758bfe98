package com.otaplatform.signing.mapping;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.otaplatform.common.ApiException;
import com.otaplatform.signing.KeyScheme;
import com.otaplatform.signing.KeyStorage;
import com.otaplatform.signing.ReleaseSigningOutcome;
import com.otaplatform.signing.SigningKey;
import com.otaplatform.signing.SigningProgress;
import com.otaplatform.signing.StagedMetadata;
import com.otaplatform.signing.StagedStatus;
import com.otaplatform.signing.v1.AddSignatureResponse;
import com.otaplatform.signing.v1.Key;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SignReleaseResponse;
import com.otaplatform.signing.v1.StagedState;
import com.otaplatform.tuf.model.RoleName;
import java.time.Instant;

/** Maps signing domain types to and from their protobuf messages. */
public final class SigningMapper {
    private SigningMapper() {
    }

    /** The TUF role name of a proto role; INVALID_ARGUMENT naming {@code field} when unset or unknown. */
    public static String roleName(String field, Role role) {
        return switch (role) {
            case ROLE_ROOT -> RoleName.ROOT;
            case ROLE_TARGETS -> RoleName.TARGETS;
            case ROLE_SNAPSHOT -> RoleName.SNAPSHOT;
            case ROLE_TIMESTAMP -> RoleName.TIMESTAMP;
            default -> throw ApiException.invalidField(field, "must be ROLE_ROOT, ROLE_TARGETS, ROLE_SNAPSHOT or ROLE_TIMESTAMP");
        };
    }

    public static Role toProto(String roleName) {
        return switch (roleName) {
            case RoleName.ROOT -> Role.ROLE_ROOT;
            case RoleName.TARGETS -> Role.ROLE_TARGETS;
            case RoleName.SNAPSHOT -> Role.ROLE_SNAPSHOT;
            case RoleName.TIMESTAMP -> Role.ROLE_TIMESTAMP;
            default -> Role.ROLE_UNSPECIFIED;
        };
    }

    public static Key toProto(SigningKey key) {
        Key.Builder proto = Key.newBuilder().setKeyId(key.keyId()).setScheme(toProto(key.scheme())).setStorage(toProto(key.storage()))
                .setPublicKeyPem(key.publicKeyPem());
        key.roles().forEach(role -> proto.addRoles(toProto(role)));
        if (key.revokedAt() != null) {
            proto.setRevokeTime(timestamp(key.revokedAt()));
        }
        return proto.build();
    }

    public static com.otaplatform.signing.v1.KeyScheme toProto(KeyScheme scheme) {
        return scheme == KeyScheme.ED25519 ? com.otaplatform.signing.v1.KeyScheme.KEY_SCHEME_ED25519
                : com.otaplatform.signing.v1.KeyScheme.KEY_SCHEME_ECDSA_P256;
    }

    public static com.otaplatform.signing.v1.KeyStorage toProto(KeyStorage storage) {
        return switch (storage) {
            case ENCRYPTED -> com.otaplatform.signing.v1.KeyStorage.KEY_STORAGE_ENCRYPTED;
            case HSM -> com.otaplatform.signing.v1.KeyStorage.KEY_STORAGE_HSM;
            case OFFLINE -> com.otaplatform.signing.v1.KeyStorage.KEY_STORAGE_OFFLINE;
        };
    }

    /** The key scheme of a proto scheme; INVALID_ARGUMENT naming {@code field} when unset. */
    public static KeyScheme keyScheme(String field, com.otaplatform.signing.v1.KeyScheme scheme) {
        return switch (scheme) {
            case KEY_SCHEME_ED25519 -> KeyScheme.ED25519;
            case KEY_SCHEME_ECDSA_P256 -> KeyScheme.ECDSA_P256;
            default -> throw ApiException.invalidField(field, "must be KEY_SCHEME_ED25519 or KEY_SCHEME_ECDSA_P256");
        };
    }

    /** The storage of a proto storage; INVALID_ARGUMENT naming {@code field} when unset. */
    public static KeyStorage keyStorage(String field, com.otaplatform.signing.v1.KeyStorage storage) {
        return switch (storage) {
            case KEY_STORAGE_ENCRYPTED -> KeyStorage.ENCRYPTED;
            case KEY_STORAGE_HSM -> KeyStorage.HSM;
            case KEY_STORAGE_OFFLINE -> KeyStorage.OFFLINE;
            default -> throw ApiException.invalidField(field, "must be KEY_STORAGE_ENCRYPTED, KEY_STORAGE_HSM or KEY_STORAGE_OFFLINE");
        };
    }

    public static AddSignatureResponse toProto(SigningProgress progress) {
        return AddSignatureResponse.newBuilder().setSignatures(progress.signatures()).setThreshold(progress.required().threshold())
                .setPreviousSignatures(progress.previousSignatures()).setPreviousThreshold(progress.staged().previous().threshold())
                .setPublished(progress.published()).setRole(toProto(progress.staged().role())).setVersion(progress.staged().version())
                .build();
    }

    public static PrepareRoleMetadataResponse toPrepareResponse(SigningProgress progress) {
        StagedMetadata staged = progress.staged();
        return PrepareRoleMetadataResponse.newBuilder().setName(staged.name()).setSignedCanonical(ByteString.copyFrom(staged.signedCanonical()))
                .addAllKeyIds(progress.required().keyIds()).setThreshold(progress.required().threshold()).setVersion(staged.version())
                .addAllPreviousKeyIds(staged.previous().keyIds()).setPreviousThreshold(staged.previous().threshold())
                .setProgress(toProto(progress)).build();
    }

    public static SignReleaseResponse toProto(ReleaseSigningOutcome outcome) {
        if (!outcome.awaitingSignatures()) {
            return SignReleaseResponse.newBuilder().setTargetsVersion(outcome.publication().targetsVersion())
                    .setSnapshotVersion(outcome.publication().snapshotVersion()).setTimestampVersion(outcome.publication().timestampVersion())
                    .build();
        }
        SigningProgress progress = outcome.awaiting();
        return SignReleaseResponse.newBuilder().setAwaitingSignatures(true).setStagedName(progress.staged().name())
                .setStagedVersion(progress.staged().version()).addAllKeyIds(progress.required().keyIds())
                .setThreshold(progress.required().threshold()).setSignatures(progress.signatures()).build();
    }

    /** Staged metadata with its progress; the bytes to sign only {@code withBytes}. */
    public static com.otaplatform.signing.v1.StagedMetadata toProto(StagedStatus status, boolean withBytes) {
        SigningProgress progress = status.progress();
        StagedMetadata staged = progress.staged();
        var proto = com.otaplatform.signing.v1.StagedMetadata.newBuilder().setName(staged.name()).setRole(toProto(staged.role()))
                .setVersion(staged.version()).setState(toProto(status.state())).addAllKeyIds(progress.required().keyIds())
                .setThreshold(progress.required().threshold()).setSignatures(progress.signatures())
                .addAllPreviousKeyIds(staged.previous().keyIds()).setPreviousThreshold(staged.previous().threshold())
                .setPreviousSignatures(progress.previousSignatures()).addAllReleases(staged.releases())
                .setCreateTime(timestamp(staged.createdAt()));
        if (staged.superseded()) {
            proto.setSupersededBy(StagedMetadata.nameOf(staged.supersededBy()));
        }
        if (withBytes) {
            proto.setSignedCanonical(ByteString.copyFrom(staged.signedCanonical()));
        }
        return proto.build();
    }

    static StagedState toProto(com.otaplatform.signing.StagedState state) {
        return switch (state) {
            case OPEN -> StagedState.STAGED_STATE_OPEN;
            case PUBLISHED -> StagedState.STAGED_STATE_PUBLISHED;
            case SUPERSEDED -> StagedState.STAGED_STATE_SUPERSEDED;
            case OVERTAKEN -> StagedState.STAGED_STATE_OVERTAKEN;
        };
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
