package com.otaplatform.agent;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.InstallConstraints;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdateAssignment;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleConditions;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import com.otaplatform.tuf.client.UpdaterConfig;
import com.otaplatform.tuf.uptane.Ecu;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The update client of one vehicle. One {@link #runCycle() cycle}: check in with the vehicle
 * manifest, apply the assignment if there is one (download every image, verify all, install all
 * or none, A/B with rollback), queue the status events durably, and flush the queue with
 * ReportStatus. Returns when to run the next cycle.
 *
 * <p>Before anything is downloaded, the assignment passes full Uptane verification against the
 * vehicle's {@link TrustedRoots} ({@link UptaneCheck}); a refused update is reported with the
 * verifier's error code and the running slots stay as they are. An agent built without trusted
 * roots refuses every assignment ({@code NOT_INITIALIZED}).
 *
 * <p>Each ECU version report is signed by its ECU's key and the manifest by the primary ECU's key ({@link EcuKeys},
 * read at the first check-in, made then if provisioning did not make them); the reports carry the nonce of the
 * previous check-in.
 *
 * <p>A {@code VehicleAgent} is not meant to run two cycles at once; different agents may share
 * one gRPC channel and one {@link HttpClient}.
 */
public final class VehicleAgent {
  private static final System.Logger LOG = System.getLogger(VehicleAgent.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  private static final String REUSED_NONCE = "REUSED_NONCE";

  private final VehicleIdentity identity;
  private final Path stateDir;
  private final VehicleServiceGrpc.VehicleServiceBlockingStub stub;
  private final ImageSource images;
  private final SlotInstaller installer;
  private final EventQueue queue;
  private final Clock clock;
  private final Duration rpcDeadline;
  private final Duration defaultPoll;
  private final Backoff checkInBackoff;
  private final Backoff reportBackoff;
  private final Supplier<VehicleConditions> conditions;
  private final boolean sync;
  private final UptaneCheck uptane;
  /** Read (or made) at the first check-in, not when the agent is built: a simulator builds thousands of agents at once. */
  private EcuKeys ecuKeys;

  private VehicleAgent(Builder b) throws IOException {
    this.identity = b.identity;
    this.stateDir = b.stateDir;
    this.stub = VehicleServiceGrpc.newBlockingStub(b.channel);
    Files.createDirectories(stateDir);
    HttpClient http = b.httpClient != null ? b.httpClient : ImageDownloader.newHttpClient();
    this.images = b.imageSourceWrapper.apply(b.imageSource != null ? b.imageSource
        : new ImageDownloader(http, stateDir.resolve("downloads"), b.stallTimeout, b.downloadAttempts, b.retryDelay));
    this.sync = b.fsync;
    ImageWriter writer = b.imageWriter != null ? b.imageWriter : ImageWriter.copying(b.fsync);
    this.installer = new SlotInstaller(stateDir, writer, b.bootCheck, b.fsync);
    this.queue = EventQueue.open(stateDir.resolve("events"), b.fsync);
    this.clock = b.clock;
    this.rpcDeadline = b.rpcDeadline;
    this.defaultPoll = b.defaultPoll;
    this.checkInBackoff = new Backoff(b.backoffBase, b.backoffMax, b.random);
    this.reportBackoff = new Backoff(b.backoffBase, b.backoffMax, b.random);
    this.conditions = b.conditions;
    this.uptane = b.trustedRoots == null ? null
        : new UptaneCheck(b.trustedRoots, stateDir, UpdaterConfig.defaults().withSlowRetrievalGuard(b.stallTimeout, 1024, b.stallTimeout), b.clock);
  }

  public static Builder builder(VehicleIdentity identity, Path stateDir, Channel channel) {
    return new Builder(identity, stateDir, channel);
  }

  public VehicleIdentity identity() {
    return identity;
  }

  public EventQueue eventQueue() {
    return queue;
  }

  public SlotInstaller installer() {
    return installer;
  }

  /** Runs one check-in cycle. Never throws for server or network trouble: see the result. */
  public CycleResult runCycle() {
    CheckInResponse response;
    try {
      response = checkIn();
      checkInBackoff.reset();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      Duration delay = Retry.retryable(code) ? checkInBackoff.next() : defaultPoll;
      LOG.log(Level.WARNING, "{0}: check-in failed with {1}: {2}; next try in {3} ms",
          identity.vin(), code, e.getStatus().getDescription(), delay.toMillis());
      return new CycleResult(false, code, CycleResult.UpdateOutcome.NONE, "", "", 0, pendingQuietly(), delay);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vehicle state in " + stateDir, e);
    }
    writeNonce(response.getNonce());

    CycleResult.UpdateOutcome outcome = CycleResult.UpdateOutcome.NONE;
    String correlationId = "";
    String errorCode = "";
    if (response.hasAssignment() && response.getAssignment().getDownloadsCount() > 0) {
      UpdateAssignment assignment = response.getAssignment();
      correlationId = assignment.getCorrelationId();
      if (handledOutcome(correlationId) != null) {
        outcome = CycleResult.UpdateOutcome.ALREADY_HANDLED;
      } else if (!constraintsMet(assignment.getConstraints())) {
        LOG.log(Level.INFO, "{0}: install constraints of {1} not met; deferring", identity.vin(), correlationId);
        outcome = CycleResult.UpdateOutcome.DEFERRED;
      } else {
        String[] error = new String[1];
        outcome = apply(response, error);
        errorCode = error[0] == null ? "" : error[0];
        if (outcome != CycleResult.UpdateOutcome.DEFERRED) {
          markHandled(correlationId, outcome);
        }
      }
    }

    int delivered = 0;
    Duration nextDelay = response.hasNextPoll() && (response.getNextPoll().getSeconds() > 0 || response.getNextPoll().getNanos() > 0)
        ? Duration.ofSeconds(response.getNextPoll().getSeconds(), response.getNextPoll().getNanos())
        : defaultPoll;
    try {
      delivered = flushEvents();
      reportBackoff.reset();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      LOG.log(Level.WARNING, "{0}: ReportStatus failed with {1}; events stay queued", identity.vin(), code);
      if (Retry.retryable(code)) {
        Duration retry = reportBackoff.next();
        if (retry.compareTo(nextDelay) < 0) {
          nextDelay = retry;
        }
      }
    }
    return new CycleResult(true, Status.Code.OK, outcome, correlationId, errorCode, delivered, pendingQuietly(), nextDelay);
  }

  /**
   * CheckIn with the stored nonce. When the server refuses that nonce (the vehicle lost the one it was given last, for
   * example by a crash before storing it), the refusal names the current one: stored, the manifest is signed again
   * with it and sent once more.
   */
  private CheckInResponse checkIn() throws IOException {
    try {
      return stub.withDeadlineAfter(rpcDeadline.toMillis(), TimeUnit.MILLISECONDS).checkIn(checkInRequest());
    } catch (StatusRuntimeException e) {
      String current = currentNonce(e);
      if (current == null) {
        throw e;
      }
      LOG.log(Level.INFO, "{0}: the server refused the stored nonce; checking in again with its current one", identity.vin());
      writeNonce(current);
      return stub.withDeadlineAfter(rpcDeadline.toMillis(), TimeUnit.MILLISECONDS).checkIn(checkInRequest());
    }
  }

  /** The nonce a REUSED_NONCE refusal names, or null for any other failure. */
  private static String currentNonce(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
      return null;
    }
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details == null) {
      return null;
    }
    for (Any detail : details.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (REUSED_NONCE.equals(info.getReason()) && info.containsMetadata("nonce")) {
            return info.getMetadataOrThrow("nonce");
          }
        } catch (InvalidProtocolBufferException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  /** Sends queued status events; returns how many the server acknowledged. */
  public int flushEvents() {
    try {
      return queue.drain(identity.vin(),
          request -> stub.withDeadlineAfter(rpcDeadline.toMillis(), TimeUnit.MILLISECONDS).reportStatus(request));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event queue", e);
    }
  }

  /** The request sent by CheckIn: the manifest signed by the ECUs' keys, plus attributes and conditions. */
  CheckInRequest checkInRequest() throws IOException {
    String nonce = readNonce();
    Timestamp now = timestamp(clock.instant());
    List<EcuVersionReport> reports = new ArrayList<>();
    for (EcuConfig ecu : identity.ecus()) {
      EcuVersionReport.Builder report = EcuVersionReport.newBuilder()
          .setEcuSerial(ecu.serial())
          .setEcu(ecu.ecu())
          .setHardwareId(ecu.hardwareId())
          .setNonce(nonce)
          .setReportTime(now);
      installer.installed(ecu.serial()).ifPresent(img -> report
          .setInstalledTarget(img.targetName())
          .setInstalledVersion(img.version())
          .setInstalledDigests(img.digests()));
      reports.add(report.build());
    }
    return CheckInRequest.newBuilder()
        .setManifest(ecuKeys().signedManifest(identity.vin(), reports))
        .putAllAttributes(identity.attributes())
        .setConditions(conditions.get())
        .build();
  }

  private CycleResult.UpdateOutcome apply(CheckInResponse response, String[] errorOut) {
    UpdateAssignment a = response.getAssignment();
    String corr = a.getCorrelationId();
    List<UptaneCheck.Verified> verified;
    try {
      Set<String> seen = new HashSet<>();
      for (TargetDownload d : a.getDownloadsList()) {
        if (identity.ecu(d.getEcuSerial()).isEmpty() || !seen.add(d.getEcuSerial())) {
          throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT,
              (identity.ecu(d.getEcuSerial()).isEmpty() ? "unknown ECU serial '" : "two images for ECU '") + d.getEcuSerial() + "'");
        }
      }
      verified = verify(response);
    } catch (UpdateException e) {
      if (e.isTransient()) {
        LOG.log(Level.WARNING, "{0}: cannot verify {1} yet ({2}); trying again next cycle", identity.vin(), corr, e.getMessage());
        return CycleResult.UpdateOutcome.DEFERRED;
      }
      return fail(a, "", e, List.of(), errorOut);
    }
    LOG.log(Level.INFO, "{0}: applying {1} ({2}), {3} image(s)", identity.vin(), corr, a.getRollout(), a.getDownloadsCount());
    emit(a, UpdatePhase.UPDATE_PHASE_DOWNLOADING, "", "", "downloading " + a.getDownloadsCount() + " image(s)");

    List<SlotInstaller.Plan> plans = new ArrayList<>();
    List<Path> downloaded = new ArrayList<>();
    try {
      for (UptaneCheck.Verified image : verified) {
        TargetDownload d = image.download();
        Path file;
        try {
          file = images.fetch(d);
        } catch (UpdateException e) {
          throw new TaggedFailure(d.getEcuSerial(), e);
        }
        downloaded.add(file);
        plans.add(new SlotInstaller.Plan(identity.ecu(d.getEcuSerial()).orElseThrow(), file,
            new InstalledImage(d.getTargetName(), d.getVersion(), d.getDigests(), image.releaseCounter())));
      }
    } catch (TaggedFailure f) {
      return fail(a, f.ecuSerial, f.failure, downloaded, errorOut);
    }
    emit(a, UpdatePhase.UPDATE_PHASE_VERIFIED, "", "", "Uptane metadata verified; all images match their signed length and digests");
    emit(a, UpdatePhase.UPDATE_PHASE_INSTALLING, "", "", "writing inactive slots");

    SlotInstaller.Result result = installer.installAll(plans);
    deleteAll(downloaded);
    switch (result.outcome()) {
      case SUCCEEDED:
        emit(a, UpdatePhase.UPDATE_PHASE_SUCCEEDED, "", "", "installed and booted");
        return CycleResult.UpdateOutcome.SUCCEEDED;
      case ROLLED_BACK:
        errorOut[0] = result.errorCode();
        emit(a, UpdatePhase.UPDATE_PHASE_ROLLED_BACK, result.ecuSerial(), result.errorCode(), result.message());
        return CycleResult.UpdateOutcome.ROLLED_BACK;
      default:
        errorOut[0] = result.errorCode();
        emit(a, UpdatePhase.UPDATE_PHASE_FAILED, result.ecuSerial(), result.errorCode(), result.message());
        return CycleResult.UpdateOutcome.FAILED;
    }
  }

  /** The assignment checked against the director's and the image repository's signed metadata. */
  private List<UptaneCheck.Verified> verify(CheckInResponse response) throws UpdateException {
    if (uptane == null) {
      throw new UpdateException(com.otaplatform.tuf.ErrorCode.NOT_INITIALIZED.name(),
          "this agent has no trusted roots: it installs nothing it cannot verify");
    }
    List<Ecu> ecus = new ArrayList<>();
    try {
      for (EcuConfig ecu : identity.ecus()) {
        ecus.add(new Ecu(ecu.serial(), ecu.hardwareId(),
            installer.installed(ecu.serial()).map(InstalledImage::releaseCounter).orElse(0L)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the installed slots", e);
    }
    return uptane.verify(response.getDirectorRepositoryUrl(), response.getImageRepositoryUrl(), response.getAssignment(), ecus);
  }

  private CycleResult.UpdateOutcome fail(UpdateAssignment a, String ecuSerial, UpdateException e, List<Path> downloaded,
      String[] errorOut) {
    LOG.log(Level.WARNING, "{0}: update {1} failed: {2} {3}", identity.vin(), a.getCorrelationId(), e.errorCode(), e.getMessage());
    // Install all or none: images already verified are not installed and not kept.
    deleteAll(downloaded);
    errorOut[0] = e.errorCode();
    emit(a, UpdatePhase.UPDATE_PHASE_FAILED, ecuSerial, e.errorCode(), e.getMessage());
    return CycleResult.UpdateOutcome.FAILED;
  }

  private void emit(UpdateAssignment a, UpdatePhase phase, String ecuSerial, String errorCode, String message) {
    StatusEvent event = StatusEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRollout(a.getRollout())
        .setCorrelationId(a.getCorrelationId())
        .setPhase(phase)
        .setEcuSerial(ecuSerial)
        .setErrorCode(errorCode)
        .setMessage(message == null ? "" : message)
        .setOccurTime(timestamp(clock.instant()))
        .build();
    try {
      queue.append(event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot queue a status event", e);
    }
  }

  private boolean constraintsMet(InstallConstraints c) {
    VehicleConditions now = conditions.get();
    return (!c.getRequireParked() || now.getParked())
        && now.getBatteryPercent() >= c.getMinBatteryPercent()
        && (!c.getWifiOnly() || now.getOnWifi())
        && InstallWindows.open(c.getMaintenanceWindowsList(), clock.instant());
  }

  // --- small pieces of persistent state -------------------------------------------------------

  private EcuKeys ecuKeys() throws IOException {
    if (ecuKeys == null) {
      ecuKeys = EcuKeys.loadOrCreate(stateDir, identity, sync);
    }
    return ecuKeys;
  }

  private String readNonce() throws IOException {
    Path file = stateDir.resolve("nonce");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
  }

  private void writeNonce(String nonce) {
    try {
      AtomicFiles.write(stateDir.resolve("nonce"), nonce.getBytes(StandardCharsets.UTF_8), sync);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the nonce", e);
    }
  }

  private Path handledMarker(String correlationId) {
    return stateDir.resolve("assignments").resolve(sha256Hex(correlationId));
  }

  /** The final outcome recorded for this correlation id, or null. */
  private String handledOutcome(String correlationId) {
    Path marker = handledMarker(correlationId);
    try {
      return Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void markHandled(String correlationId, CycleResult.UpdateOutcome outcome) {
    try {
      AtomicFiles.write(handledMarker(correlationId), (outcome.name() + "\n" + correlationId).getBytes(StandardCharsets.UTF_8), sync);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the assignment outcome", e);
    }
  }

  private int pendingQuietly() {
    try {
      return queue.size();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deleteAll(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // best effort: a stale verified file is re-verified before reuse
      }
    }
  }

  static ByteString deterministic(Message message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.getSerializedSize());
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private static String sha256Hex(String s) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An UpdateException tagged with the ECU whose image failed. */
  private static final class TaggedFailure extends Exception {
    final String ecuSerial;
    final UpdateException failure;

    TaggedFailure(String ecuSerial, UpdateException failure) {
      super(failure.getMessage(), failure, false, false);
      this.ecuSerial = ecuSerial;
      this.failure = failure;
    }
  }

  /** Configures a {@link VehicleAgent}; everything but identity, state dir and channel has a default. */
  public static final class Builder {
    private final VehicleIdentity identity;
    private final Path stateDir;
    private final Channel channel;
    private HttpClient httpClient;
    private ImageSource imageSource;
    private UnaryOperator<ImageSource> imageSourceWrapper = UnaryOperator.identity();
    private ImageWriter imageWriter;
    private boolean fsync = true;
    private BootCheck bootCheck = BootCheck.passing();
    private Clock clock = Clock.systemUTC();
    private Duration rpcDeadline = Duration.ofSeconds(30);
    private Duration defaultPoll = Duration.ofMinutes(5);
    private Duration stallTimeout = Duration.ofSeconds(30);
    private int downloadAttempts = 3;
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(5);
    private Random random = new Random();
    private TrustedRoots trustedRoots;
    private Supplier<VehicleConditions> conditions =
        () -> VehicleConditions.newBuilder().setParked(true).setBatteryPercent(100).setOnWifi(true).build();

    private Builder(VehicleIdentity identity, Path stateDir, Channel channel) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
      this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The HTTP client for downloads (share one across agents); ignored with {@link #imageSource}. */
    public Builder httpClient(HttpClient v) { this.httpClient = v; return this; }

    /** Replaces the downloader, for example to wrap it with fault injection. */
    public Builder imageSource(ImageSource v) { this.imageSource = v; return this; }

    /** Wraps the default {@link ImageDownloader} (or the configured source), for example with fault injection. */
    public Builder wrapImageSource(UnaryOperator<ImageSource> v) { this.imageSourceWrapper = v; return this; }

    public Builder imageWriter(ImageWriter v) { this.imageWriter = v; return this; }
    /**
     * Whether state writes (event queue, slots, nonce) are fsynced; on by default. Simulations of
     * thousands of vehicles on one disk turn it off: writes stay atomic, only power-loss durability goes.
     */
    public Builder fsync(boolean v) { this.fsync = v; return this; }
    public Builder bootCheck(BootCheck v) { this.bootCheck = v; return this; }
    public Builder clock(Clock v) { this.clock = v; return this; }
    public Builder rpcDeadline(Duration v) { this.rpcDeadline = v; return this; }
    /** Delay used when the server gives no next_poll or refuses a check-in for good. */
    public Builder defaultPoll(Duration v) { this.defaultPoll = v; return this; }
    public Builder stallTimeout(Duration v) { this.stallTimeout = v; return this; }
    public Builder downloadAttempts(int v) { this.downloadAttempts = v; return this; }
    public Builder downloadRetryDelay(Duration v) { this.retryDelay = v; return this; }
    public Builder backoff(Duration base, Duration max) { this.backoffBase = base; this.backoffMax = max; return this; }
    public Builder random(Random v) { this.random = v; return this; }
    /** The vehicle's current conditions (parked, battery, Wi-Fi); the default is parked, 100 %, Wi-Fi. */
    public Builder conditions(Supplier<VehicleConditions> v) { this.conditions = v; return this; }
    /** The image and director root metadata the vehicle trusts; without them every assignment is refused. */
    public Builder trustedRoots(TrustedRoots v) { this.trustedRoots = v; return this; }

    public VehicleAgent build() throws IOException {
      return new VehicleAgent(this);
    }
  }
}
