package com.otaplatform.agent.testing;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.ProvisionVehicleRequest;
import com.otaplatform.vehicle.v1.ProvisionVehicleResponse;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.ReportStatusResponse;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdateAssignment;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleManifest;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A small VehicleService peer for tests, served by a real grpc-java server on 127.0.0.1 (ephemeral
 * port). It hands every vehicle one assignment (the configured downloads, correlation id
 * {@code corr-<VIN>}) until the vehicle reports a final phase for it, records check-ins and
 * events (de-duplicated by event id), and can refuse ReportStatus with UNAVAILABLE a number of times. It provisions
 * with one factory token, as checkin-service does, and can lose the answers of provisioning calls.
 */
public final class TestVehicleService extends VehicleServiceGrpc.VehicleServiceImplBase implements AutoCloseable {
  public static final String ROLLOUT = "rollouts/test-rollout";

  private final Server server;
  private final ManagedChannel channel;
  private volatile Function<List<EcuVersionReport>, List<TargetDownload>> assignments = reports -> List.of();
  private final Map<String, List<StatusEvent>> eventsByVin = new ConcurrentHashMap<>();
  private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final Map<String, String> lastNonceIssued = new ConcurrentHashMap<>();
  private final List<String> nonceErrors = new CopyOnWriteArrayList<>();
  private final Map<String, List<CheckInRequest>> checkIns = new ConcurrentHashMap<>();
  private final AtomicInteger reportFailuresLeft = new AtomicInteger();
  private final AtomicInteger checkInFailuresLeft = new AtomicInteger();
  private volatile Status.Code checkInFailure = Status.Code.OK;
  private final AtomicInteger reportCalls = new AtomicInteger();
  private final AtomicLong nonces = new AtomicLong();
  private volatile long nextPollMillis = 1000;
  private volatile TestVehicleCa provisioning;
  private volatile String factoryToken;
  private final AtomicInteger provisionAnswersToLose = new AtomicInteger();
  private final List<ProvisionVehicleRequest> provisionRequests = new CopyOnWriteArrayList<>();
  private ProvisionVehicleRequest spentOn;
  private byte[] spentCsrKey;
  private String certificate;
  private volatile TestUptane uptane;
  private volatile boolean refuseStaleNonces;

  public TestVehicleService() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(this)
        .build()
        .start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  /**
   * Over TLS with this PEM server certificate and key, as checkin-service's vehicle port; client certificates are not
   * checked here (checkin-service's own tests do that). {@link #channel()} is then a TLS channel without one.
   */
  public TestVehicleService(String certificatePem, String privateKeyPem) throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TlsServerCredentials.create(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(privateKeyPem.getBytes(StandardCharsets.US_ASCII))))
        .addService(this)
        .build()
        .start();
    channel = VehicleChannels.provisioning("127.0.0.1:" + server.getPort(), certificatePem);
  }

  public int port() {
    return server.getPort();
  }

  /** A client channel to this server. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Every vehicle gets these downloads (ECU serials as given). */
  public void assign(List<TargetDownload> downloads) {
    List<TargetDownload> copy = List.copyOf(downloads);
    this.assignments = reports -> copy;
  }

  /**
   * Every vehicle gets {@code template} for each of its ECUs with this hardware id, the template's
   * ecu_serial replaced by the ECU's serial from the manifest.
   */
  public void assignByHardwareId(String hardwareId, TargetDownload template) {
    this.assignments = reports -> reports.stream()
        .filter(r -> r.getHardwareId().equals(hardwareId))
        .map(r -> template.toBuilder().setEcuSerial(r.getEcuSerial()).build())
        .toList();
  }

  /** Answers check-ins with these repositories' URLs, and signs each vehicle's director targets for its assignment. */
  public void uptane(TestUptane repositories) {
    this.uptane = repositories;
  }

  public void failNextReports(int times) {
    reportFailuresLeft.set(times);
  }

  /**
   * The next {@code times} check-ins are done (a nonce issued, the assignment made) and then answered with {@code code}
   * instead, as by a server that dies before its answer leaves.
   */
  public void failNextCheckInsAfterTheWork(Status.Code code, int times) {
    checkInFailure = code;
    checkInFailuresLeft.set(times);
  }

  /** From now on a manifest with another nonce than the one issued last is refused, as checkin-service refuses it. */
  public void refuseStaleNonces() {
    refuseStaleNonces = true;
  }

  /** Issues {@code vin} a new nonce that the vehicle never gets, as when a check-in's answer is lost. */
  public void loseNonce(String vin) {
    lastNonceIssued.put(vin, "nonce-" + nonces.incrementAndGet());
  }

  public void nextPoll(long millis) {
    this.nextPollMillis = millis;
  }

  public static String correlationId(String vin) {
    return "corr-" + vin;
  }

  /** Issues a certificate from this CA to the ProvisionVehicle call that spends {@code factoryToken} (a new, unspent token). */
  public synchronized void provisionFrom(TestVehicleCa ca, String factoryToken) {
    this.provisioning = ca;
    this.factoryToken = factoryToken;
    this.spentOn = null;
  }

  /**
   * The next {@code times} ProvisionVehicle calls spend the token and then lose their answer (UNAVAILABLE), as when the
   * replica dies after its commit.
   */
  public void loseNextProvisionAnswers(int times) {
    provisionAnswersToLose.set(times);
  }

  /** The ProvisionVehicle requests received, in order. */
  public List<ProvisionVehicleRequest> provisionRequests() {
    return List.copyOf(provisionRequests);
  }

  /**
   * As checkin-service: the factory token buys one certificate; the same request again (the same CSR key and ECU
   * keys) gets that certificate again, any other is refused.
   */
  @Override
  public synchronized void provisionVehicle(ProvisionVehicleRequest request, StreamObserver<ProvisionVehicleResponse> response) {
    provisionRequests.add(request);
    if (provisioning == null || !request.getFactoryToken().equals(factoryToken)) {
      response.onError(Status.PERMISSION_DENIED.withDescription("factory_token: not this test's").asRuntimeException());
      return;
    }
    ProvisionVehicleRequest withoutCsr = request.toBuilder().clearCsrPem().build();
    if (spentOn == null) {
      spentOn = withoutCsr;
      spentCsrKey = csrKey(request.getCsrPem());
      certificate = provisioning.issue(request.getVin(), request.getCsrPem());
    } else if (!spentOn.equals(withoutCsr) || !Arrays.equals(spentCsrKey, csrKey(request.getCsrPem()))) {
      response.onError(Status.PERMISSION_DENIED.withDescription("factory_token: was used already").asRuntimeException());
      return;
    }
    if (provisionAnswersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      response.onError(Status.UNAVAILABLE.withDescription("test: the answer was lost").asRuntimeException());
      return;
    }
    ProvisionVehicleResponse.Builder answer = ProvisionVehicleResponse.newBuilder().setCertificatePem(certificate)
        .setCaChainPem(provisioning.chainPem());
    TestUptane repositories = uptane;
    if (repositories != null) {
      // as checkin-service: the roots to trust first come with the certificate
      answer.setImageRoot(ByteString.copyFrom(repositories.roots().image())).setDirectorRoot(ByteString.copyFrom(repositories.roots().director()));
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  private static byte[] csrKey(String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      return ((PKCS10CertificationRequest) parser.readObject()).getSubjectPublicKeyInfo().getEncoded();
    } catch (IOException e) {
      throw new IllegalArgumentException("csr_pem: unreadable", e);
    }
  }

  @Override
  public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> response) {
    VehicleManifest manifest;
    List<EcuVersionReport> reports = new ArrayList<>();
    try {
      manifest = VehicleManifest.parseFrom(request.getManifest().getManifest());
      String expectedNonce = lastNonceIssued.getOrDefault(manifest.getVin(), "");
      for (SignedEcuVersionReport signed : manifest.getEcuReportsList()) {
        EcuVersionReport report = EcuVersionReport.parseFrom(signed.getReport());
        reports.add(report);
        if (!report.getNonce().equals(expectedNonce)) {
          nonceErrors.add(manifest.getVin() + ": got nonce '" + report.getNonce() + "', issued '" + expectedNonce + "'");
          if (refuseStaleNonces) {
            // as checkin-service refuses it: FAILED_PRECONDITION, ErrorInfo REUSED_NONCE naming the current nonce
            response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("manifest.ecu_reports[0].nonce: is not the nonce issued")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("REUSED_NONCE").setDomain("ota.vehicle.v1")
                    .putMetadata("field", "manifest.ecu_reports[0].nonce").putMetadata("nonce", expectedNonce).build()))
                .build()));
            return;
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("bad manifest").asRuntimeException());
      return;
    }
    String vin = manifest.getVin();
    checkIns.computeIfAbsent(vin, v -> new CopyOnWriteArrayList<>()).add(request);
    String nonce = "nonce-" + nonces.incrementAndGet();
    lastNonceIssued.put(vin, nonce);
    CheckInResponse.Builder out = CheckInResponse.newBuilder()
        .setNonce(nonce)
        .setNextPoll(com.google.protobuf.Duration.newBuilder()
            .setSeconds(nextPollMillis / 1000).setNanos((int) (nextPollMillis % 1000) * 1_000_000));
    List<TargetDownload> downloads = finished.contains(vin) ? List.of() : assignments.apply(reports);
    if (!downloads.isEmpty()) {
      out.setAssignment(UpdateAssignment.newBuilder()
          .setRollout(ROLLOUT)
          .setCorrelationId(correlationId(vin))
          .addAllDownloads(downloads));
    }
    TestUptane repositories = uptane;
    if (repositories != null) {
      Map<String, String> hardwareIds = new java.util.HashMap<>();
      reports.forEach(r -> hardwareIds.put(r.getEcuSerial(), r.getHardwareId()));
      repositories.direct(vin, downloads, hardwareIds);
      out.setImageRepositoryUrl(repositories.imageUrl()).setDirectorRepositoryUrl(repositories.directorUrl(vin));
    }
    if (checkInFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      response.onError(checkInFailure.toStatus().withDescription("test: the answer is lost").asRuntimeException());
      return;
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void reportStatus(ReportStatusRequest request, StreamObserver<ReportStatusResponse> response) {
    reportCalls.incrementAndGet();
    if (reportFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      response.onError(Status.UNAVAILABLE.withDescription("test: status store down").asRuntimeException());
      return;
    }
    List<StatusEvent> events = eventsByVin.computeIfAbsent(request.getVin(), v -> new CopyOnWriteArrayList<>());
    ReportStatusResponse.Builder out = ReportStatusResponse.newBuilder();
    for (StatusEvent e : request.getEventsList()) {
      if (eventIds.add(e.getEventId())) {
        events.add(e);
      }
      if (isFinal(e.getPhase())) {
        finished.add(request.getVin());
      }
      out.addAcknowledgedEventIds(e.getEventId());
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  public static boolean isFinal(UpdatePhase phase) {
    return phase == UpdatePhase.UPDATE_PHASE_SUCCEEDED || phase == UpdatePhase.UPDATE_PHASE_FAILED
        || phase == UpdatePhase.UPDATE_PHASE_ROLLED_BACK;
  }

  /** Events received from a vehicle (each event id once), in arrival order. */
  public List<StatusEvent> events(String vin) {
    return List.copyOf(eventsByVin.getOrDefault(vin, List.of()));
  }

  public Set<String> vinsWithEvents() {
    return eventsByVin.keySet();
  }

  public List<CheckInRequest> checkIns(String vin) {
    return checkIns.getOrDefault(vin, List.of());
  }

  public int reportCalls() {
    return reportCalls.get();
  }

  public List<String> nonceErrors() {
    return List.copyOf(nonceErrors);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
