package com.otaplatform.signing.grpc;

import static com.otaplatform.signing.grpc.SigningCalls.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.ImageTargets;
import com.otaplatform.signing.ImageRepositoryHttp;
import com.otaplatform.signing.OfflineSigning;
import com.otaplatform.signing.ReleaseMarker;
import com.otaplatform.signing.v1.AddSignatureRequest;
import com.otaplatform.signing.v1.AddSignatureResponse;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetStagedMetadataRequest;
import com.otaplatform.signing.v1.ListStagedMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.RoleKeys;
import com.otaplatform.signing.v1.SignReleaseRequest;
import com.otaplatform.signing.v1.SignReleaseResponse;
import com.otaplatform.signing.v1.StagedMetadata;
import com.otaplatform.signing.v1.StagedState;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.TargetsMetadata;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Releases signed in the normal flow when the targets keys are offline: a fresh repository whose root v2 makes targets
 * 2-of-2 offline keys. SignRelease stages, nothing a vehicle or a download reads lists the images until the second
 * distinct valid offline signature; then the release is signed in (a stand-in of) artifact-service and a TUF client
 * trusting root v1 sees its targets over HTTP. Also: a later release superseding the open staged version, marking a
 * release signed on a later round, housekeeping, and the otactl flow end to end.
 */
@QuarkusTest
@TestProfile(OfflineTargetsTest.ArtifactStandIn.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineTargetsTest {
    /** Its own application start (a fresh repository), reading releases from {@link TestArtifactService}. */
    public static class ArtifactStandIn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.grpc.clients.artifact.port", String.valueOf(ARTIFACT_PORT),
                    "quarkus.grpc.clients.artifact.test-port", String.valueOf(ARTIFACT_PORT));
        }
    }

    /** The artifact stand-in's port; the module's tests hold /tmp/ota-lock-signing-service, so a fixed one is free. */
    static final int ARTIFACT_PORT = 18189;

    private static final String ECU = "adas-main";
    private static final String PASSPHRASE = "offline-key-passphrase-for-tests";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    OfflineSigning offlineSigning;
    @Inject
    ReleaseMarker marker;

    private TestArtifactService artifacts;
    private final KeyPair kp1 = KeyPairs.ed25519KeyPair();
    private final KeyPair kp2 = KeyPairs.ecdsaP256KeyPair();
    private final LocalSigner k1 = KeyPairs.signer(kp1);
    private final LocalSigner k2 = KeyPairs.signer(kp2);
    private ManagedChannel channel;
    private SigningCalls calls;
    private ImageRepositoryHttp http;
    private Path dir;
    private Path keyFile1;
    private Path keyFile2;
    private TufUpdater client;

    @BeforeAll
    void makeTargetsTwoOfTwoOfflineKeys() throws Exception {
        artifacts = TestArtifactService.start(ARTIFACT_PORT);
        channel = TestChannels.loopback(port);
        calls = new SigningCalls(channel);
        http = new ImageRepositoryHttp(port);
        dir = Files.createTempDirectory("offline-targets");
        keyFile1 = dir.resolve("targets-1.key");
        keyFile2 = dir.resolve("targets-2.key");
        PrivateKeyFiles.save(keyFile1, kp1.getPrivate(), PASSPHRASE.toCharArray());
        PrivateKeyFiles.save(keyFile2, kp2.getPrivate(), PASSPHRASE.toCharArray());
        calls.registerOffline(k1, Role.ROLE_TARGETS);
        calls.registerOffline(k2, Role.ROLE_TARGETS);
        PrepareRoleMetadataResponse root = calls.as("fleet-admin").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder()
                .setRole(Role.ROLE_ROOT).addRoleKeys(RoleKeys.newBuilder().setRole(Role.ROLE_TARGETS).addKeyIds(k1.keyId())
                        .addKeyIds(k2.keyId()).setThreshold(2)).build());
        assertThat(root.getProgress().getPublished()).as("root v2 needs only the online root key").isTrue();
        // the served targets are signed by the old online key: clients need targets signed by the new keys
        PrepareRoleMetadataResponse targets = calls.as("rel-eng").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder()
                .setRole(Role.ROLE_TARGETS).build());
        assertThat(targets.getProgress().getPublished()).isFalse();
        calls.sign(targets, k1);
        assertThat(calls.sign(targets, k2).getPublished()).isTrue();
        client = http.clientTrustingRootV1(dir.resolve("client"));
        assertThat(client.refresh().root().role(RoleName.TARGETS).keyIds()).containsExactlyInAnyOrder(k1.keyId(), k2.keyId());
    }

    @AfterAll
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
        artifacts.close();
    }

    private Release newRelease(String content) {
        return artifacts.addRelease("rel-" + UUID.randomUUID().toString().substring(0, 8), ECU, content);
    }

    private SignReleaseResponse signRelease(Release release) {
        return calls.as("rel-eng").signRelease(SignReleaseRequest.newBuilder().setRelease(release.getName()).build());
    }

    private StagedMetadata staged(String name) {
        return calls.as("viewer").getStagedMetadata(GetStagedMetadataRequest.newBuilder().setName(name).build()).getStaged();
    }

    private AddSignatureResponse sign(String stagedName, LocalSigner signer) {
        return calls.as("rel-eng").addSignature(AddSignatureRequest.newBuilder().setName(stagedName).setKeyId(signer.keyId())
                .setSignature(ByteString.copyFrom(signer.sign(staged(stagedName).getSignedCanonical().toByteArray()))).build());
    }

    private static String targetName(Release release) {
        ReleaseArtifact image = release.getArtifacts(0);
        return ImageTargets.name(release.getDisplayName(), image.getEcu(), image.getDetails().getSpec().getFileName());
    }

    private int targetDownload(Release release) throws Exception {
        ReleaseArtifact image = release.getArtifacts(0);
        return http.get("targets/" + release.getDisplayName() + "/" + image.getEcu() + "/" + image.getDetails().getDigests().getSha256()
                + "." + image.getDetails().getSpec().getFileName()).statusCode();
    }

    /** The current targets as GetRoleMetadata answers it: what checkin-service's director cross-checks against. */
    private TargetsMetadata publishedTargets() {
        return TargetsMetadata.from(SignedMetadata.parse(calls.as("viewer").getRoleMetadata(GetRoleMetadataRequest.newBuilder()
                .setRole(Role.ROLE_TARGETS).build()).getMetadata().toByteArray()));
    }

    private void assertNotVisible(Release release, long publishedVersion) throws Exception {
        assertThat(publishedTargets().version()).isEqualTo(publishedVersion);
        assertThat(publishedTargets().target(targetName(release))).isEmpty();
        assertThat(TargetsMetadata.from(SignedMetadata.parse(http.served("targets.json"))).target(targetName(release))).isEmpty();
        assertThat(http.get((publishedVersion + 1) + ".targets.json").statusCode()).isEqualTo(404);
        assertThat(targetDownload(release)).as("no download of a pending target").isEqualTo(404);
        assertThat(client.refresh().targets().target(targetName(release))).isEmpty();
        assertThat(artifacts.release(release.getName()).getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
    }

    private void assertSigned(Release release, long targetsVersion) throws Exception {
        assertThat(publishedTargets().target(targetName(release))).isPresent();
        assertThat(client.refresh().targets().target(targetName(release))).as("a client trusting root v1 sees it").get()
                .satisfies(t -> assertThat(t.hashes()).containsEntry("sha256", release.getArtifacts(0).getDetails().getDigests().getSha256()));
        assertThat(targetDownload(release)).isEqualTo(302);
        Release marked = artifacts.release(release.getName());
        assertThat(marked.getState()).isEqualTo(ReleaseState.RELEASE_STATE_SIGNED);
        assertThat(marked.getTargetsVersion()).isEqualTo(targetsVersion);
    }

    @Test
    @Order(1)
    void shouldStageTheReleaseAndPublishItOnlyAtTheSecondDistinctValidOfflineSignature() throws Exception {
        Release release = newRelease("firmware one");
        long before = publishedTargets().version();

        SignReleaseResponse waiting = signRelease(release);

        assertThat(waiting.getAwaitingSignatures()).isTrue();
        assertThat(waiting.getStagedVersion()).isEqualTo(before + 1);
        assertThat(waiting.getTargetsVersion()).isZero();
        assertThat(waiting.getKeyIdsList()).containsExactlyInAnyOrder(k1.keyId(), k2.keyId());
        assertThat(waiting.getThreshold()).isEqualTo(2);
        assertThat(waiting.getSignatures()).as("no targets key is online").isZero();
        assertThat(signRelease(release)).as("asking again answers the same staged version").isEqualTo(waiting);
        assertThat(staged(waiting.getStagedName()).getReleasesList()).containsExactly(release.getName());
        assertNotVisible(release, before);

        assertThat(sign(waiting.getStagedName(), k1).getPublished()).isFalse();
        AddSignatureResponse again = sign(waiting.getStagedName(), k1);
        assertThat(again.getSignatures()).as("the same key twice counts once").isEqualTo(1);
        assertThat(again.getPublished()).isFalse();
        assertNotVisible(release, before);

        AddSignatureResponse second = sign(waiting.getStagedName(), k2);

        assertThat(second.getSignatures()).isEqualTo(2);
        assertThat(second.getPublished()).isTrue();
        assertThat(publishedTargets().version()).isEqualTo(before + 1);
        assertSigned(release, before + 1);
        SignReleaseResponse published = signRelease(release);
        assertThat(published.getAwaitingSignatures()).isFalse();
        assertThat(published.getTargetsVersion()).isEqualTo(before + 1);
        assertThat(published.getTimestampVersion()).isPositive();
        assertThat(signRelease(release)).as("the same publication again").isEqualTo(published);
        assertThat(staged(waiting.getStagedName()).getState()).isEqualTo(StagedState.STAGED_STATE_PUBLISHED);
        assertStatus(() -> sign(waiting.getStagedName(), k2), Status.Code.FAILED_PRECONDITION, waiting.getStagedName() + " is already published");
    }

    @Test
    @Order(2)
    void shouldRefuseABadSignatureAndAKeyThatIsNotATargetsKeyNamingTheField() throws Exception {
        Release release = newRelease("firmware two");
        long before = publishedTargets().version();
        String name = signRelease(release).getStagedName();
        String timestampKey = RootMetadata.from(SignedMetadata.parse(http.served("root.json"))).role(RoleName.TIMESTAMP).keyIds().get(0);

        assertStatus(() -> calls.as("rel-eng").addSignature(AddSignatureRequest.newBuilder().setName(name).setKeyId(k2.keyId())
                .setSignature(ByteString.copyFrom(k2.sign("other bytes".getBytes(StandardCharsets.UTF_8)))).build()),
                Status.Code.INVALID_ARGUMENT, "signature:");
        assertStatus(() -> calls.as("rel-eng").addSignature(AddSignatureRequest.newBuilder().setName(name).setKeyId(timestampKey)
                .setSignature(ByteString.copyFrom(new byte[64])).build()), Status.Code.INVALID_ARGUMENT, "key_id:");
        assertStatus(() -> calls.as("rel-eng").addSignature(AddSignatureRequest.newBuilder().setName(name).setKeyId(KeyPairs.ed25519().keyId())
                .setSignature(ByteString.copyFrom(new byte[64])).build()), Status.Code.INVALID_ARGUMENT, "key_id:");
        assertStatus(() -> calls.as("viewer").signRelease(SignReleaseRequest.newBuilder().setRelease(release.getName()).build()),
                Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> calls.as("viewer").getStagedMetadata(GetStagedMetadataRequest.newBuilder().setName("staged/x").build()),
                Status.Code.INVALID_ARGUMENT, "name:");
        assertStatus(() -> calls.as("viewer").listStagedMetadata(ListStagedMetadataRequest.newBuilder().setPageSize(-1).build()),
                Status.Code.INVALID_ARGUMENT, "page_size:");
        assertThat(staged(name).getSignatures()).isZero();
        assertNotVisible(release, before);
    }

    @Test
    @Order(3)
    void shouldLetALaterReleaseSupersedeTheOpenStagedVersionAndPublishBothTogether() throws Exception {
        Release first = newRelease("firmware three");
        long before = publishedTargets().version();
        String firstStaged = signRelease(first).getStagedName();
        sign(firstStaged, k1);
        Release second = newRelease("firmware four");

        SignReleaseResponse both = signRelease(second);

        assertThat(both.getStagedName()).isNotEqualTo(firstStaged);
        assertThat(both.getStagedVersion()).isEqualTo(before + 1);
        StagedMetadata superseded = staged(firstStaged);
        assertThat(superseded.getState()).isEqualTo(StagedState.STAGED_STATE_SUPERSEDED);
        assertThat(superseded.getSupersededBy()).isEqualTo(both.getStagedName());
        assertThat(staged(both.getStagedName()).getReleasesList()).as("it lists every release still waiting")
                .contains(first.getName(), second.getName());
        assertThat(signRelease(first).getStagedName()).as("the first release now waits in the later version").isEqualTo(both.getStagedName());
        assertStatus(() -> sign(firstStaged, k2), Status.Code.FAILED_PRECONDITION,
                firstStaged + " was superseded by " + both.getStagedName());
        assertThat(calls.as("viewer").listStagedMetadata(ListStagedMetadataRequest.getDefaultInstance()).getStagedList())
                .extracting(StagedMetadata::getName, StagedMetadata::getState)
                .contains(org.assertj.core.groups.Tuple.tuple(firstStaged, StagedState.STAGED_STATE_SUPERSEDED),
                        org.assertj.core.groups.Tuple.tuple(both.getStagedName(), StagedState.STAGED_STATE_OPEN));
        assertNotVisible(first, before);
        assertNotVisible(second, before);

        sign(both.getStagedName(), k2);
        assertThat(sign(both.getStagedName(), k1).getPublished()).isTrue();

        assertSigned(first, before + 1);
        assertSigned(second, before + 1);
    }

    @Test
    @Order(4)
    void shouldMarkTheReleaseSignedOnALaterRoundWhenArtifactServiceWasDownAtPublication() throws Exception {
        Release release = newRelease("firmware five");
        long before = publishedTargets().version();
        String name = signRelease(release).getStagedName();
        sign(name, k1);
        artifacts.refuseMarks(true);
        try {
            assertThat(sign(name, k2).getPublished()).as("publication does not wait for artifact-service").isTrue();
            assertThat(artifacts.release(release.getName()).getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
            assertThat(marker.markUnmarked()).isZero();
        } finally {
            artifacts.refuseMarks(false);
        }

        assertThat(marker.markUnmarked()).isEqualTo(1);

        assertSigned(release, before + 1);
        assertThat(marker.markUnmarked()).as("marked once").isZero();
    }

    @Test
    @Order(5)
    void shouldDeleteClosedStagedVersionsAndExpireAnOpenOneOlderThanTheMaxAge() throws Exception {
        Release release = newRelease("firmware six");
        long before = publishedTargets().version();
        String name = signRelease(release).getStagedName();
        Duration maxAge = Duration.ofDays(7);

        assertThat(offlineSigning.expireStaged(Instant.now(), maxAge)).as("the published and superseded ones").isPositive();
        assertThat(calls.as("viewer").listStagedMetadata(ListStagedMetadataRequest.getDefaultInstance()).getStagedList())
                .extracting(StagedMetadata::getName).containsExactly(name);
        assertThat(offlineSigning.expireStaged(Instant.now(), maxAge)).as("an open one younger than the max age stays").isZero();

        assertThat(offlineSigning.expireStaged(Instant.now().plus(maxAge).plusSeconds(60), maxAge)).isEqualTo(1);

        assertThat(calls.as("viewer").listStagedMetadata(ListStagedMetadataRequest.getDefaultInstance()).getStagedList()).isEmpty();
        assertStatus(() -> staged(name), Status.Code.NOT_FOUND, null);
        assertNotVisible(release, before);
        SignReleaseResponse again = signRelease(release);
        assertThat(again.getAwaitingSignatures()).isTrue();
        assertThat(again.getStagedName()).as("signing it again stages it anew").isNotEqualTo(name);
        assertThat(again.getStagedVersion()).isEqualTo(before + 1);
    }

    /** otactl in-process, talking to this service and the artifact stand-in. */
    private OtactlInProcess cli() {
        return new OtactlInProcess(Map.of("OTACTL_CONFIG_DIR", dir.resolve("config").toString(), "OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + port,
                "OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + artifacts.port(), "OTACTL_KEY_PASSPHRASE", PASSPHRASE));
    }

    private OtactlInProcess.Result otactl(String user, String... args) {
        return cli().run(user, args);
    }

    private OtactlInProcess.Result ok(String user, String... args) {
        return cli().ok(user, args);
    }

    @Test
    @Order(6)
    void shouldCreateAReleaseThatAwaitsOfflineSignaturesAndPublishItWithFetchSignSubmit() throws Exception {
        Artifact artifact = artifacts.addArtifact("bcm", "bcm-v2", "cli firmware");
        long before = publishedTargets().version();

        OtactlInProcess.Result created = otactl("rel-eng", "release", "create", "--name", "cli-" + UUID.randomUUID().toString().substring(0, 8),
                "--artifact", "bcm=" + artifact.getName(), "-o", "json");

        assertThat(created.exitCode()).as(created.err()).isEqualTo(9);
        String release = created.json().get("name").asText();
        JsonNode signing = created.json().get("signing");
        assertThat(signing.get("awaitingSignatures").asBoolean()).isTrue();
        assertThat(signing.get("stagedVersion").asLong()).isEqualTo(before + 1);
        assertThat(signing.get("threshold").asInt()).isEqualTo(2);
        String staged = signing.get("stagedName").asText();
        Path file = dir.resolve("targets-v" + (before + 1) + ".json");

        OtactlInProcess.Result waiting = otactl("rel-eng", "release", "sign", release);
        assertThat(waiting.exitCode()).isEqualTo(9);
        assertThat(waiting.out()).contains("awaits offline signatures").contains("otactl signing fetch " + staged + " --out " + file.getFileName())
                .contains("otactl signing sign " + file.getFileName() + " --key KEYFILE").contains("otactl signing submit " + file.getFileName());
        assertThat(ok("viewer", "signing", "staged").out()).contains(staged).contains("open").contains(release);

        ok("rel-eng", "signing", "fetch", staged, "--out", file.toString());
        ok("rel-eng", "signing", "sign", file.toString(), "--key", keyFile1.toString());
        assertThat(ok("rel-eng", "signing", "submit", file.toString()).out()).contains("1 of 2").contains("not published yet");
        assertThat(artifacts.release(release).getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
        ok("rel-eng", "signing", "sign", file.toString(), "--key", keyFile2.toString());
        assertThat(ok("rel-eng", "signing", "submit", file.toString()).out()).contains("2 of 2").contains("published targets v" + (before + 1));

        assertSigned(artifacts.release(release), before + 1);
        assertThat(ok("rel-eng", "release", "sign", release).out()).startsWith("Signed " + release).contains("targets v" + (before + 1));
    }
}
