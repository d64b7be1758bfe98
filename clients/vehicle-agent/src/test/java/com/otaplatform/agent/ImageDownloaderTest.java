package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.agent.testing.TestImageServer;
import com.otaplatform.common.v1.Digests;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDownloaderTest {
  private static final HttpClient HTTP = ImageDownloader.newHttpClient();
  private static TestImageServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new TestImageServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private ImageDownloader downloader(int attempts, Duration stall) {
    return new ImageDownloader(HTTP, dir.resolve("downloads"), stall, attempts, Duration.ofMillis(10));
  }

  @Test
  void downloadsAndVerifiesTheImage() throws Exception {
    byte[] image = randomBytes(300_000, 1);
    Digests digests = Digester.digest(image);
    server.put("/ok.bin", image);

    Path file = downloader(1, Duration.ofSeconds(5)).download(server.uri("/ok.bin"), digests);

    assertThat(file).hasFileName(digests.getSha256());
    assertThat(Files.readAllBytes(file)).isEqualTo(image);
    assertThat(dir.resolve("downloads").resolve(digests.getSha256() + ".part")).doesNotExist();
  }

  @Test
  void resumesAPartialFileWithARangeRequestAfterACut() throws Exception {
    byte[] image = randomBytes(256 * 1024, 2);
    Digests digests = Digester.digest(image);
    server.put("/cut.bin", image, new TestImageServer.CutFirstAfter(100_000));
    ImageDownloader downloader = downloader(1, Duration.ofSeconds(5));

    assertThatThrownBy(() -> downloader.download(server.uri("/cut.bin"), digests))
        .isInstanceOfSatisfying(UpdateException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCodes.DOWNLOAD_FAILED);
          assertThat(e.isTransient()).isTrue();
        });
    Path part = downloader.partFile(digests.getSha256());
    assertThat(part).exists();
    long kept = Files.size(part);
    assertThat(kept).isPositive().isLessThanOrEqualTo(100_000);

    Path file = downloader.download(server.uri("/cut.bin"), digests);

    assertThat(Files.readAllBytes(file)).isEqualTo(image);
    assertThat(part).doesNotExist();
    assertThat(server.requests()).filteredOn(r -> r.startsWith("/cut.bin"))
        .containsExactly("/cut.bin -", "/cut.bin bytes=" + kept + "-");
  }

  @Test
  void retriesWithinOneCallByResuming() throws Exception {
    byte[] image = randomBytes(200_000, 3);
    Digests digests = Digester.digest(image);
    server.put("/cut-retry.bin", image, new TestImageServer.CutFirstAfter(50_000));

    Path file = downloader(3, Duration.ofSeconds(5)).download(server.uri("/cut-retry.bin"), digests);

    assertThat(Files.readAllBytes(file)).isEqualTo(image);
    assertThat(server.requests()).filteredOn(r -> r.startsWith("/cut-retry.bin"))
        .hasSize(2)
        .last().asString().startsWith("/cut-retry.bin bytes=");
  }

  @Test
  void refusesBytesThatDoNotMatchTheSignedHashAndRemovesThem() throws Exception {
    byte[] signed = randomBytes(100_000, 4);
    byte[] tampered = signed.clone();
    tampered[5000] ^= 1;
    Digests digests = Digester.digest(signed);
    server.put("/tampered.bin", tampered);
    ImageDownloader downloader = downloader(3, Duration.ofSeconds(5));

    assertThatThrownBy(() -> downloader.download(server.uri("/tampered.bin"), digests))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.HASH_MISMATCH));
    assertThat(downloader.partFile(digests.getSha256())).doesNotExist();
    assertThat(downloader.verifiedFile(digests.getSha256())).doesNotExist();
    assertThat(server.requests()).filteredOn(r -> r.startsWith("/tampered.bin")).hasSize(1);
  }

  @Test
  void refusesASha512Mismatch() throws Exception {
    byte[] image = randomBytes(10_000, 5);
    Digests good = Digester.digest(image);
    Digests wrong512 = good.toBuilder().setSha512(Digester.digest(new byte[] {1}).getSha512()).build();
    server.put("/sha512.bin", image);

    assertThatThrownBy(() -> downloader(1, Duration.ofSeconds(5)).download(server.uri("/sha512.bin"), wrong512))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.HASH_MISMATCH));
  }

  @Test
  void refusesAnAnnouncedBodyLongerThanTheSignedLength() throws Exception {
    byte[] image = randomBytes(50_000, 6);
    Digests digests = Digester.digest(image);
    server.put("/long.bin", image, new TestImageServer.ExtraBytes(1000, false));
    ImageDownloader downloader = downloader(3, Duration.ofSeconds(5));

    assertThatThrownBy(() -> downloader.download(server.uri("/long.bin"), digests))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.LENGTH_EXCEEDED));
    assertThat(downloader.partFile(digests.getSha256())).doesNotExist();
  }

  @Test
  void stopsAStreamedBodyAtTheSignedLength() throws Exception {
    byte[] image = randomBytes(50_000, 7);
    Digests digests = Digester.digest(image);
    server.put("/long-chunked.bin", image, new TestImageServer.ExtraBytes(200_000, true));
    ImageDownloader downloader = downloader(3, Duration.ofSeconds(5));

    assertThatThrownBy(() -> downloader.download(server.uri("/long-chunked.bin"), digests))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.LENGTH_EXCEEDED));
    assertThat(downloader.partFile(digests.getSha256())).doesNotExist();
  }

  @Test
  void abortsAStalledTransferWithSlowRetrieval() throws Exception {
    byte[] image = randomBytes(100_000, 8);
    Digests digests = Digester.digest(image);
    Duration stall = Duration.ofSeconds(30);
    server.put("/stall.bin", image, new TestImageServer.StallAfter(10_000, stall));
    ImageDownloader downloader = downloader(1, Duration.ofMillis(400));

    long start = System.nanoTime();
    assertThatThrownBy(() -> downloader.download(server.uri("/stall.bin"), digests))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.SLOW_RETRIEVAL));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("gave up before the server sent again").isLessThan(stall);
    assertThat(downloader.verifiedFile(digests.getSha256())).doesNotExist();
  }

  @Test
  void refusesAnAssignmentWithoutSignedDigests() {
    server.put("/whatever.bin", new byte[10]);
    assertThatThrownBy(() -> downloader(1, Duration.ofSeconds(1))
        .download(server.uri("/whatever.bin"), Digests.newBuilder().setLength(10).build()))
        .isInstanceOfSatisfying(UpdateException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_ASSIGNMENT));
  }
}
