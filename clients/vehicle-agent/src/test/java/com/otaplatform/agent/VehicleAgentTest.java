package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.agent.cli.VehicleAgentCli;
import com.otaplatform.agent.testing.TestImageServer;
import com.otaplatform.agent.testing.TestUptane;
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.agent.testing.TestVehicleService;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleManifest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class VehicleAgentTest {
  private static final String VIN = "LSJA24U67MS000001";
  private static final EcuConfig ADAS = new EcuConfig("ADAS-0001", "adas-main", "adas-v3");
  private static final EcuConfig IVI = new EcuConfig("IVI-0001", "ivi", "ivi-v2");
  private static final HttpClient HTTP = ImageDownloader.newHttpClient();

  @TempDir Path state;
  @TempDir Path repositories;
  private TestImageServer images;
  private TestVehicleService service;
  private TestUptane uptane;

  @BeforeEach
  void start() throws Exception {
    images = new TestImageServer();
    service = new TestVehicleService();
    uptane = new TestUptane(repositories, images);
    service.uptane(uptane);
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    images.close();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A download of {@code signed}, signed into the image repository, whose URL serves {@code served}. */
  private TargetDownload download(EcuConfig ecu, String path, byte[] served, byte[] signed, String version) {
    return uptane.publish(ecu.serial(), ecu.hardwareId(), ecu.ecu() + "-" + version + ".bin", version, signed,
        images.put(path, served), 1);
  }

  private VehicleAgent agent(List<EcuConfig> ecus, BootCheck bootCheck) throws Exception {
    return VehicleAgent.builder(new VehicleIdentity(VIN, Map.of("model", "SU7", "region", "CN"), ecus), state, service.channel())
        .httpClient(HTTP)
        .bootCheck(bootCheck)
        .stallTimeout(Duration.ofSeconds(5))
        .downloadRetryDelay(Duration.ofMillis(10))
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .trustedRoots(uptane.roots())
        .build();
  }

  private static List<UpdatePhase> phases(List<StatusEvent> events) {
    return events.stream().map(StatusEvent::getPhase).toList();
  }

  private static EcuVersionReport report(CheckInRequest request, int i) throws Exception {
    VehicleManifest manifest = VehicleManifest.parseFrom(request.getManifest().getManifest());
    return EcuVersionReport.parseFrom(manifest.getEcuReports(i).getReport());
  }

  @Test
  void downloadsInstallsAndReportsSucceeded() throws Exception {
    byte[] image = bytes(200_000, 1);
    Digests digests = Digester.digest(image);
    service.assign(List.of(download(ADAS, "/adas-2.0.0.bin", image, image, "2.0.0")));
    VehicleAgent agent = agent(List.of(ADAS), BootCheck.passing());

    CycleResult first = agent.runCycle();

    assertThat(first.checkedIn()).isTrue();
    assertThat(first.update()).isEqualTo(CycleResult.UpdateOutcome.SUCCEEDED);
    assertThat(first.correlationId()).isEqualTo(TestVehicleService.correlationId(VIN));
    assertThat(first.eventsDelivered()).isEqualTo(4);
    assertThat(first.eventsPending()).isZero();
    assertThat(first.nextDelay()).isEqualTo(Duration.ofSeconds(1));
    List<StatusEvent> events = service.events(VIN);
    assertThat(phases(events)).containsExactly(UpdatePhase.UPDATE_PHASE_DOWNLOADING, UpdatePhase.UPDATE_PHASE_VERIFIED,
        UpdatePhase.UPDATE_PHASE_INSTALLING, UpdatePhase.UPDATE_PHASE_SUCCEEDED);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getCorrelationId()).isEqualTo("corr-" + VIN);
      assertThat(e.getRollout()).isEqualTo(TestVehicleService.ROLLOUT);
      assertThat(e.getEventId()).isNotEmpty();
      assertThat(e.hasOccurTime()).isTrue();
    });
    assertThat(events).extracting(StatusEvent::getEventId).doesNotHaveDuplicates();
    assertThat(agent.installer().installed(ADAS.serial()).orElseThrow().version()).isEqualTo("2.0.0");

    // The next manifest reports the new image and echoes the nonce; no assignment any more.
    CycleResult second = agent.runCycle();
    assertThat(second.update()).isEqualTo(CycleResult.UpdateOutcome.NONE);
    CheckInRequest request = service.checkIns(VIN).get(1);
    EcuVersionReport report = report(request, 0);
    assertThat(report.getEcuSerial()).isEqualTo(ADAS.serial());
    assertThat(report.getInstalledVersion()).isEqualTo("2.0.0");
    assertThat(report.getInstalledTarget()).isEqualTo("adas-main-2.0.0.bin");
    assertThat(report.getInstalledDigests()).isEqualTo(digests);
    assertThat(request.getAttributesMap()).containsEntry("model", "SU7");
    assertThat(service.nonceErrors()).isEmpty();
  }

  @Test
  void signsEachReportWithItsEcusKeyAndTheManifestWithThePrimarysKey() throws Exception {
    VehicleAgent agent = agent(List.of(ADAS, IVI), BootCheck.passing());

    assertThat(agent.runCycle().checkedIn()).isTrue();

    EcuKeys keys = EcuKeys.loadOrCreate(state, new VehicleIdentity(VIN, Map.of(), List.of(ADAS, IVI)), false);
    var manifest = service.checkIns(VIN).get(0).getManifest();
    assertThat(manifest.getSignaturesList()).singleElement().satisfies(s -> {
      assertThat(s.getKeyId()).isEqualTo(keys.signer(ADAS.serial()).publicKey().keyId());
      assertThat(s.getMethod()).isEqualTo("ed25519");
      assertThat(PublicKeys.verify(keys.signer(ADAS.serial()).publicKey(), s.getValue().toByteArray(), manifest.getManifest().toByteArray()))
          .isTrue();
    });
    VehicleManifest parsed = VehicleManifest.parseFrom(manifest.getManifest());
    assertThat(parsed.getPrimaryEcuSerial()).isEqualTo(ADAS.serial());
    for (var signed : parsed.getEcuReportsList()) {
      String serial = EcuVersionReport.parseFrom(signed.getReport()).getEcuSerial();
      var key = keys.signer(serial).publicKey();
      assertThat(signed.getSignaturesList()).singleElement().satisfies(s -> {
        assertThat(s.getKeyId()).isEqualTo(key.keyId());
        assertThat(PublicKeys.verify(key, s.getValue().toByteArray(), signed.getReport().toByteArray())).isTrue();
      });
    }
    assertThat(keys.signer(ADAS.serial()).keyId()).isNotEqualTo(keys.signer(IVI.serial()).keyId());
  }

  @Test
  void recoversWhenTheServerRefusesALostNonceAndNamesTheCurrentOne() throws Exception {
    service.refuseStaleNonces();
    VehicleAgent agent = agent(List.of(ADAS), BootCheck.passing());
    assertThat(agent.runCycle().checkedIn()).isTrue();
    service.loseNonce(VIN);

    CycleResult recovered = agent.runCycle();

    assertThat(recovered.checkedIn()).isTrue();
    assertThat(service.nonceErrors()).hasSize(1);
    assertThat(service.checkIns(VIN)).hasSize(2);
    assertThat(agent.runCycle().checkedIn()).isTrue();
    assertThat(service.nonceErrors()).hasSize(1);
  }

  @Test
  void keepsEventsWhenReportStatusIsUnavailableAndDeliversThemNextCycle() throws Exception {
    byte[] image = bytes(50_000, 2);
    service.assign(List.of(download(ADAS, "/adas.bin", image, image, "2.0.0")));
    service.failNextReports(1);

    CycleResult first = agent(List.of(ADAS), BootCheck.passing()).runCycle();

    assertThat(first.update()).isEqualTo(CycleResult.UpdateOutcome.SUCCEEDED);
    assertThat(first.eventsDelivered()).isZero();
    assertThat(first.eventsPending()).isEqualTo(4);
    assertThat(first.nextDelay()).isLessThanOrEqualTo(Duration.ofMillis(200));
    assertThat(service.events(VIN)).isEmpty();

    // A fresh agent on the same state dir (a restart): the server still assigns the update it has
    // not heard about; the agent does not install it twice and delivers the queued events.
    VehicleAgent restarted = agent(List.of(ADAS), BootCheck.passing());
    String slotBefore = restarted.installer().activeSlot(ADAS.serial());
    CycleResult second = restarted.runCycle();

    assertThat(second.update()).isEqualTo(CycleResult.UpdateOutcome.ALREADY_HANDLED);
    assertThat(second.eventsDelivered()).isEqualTo(4);
    assertThat(second.eventsPending()).isZero();
    assertThat(restarted.installer().activeSlot(ADAS.serial())).isEqualTo(slotBefore);
    assertThat(phases(service.events(VIN))).containsExactly(UpdatePhase.UPDATE_PHASE_DOWNLOADING,
        UpdatePhase.UPDATE_PHASE_VERIFIED, UpdatePhase.UPDATE_PHASE_INSTALLING, UpdatePhase.UPDATE_PHASE_SUCCEEDED);
    assertThat(service.events(VIN)).allSatisfy(e -> assertThat(e.getCorrelationId()).isEqualTo("corr-" + VIN));
    assertThat(service.reportCalls()).isEqualTo(2);
  }

  @Test
  void oneBadImageMeansNothingIsInstalled() throws Exception {
    byte[] good = bytes(30_000, 3);
    byte[] signed = bytes(30_000, 4);
    byte[] tampered = signed.clone();
    tampered[0] ^= 1;
    service.assign(List.of(
        download(ADAS, "/adas.bin", good, good, "2.0.0"),
        download(IVI, "/ivi.bin", tampered, signed, "2.0.0")));
    VehicleAgent agent = agent(List.of(ADAS, IVI), BootCheck.passing());

    CycleResult r = agent.runCycle();

    assertThat(r.update()).isEqualTo(CycleResult.UpdateOutcome.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.HASH_MISMATCH);
    assertThat(agent.installer().installed(ADAS.serial())).isEmpty();
    assertThat(agent.installer().installed(IVI.serial())).isEmpty();
    StatusEvent last = service.events(VIN).get(service.events(VIN).size() - 1);
    assertThat(last.getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_FAILED);
    assertThat(last.getErrorCode()).isEqualTo(ErrorCodes.HASH_MISMATCH);
    assertThat(last.getEcuSerial()).isEqualTo(IVI.serial());
    assertThat(phases(service.events(VIN))).doesNotContain(UpdatePhase.UPDATE_PHASE_INSTALLING);
  }

  @Test
  void aFailedBootCheckIsReportedAsRolledBack() throws Exception {
    byte[] image = bytes(20_000, 5);
    service.assign(List.of(download(ADAS, "/adas.bin", image, image, "2.0.0")));
    VehicleAgent agent = agent(List.of(ADAS), (ecu, img, dir) -> BootCheck.Result.failed("kernel panic"));

    CycleResult r = agent.runCycle();

    assertThat(r.update()).isEqualTo(CycleResult.UpdateOutcome.ROLLED_BACK);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.BOOT_CHECK_FAILED);
    assertThat(agent.installer().installed(ADAS.serial())).isEmpty();
    StatusEvent last = service.events(VIN).get(3);
    assertThat(last.getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_ROLLED_BACK);
    assertThat(last.getEcuSerial()).isEqualTo(ADAS.serial());
    assertThat(last.getMessage()).contains("kernel panic");
  }

  @Test
  void refusesAnAssignmentWhoseDigestsDifferFromTheDirectorsAndKeepsItsSlot() throws Exception {
    byte[] signed = bytes(20_000, 7);
    byte[] malicious = bytes(20_000, 8);
    TargetDownload genuine = download(ADAS, "/adas.bin", signed, signed, "2.0.0");
    // a man in the middle rewrites the check-in response: another image, with its own digests
    service.assign(List.of(genuine.toBuilder().setUrl(images.put("/evil.bin", malicious))
        .setDigests(Digester.digest(malicious)).build()));
    VehicleAgent agent = agent(List.of(ADAS), BootCheck.passing());
    String slotBefore = agent.installer().activeSlot(ADAS.serial());

    CycleResult r = agent.runCycle();

    assertThat(r.update()).isEqualTo(CycleResult.UpdateOutcome.FAILED);
    assertThat(r.errorCode()).isEqualTo("DIRECTOR_MISMATCH");
    assertThat(images.requests()).noneMatch(request -> request.startsWith("/evil.bin"));
    assertThat(agent.installer().installed(ADAS.serial())).isEmpty();
    assertThat(agent.installer().activeSlot(ADAS.serial())).isEqualTo(slotBefore);
    StatusEvent last = service.events(VIN).get(service.events(VIN).size() - 1);
    assertThat(last.getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_FAILED);
    assertThat(last.getErrorCode()).isEqualTo("DIRECTOR_MISMATCH");
  }

  @Test
  void refusesAnImageTheDirectorAssignsToOtherHardware() throws Exception {
    byte[] image = bytes(20_000, 9);
    service.assign(List.of(uptane.publish(ADAS.serial(), "adas-v2", "adas-main-old.bin", "2.0.0", image,
        images.put("/old.bin", image), 1)));

    CycleResult r = agent(List.of(ADAS), BootCheck.passing()).runCycle();

    assertThat(r.update()).isEqualTo(CycleResult.UpdateOutcome.FAILED);
    assertThat(r.errorCode()).isEqualTo("WRONG_HARDWARE");
    assertThat(service.events(VIN).get(service.events(VIN).size() - 1).getErrorCode()).isEqualTo("WRONG_HARDWARE");
  }

  @Test
  void installsNothingWithoutTrustedRoots() throws Exception {
    byte[] image = bytes(10_000, 10);
    service.assign(List.of(download(ADAS, "/adas.bin", image, image, "2.0.0")));
    VehicleAgent agent = VehicleAgent.builder(new VehicleIdentity(VIN, Map.of(), List.of(ADAS)), state, service.channel())
        .httpClient(HTTP).build();

    CycleResult r = agent.runCycle();

    assertThat(r.update()).isEqualTo(CycleResult.UpdateOutcome.FAILED);
    assertThat(r.errorCode()).isEqualTo("NOT_INITIALIZED");
    assertThat(agent.installer().installed(ADAS.serial())).isEmpty();
  }

  @Test
  void backsOffWithJitterWhenTheServerIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ManagedChannel nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", closedPort).usePlaintext().build();
    try {
      VehicleAgent agent = VehicleAgent.builder(new VehicleIdentity(VIN, Map.of(), List.of(ADAS)), state, nowhere)
          .backoff(Duration.ofMillis(1000), Duration.ofSeconds(60))
          .rpcDeadline(Duration.ofSeconds(5))
          .build();

      CycleResult first = agent.runCycle();
      CycleResult second = agent.runCycle();

      assertThat(first.checkedIn()).isFalse();
      assertThat(first.checkInError()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(first.nextDelay()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
      assertThat(second.nextDelay()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
    } finally {
      nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "UNKNOWN", "INTERNAL", "CANCELLED"})
  void triesAgainWithinTheBackoffWhenACheckInsAnswerIsLost(Status.Code code) throws Exception {
    byte[] image = bytes(10_000, 21);
    service.assign(List.of(download(ADAS, "/adas.bin", image, image, "2.0.0")));
    service.refuseStaleNonces();
    service.failNextCheckInsAfterTheWork(code, 1);
    VehicleAgent agent = agent(List.of(ADAS), BootCheck.passing());

    CycleResult lost = agent.runCycle();
    CycleResult next = agent.runCycle();

    assertThat(lost.checkedIn()).isFalse();
    assertThat(lost.checkInError()).isEqualTo(code);
    assertThat(lost.nextDelay()).as("the backoff's first step, not the 5 min poll").isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(next.update()).as("the nonce of the lost answer is recovered and the assignment installed")
        .isEqualTo(CycleResult.UpdateOutcome.SUCCEEDED);
    assertThat(service.nonceErrors()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"PERMISSION_DENIED", "INVALID_ARGUMENT", "UNAUTHENTICATED", "NOT_FOUND"})
  void waitsThePollIntervalWhenACheckInIsRefused(Status.Code code) throws Exception {
    service.failNextCheckInsAfterTheWork(code, 1);
    VehicleAgent agent = VehicleAgent.builder(new VehicleIdentity(VIN, Map.of(), List.of(ADAS)), state, service.channel())
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .defaultPoll(Duration.ofMinutes(7))
        .build();

    CycleResult refused = agent.runCycle();

    assertThat(refused.checkInError()).isEqualTo(code);
    assertThat(refused.nextDelay()).as("asking again soon gets the same refusal").isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void provisioningTriesAgainWithTheSameKeyWhenTheAnswerIsLostAndGetsTheCertificateTheTokenBought() throws Exception {
    TestVehicleCa.ServerTls tls = TestVehicleCa.serverTls();
    try (TestVehicleService tlsService = new TestVehicleService(tls.certificatePem(), tls.privateKeyPem())) {
      tlsService.provisionFrom(new TestVehicleCa("CN=Retry Test CA"), "ft_once");
      tlsService.loseNextProvisionAnswers(2);
      EcuKeys ecuKeys = EcuKeys.generate(List.of("ADAS-0001", "TCU-0001"));

      VehicleCredentials credentials = Provisioning.provision(tlsService.channel(), VIN, "ft_once", ecuKeys,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(1)), 3);

      assertThat(tlsService.provisionRequests()).hasSize(3).allSatisfy(r -> assertThat(r).isEqualTo(tlsService.provisionRequests().get(0)));
      assertThat(credentials.certificatePem()).contains("BEGIN CERTIFICATE");
      var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(credentials.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      var key = java.security.KeyFactory.getInstance("EC").generatePrivate(
          new java.security.spec.PKCS8EncodedKeySpec(Provisioning.pemBody(credentials.privateKeyPem())));
      var signature = java.security.Signature.getInstance("SHA256withECDSA");
      signature.initSign(key);
      signature.update(new byte[] {1, 2, 3});
      byte[] signed = signature.sign();
      signature.initVerify(certificate.getPublicKey());
      signature.update(new byte[] {1, 2, 3});
      assertThat(signature.verify(signed)).as("the stored private key is the certificate's").isTrue();

      // a refusal is no broken call: one try, no more
      tlsService.provisionFrom(new TestVehicleCa("CN=Retry Test CA"), "ft_other");
      int before = tlsService.provisionRequests().size();
      assertThatThrownBy(() -> Provisioning.provision(tlsService.channel(), VIN, "ft_once", ecuKeys,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(1)), 3))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
      assertThat(tlsService.provisionRequests()).hasSize(before + 1);
    }
  }

  @Test
  void theCliTrustsTheRootsProvisioningHandedOverWhenGivenNone() throws Exception {
    TestVehicleCa.ServerTls tls = TestVehicleCa.serverTls();
    Path serverCa = Files.writeString(state.resolve("server-ca.pem"), tls.certificatePem());
    try (TestVehicleService tlsService = new TestVehicleService(tls.certificatePem(), tls.privateKeyPem())) {
      tlsService.uptane(uptane);
      tlsService.provisionFrom(new TestVehicleCa("CN=CLI Test CA"), "ft_roots");
      byte[] image = bytes(10_000, 8);
      tlsService.assign(List.of(download(ADAS, "/adas-roots.bin", image, image, "3.1.0")));
      String[] run = {"run", "--endpoint", "127.0.0.1:" + tlsService.port(), "--server-ca", serverCa.toString(), "--vin", VIN,
          "--state-dir", state.toString(), "--ecu", "ADAS-0001:adas-main:adas-v3", "--factory-token", "ft_roots", "--once"};

      String[] oneRoot = Arrays.copyOf(run, run.length + 2);
      oneRoot[run.length] = "--image-root";
      oneRoot[run.length + 1] = Files.write(repositories.resolve("image-root.json"), uptane.roots().image()).toString();
      assertThat(VehicleAgentCli.run(oneRoot)).as("--image-root without --director-root").isEqualTo(2);
      assertThat(tlsService.provisionRequests()).as("refused before the token is spent").isEmpty();

      assertThat(VehicleAgentCli.run(run)).as("provisioned, then verified the update against the roots provisioning gave").isZero();
      assertThat(phases(tlsService.events(VIN))).last().isEqualTo(UpdatePhase.UPDATE_PHASE_SUCCEEDED);
      VehicleCredentials stored = VehicleCredentials.load(state).orElseThrow();
      assertThat(stored.directorRoot()).isEqualTo(uptane.roots().director());
      assertThat(stored.imageRoot()).isEqualTo(uptane.roots().image());
    }
  }

  @Test
  void theCliProvisionsOnceThenRunsCyclesOverTls() throws Exception {
    TestVehicleCa.ServerTls tls = TestVehicleCa.serverTls();
    Path serverCa = Files.writeString(state.resolve("server-ca.pem"), tls.certificatePem());
    Path imageRoot = Files.write(repositories.resolve("image-root.json"), uptane.roots().image());
    Path directorRoot = Files.write(repositories.resolve("director-root.json"), uptane.roots().director());
    try (TestVehicleService tlsService = new TestVehicleService(tls.certificatePem(), tls.privateKeyPem())) {
      tlsService.uptane(uptane);
      tlsService.provisionFrom(new TestVehicleCa("CN=CLI Test CA"), "ft_once");
      byte[] image = bytes(10_000, 6);
      tlsService.assign(List.of(download(ADAS, "/adas.bin", image, image, "3.0.0")));
      String[] run = {"run", "--endpoint", "127.0.0.1:" + tlsService.port(), "--server-ca", serverCa.toString(), "--vin", VIN,
          "--state-dir", state.toString(), "--ecu", "ADAS-0001:adas-main:adas-v3", "--attr", "model=SU7",
          "--image-root", imageRoot.toString(), "--director-root", directorRoot.toString(), "--once"};

      assertThat(VehicleAgentCli.run(run)).as("no certificate and no factory token").isEqualTo(2);
      String[] provisioning = Arrays.copyOf(run, run.length + 2);
      provisioning[run.length] = "--factory-token";
      provisioning[run.length + 1] = "ft_wrong";
      assertThat(VehicleAgentCli.run(provisioning)).as("refused factory token").isEqualTo(4);
      provisioning[run.length + 1] = "ft_once";
      assertThat(VehicleAgentCli.run(provisioning)).isZero();

      assertThat(VehicleCredentials.load(state)).hasValueSatisfying(c -> assertThat(c.certificatePem()).contains("BEGIN CERTIFICATE"));
      assertThat(phases(tlsService.events(VIN))).last().isEqualTo(UpdatePhase.UPDATE_PHASE_SUCCEEDED);
      assertThat(tlsService.checkIns(VIN).get(0).getAttributesMap()).containsEntry("model", "SU7");
      // the stored certificate serves from now on; no token needed
      assertThat(VehicleAgentCli.run(run)).isZero();
      assertThat(tlsService.checkIns(VIN)).hasSize(2);

      // re-provisioning spends a new token on a new key pair and certificate, and registers the ECU keys again
      String before = VehicleCredentials.load(state).orElseThrow().certificatePem();
      String[] reprovisionWithoutToken = Arrays.copyOf(run, run.length + 1);
      reprovisionWithoutToken[run.length] = "--reprovision";
      assertThat(VehicleAgentCli.run(reprovisionWithoutToken)).as("--reprovision without a token").isEqualTo(2);
      tlsService.provisionFrom(new TestVehicleCa("CN=CLI Test CA"), "ft_again");
      String[] reprovisioning = Arrays.copyOf(provisioning, provisioning.length + 1);
      reprovisioning[provisioning.length - 1] = "ft_again";
      reprovisioning[provisioning.length] = "--reprovision";
      assertThat(VehicleAgentCli.run(reprovisioning)).isZero();
      String after = VehicleCredentials.load(state).orElseThrow().certificatePem();
      assertThat(after).contains("BEGIN CERTIFICATE").isNotEqualTo(before);
      assertThat(tlsService.provisionRequests()).last().satisfies(r -> {
        assertThat(r.getFactoryToken()).isEqualTo("ft_again");
        assertThat(r.getEcuKeysList()).extracting(k -> k.getEcuSerial()).containsExactly("ADAS-0001");
      });
      // a second run with the spent token is refused and keeps the new certificate
      assertThat(VehicleAgentCli.run(reprovisioning)).isEqualTo(4);
      assertThat(VehicleCredentials.load(state).orElseThrow().certificatePem()).isEqualTo(after);
      assertThat(tlsService.checkIns(VIN)).hasSize(3);
    }
  }
}
