package com.otaplatform.signing.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.platform.S3Config;
import com.otaplatform.signing.ImageRepositoryManagement;
import com.otaplatform.signing.Publication;
import com.otaplatform.signing.Release;
import com.otaplatform.signing.ReleaseImage;
import com.otaplatform.signing.TargetDownloads;
import com.otaplatform.tuf.client.TrustedMetadata;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.client.UpdaterConfig;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.model.TargetFile;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standard TUF client (libs/tuf's TufUpdater) trusting root v1 verifies the served image repository and downloads a target. */
@QuarkusTest
class ImageRepositoryRoutesTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    ImageRepositoryManagement repository;
    @Inject
    MinioClient s3;
    @Inject
    S3Config s3Config;

    @TempDir
    Path dir;

    private String base() {
        return "http://127.0.0.1:" + port + "/repo/image/";
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Stores the image's bytes as artifact-service does (content-addressed blob) and signs a release listing it. */
    private Release signReleaseWithBlob(byte[] content) throws Exception {
        String sha256 = Crypto.sha256Hex(content);
        s3.putObject(PutObjectArgs.builder().bucket(s3Config.bucket()).object(TargetDownloads.blobKey(sha256))
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build());
        String id = UUID.randomUUID().toString();
        Release release = new Release("releases/" + id, "adas-" + id.substring(0, 8), false, List.of(new ReleaseImage("adas-main",
                "artifacts/" + UUID.randomUUID(), "adas.bin", List.of("adas-v3"), 3, content.length, sha256, Crypto.sha512Hex(content))));
        repository.signRelease(release);
        return release;
    }

    @Test
    void shouldVerifyAndDownloadSignedReleaseWithTrustedRootV1AndNoToken() throws Exception {
        HttpResponse<byte[]> rootV1 = get("1.root.json");
        assertThat(rootV1.statusCode()).isEqualTo(200);
        Path metadata = dir.resolve("metadata");
        TufUpdater.init(metadata, rootV1.body());
        byte[] content = ("firmware " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Release release = signReleaseWithBlob(content);

        TufUpdater updater = new TufUpdater(metadata, URI.create(base()), UpdaterConfig.defaults(), Clock.systemUTC());
        TrustedMetadata trusted = updater.refresh();
        TargetFile target = updater.targetInfo(release.displayName() + "/adas-main/adas.bin");
        Path downloaded = updater.download(target, URI.create(base() + "targets/"), dir.resolve("targets"));

        assertThat(trusted.targets().version()).isEqualTo(repository.current("targets").version());
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(content);
        assertThat(target.releaseCounter()).hasValue(3);
    }

    @Test
    void shouldRefreshAgainAfterAnotherReleaseWithoutRollback() throws Exception {
        Path metadata = dir.resolve("metadata");
        TufUpdater.init(metadata, get("1.root.json").body());
        TufUpdater updater = new TufUpdater(metadata, URI.create(base()), UpdaterConfig.defaults(), Clock.systemUTC());
        long before = updater.refresh().targets().version();

        Release next = signReleaseWithBlob(("model " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        TrustedMetadata after = updater.refresh();

        assertThat(after.targets().version()).isGreaterThan(before);
        assertThat(after.targets().target(next.displayName() + "/adas-main/adas.bin")).isPresent();
    }

    @Test
    void shouldRedirectTargetsToPresignedBlobAndRefuseUnknownPaths() throws Exception {
        byte[] content = "redirected".getBytes(StandardCharsets.UTF_8);
        Release release = signReleaseWithBlob(content);
        String sha256 = Crypto.sha256Hex(content);

        HttpResponse<byte[]> redirect = get("targets/" + release.displayName() + "/adas-main/" + sha256 + ".adas.bin");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).get().asString()
                .contains(TargetDownloads.blobKey(sha256)).contains("X-Amz-Signature");

        assertThat(get("targets/" + release.displayName() + "/adas-main/" + "0".repeat(64) + ".adas.bin").statusCode()).isEqualTo(404);
        assertThat(get("999999.root.json").statusCode()).isEqualTo(404);
        assertThat(get("secrets.json").statusCode()).isEqualTo(404);
        assertThat(get("timestamp.json").statusCode()).isEqualTo(200);
    }
}
