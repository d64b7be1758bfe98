package com.otaplatform.console.client;

import com.otaplatform.console.ReleaseSignaturesView;
import com.otaplatform.console.ReleaseView;
import com.otaplatform.console.config.ConsoleConfig;
import com.otaplatform.console.mapping.SignatureMapper;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.tuf.TufException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** signing-service (the image repository's metadata), called as the signed-in user. */
@ApplicationScoped
public class SigningClient {
    static final String SERVICE = "signing-service";

    private final ServiceChannels channels;
    private final ConsoleConfig config;

    SigningClient(ServiceChannels channels, ConsoleConfig config) {
        this.channels = channels;
        this.config = config;
    }

    private SigningServiceGrpc.SigningServiceBlockingStub stub(UserCredentials user) {
        return SigningServiceGrpc.newBlockingStub(channels.signing()).withCallCredentials(user)
                .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What the image repository signed for a signed release: the targets metadata that first listed it, judged by the
     * current root's targets role.
     */
    public ReleaseSignaturesView releaseSignatures(UserCredentials user, ReleaseView release) {
        byte[] targets = metadata(user, Role.ROLE_TARGETS, release.targetsVersion());
        byte[] root = metadata(user, Role.ROLE_ROOT, 0);
        try {
            return SignatureMapper.toView(release, targets, root);
        } catch (TufException e) {
            throw new ServiceCallException(SERVICE, "DATA_LOSS", "the image repository's metadata is unreadable: " + e.getMessage(), e);
        }
    }

    private byte[] metadata(UserCredentials user, Role role, long version) {
        return Calls.call(SERVICE, () -> stub(user).getRoleMetadata(GetRoleMetadataRequest.newBuilder().setRole(role).setVersion(version).build())
                .getMetadata().toByteArray());
    }
}
