package com.otaplatform.checkin;

import com.otaplatform.checkin.client.LiveRolloutView;
import com.otaplatform.checkin.config.CheckinConfig;
import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/** Check-in: verifies and records what a vehicle runs and decides, from the live rollouts, what it should run. */
@ApplicationScoped
public class CheckInManagement {
    private static final Logger LOG = Logger.getLogger(CheckInManagement.class);
    private final Database db;
    private final VehicleRepository vehicles;
    private final LiveRolloutView liveRollouts;
    private final DownloadUrls downloadUrls;
    private final CheckinConfig config;
    private final DirectorManagement director;

    CheckInManagement(AgroalDataSource dataSource, VehicleRepository vehicles, LiveRolloutView liveRollouts, DownloadUrls downloadUrls,
            CheckinConfig config, DirectorManagement director) {
        this.db = new Database(dataSource);
        this.vehicles = vehicles;
        this.liveRollouts = liveRollouts;
        this.downloadUrls = downloadUrls;
        this.config = config;
        this.director = director;
    }

    /**
     * Records the vehicle's report and returns its assignment, if a live rollout reaches it, with the director
     * metadata that lists the assignment's images (signed only when they changed), and the nonce its next manifest
     * must answer. A vehicle without an assignment costs the director nothing: a vehicle only reads director metadata
     * to verify an assignment.
     *
     * <p>The manifest must be signed by the keys the vehicle registered at provisioning and answer the nonce issued
     * last; otherwise it is refused ({@link ManifestRefusal}), logged, and nothing is recorded. A REUSED_NONCE refusal
     * of a validly signed manifest names the current nonce, so that a vehicle that lost it (a crash after the server
     * issued it) recovers: the nonce is a challenge, not a secret, and only the vehicle's ECU keys can sign an answer.
     */
    public CheckIn checkIn(Vehicle reported, SignedManifest manifest, String certificateSerial) {
        String nextNonce = UUID.randomUUID().toString();
        try {
            return db.inTransaction(c -> {
                // one statement on the hot path: checks the certificate, spends the nonce, upserts the vehicle (keeping
                // created_at) and reads its keys; a refusal below rolls both writes back
                Optional<VehicleRepository.Recorded> recorded = vehicles.recordManifest(c, reported, certificateSerial, manifest.nonce(), nextNonce);
                if (recorded.isEmpty()) {
                    throw refusal(c, manifest, certificateSerial);
                }
                ManifestVerification.verifySignatures(recorded.get().keys(), manifest);
                ManifestVerification.requireNonce(manifest, manifest.nonce());
                // rollouts select by the attributes stored, where those the vehicle was registered with win over its report
                Optional<Assignment> assignment = assignment(c, reported.withAttributes(recorded.get().attributes()));
                return new CheckIn(assignment, assignment.isEmpty() ? Optional.empty()
                        : Optional.of(director.forVehicle(c, reported.vin(), assignment.get().downloads())), nextNonce);
            });
        } catch (ManifestRefusal e) {
            LOG.warnf("refused the manifest of %s: %s %s", reported.vin(), e.reason(), e.getMessage());
            throw e;
        }
    }

    /**
     * Why a manifest that recorded nothing is refused (thrown or returned): a certificate that is not the vehicle's
     * current one, no keys, bad signatures, or, signed well, a stale nonce.
     */
    private ManifestRefusal refusal(Connection c, SignedManifest manifest, String certificateSerial) throws SQLException {
        var pinned = vehicles.pinned(c, manifest.vin());
        requireCurrentCertificate(manifest.vin(), certificateSerial, pinned.map(VehicleRepository.Pinned::certificateSerial));
        if (pinned.get().keys() == null) {
            return new ManifestRefusal(ManifestRefusal.Reason.NO_ECU_KEYS, "manifest", "vehicle " + manifest.vin()
                    + " registered no ECU keys; a fleet admin issues it a new factory token (otactl vehicle reprovision " + manifest.vin()
                    + ") and the vehicle provisions again with it (vehicle-agent run --reprovision --factory-token ...)");
        }
        ManifestVerification.verifySignatures(pinned.get().keys(), manifest);
        return ManifestVerification.staleNonce(manifest, pinned.get().nonce());
    }

    /**
     * Refuses a call with UNAUTHENTICATED (logged) unless {@code presented} is the serial of {@code vin}'s current
     * certificate: one that the vehicle provisioned again since, with a new key, counts no more, though the vehicle CA
     * has not revoked it.
     */
    private static void requireCurrentCertificate(String vin, String presented, Optional<String> current) {
        if (current.isEmpty() || !presented.equals(current.get())) {
            LOG.warnf("refused a call of %s with certificate %s: its current certificate is %s", vin, presented, current.orElse("none"));
            throw Status.UNAUTHENTICATED.withDescription("the client certificate " + presented + " is not the current certificate of vehicle "
                    + vin + ": the vehicle provisioned again since, and only the certificate of its latest ProvisionVehicle counts")
                    .asRuntimeException();
        }
    }

    private Optional<Assignment> assignment(Connection c, Vehicle reported) throws SQLException {
        List<LiveRollout> live = liveRollouts.live();
        RolloutClaims claims = new RolloutClaims(c, vehicles, reported);
        for (LiveRollout rollout : live) {
            Optional<Assignment> assignment = assignment(c, reported, rollout, live, claims);
            if (assignment.isPresent()) {
                return assignment;
            }
        }
        return Optional.empty();
    }

    /** The next poll delay: the configured interval, spread by the jitter. */
    public Duration nextPoll() {
        double spread = config.pollJitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis((long) (config.pollInterval().toMillis() * (1 + spread)));
    }

    private Optional<Assignment> assignment(Connection c, Vehicle vehicle, LiveRollout rollout, List<LiveRollout> live, RolloutClaims claims)
            throws SQLException {
        if (!rollout.serving() || !rollout.reaches(vehicle.vin())) {
            return Optional.empty();
        }
        RolloutFit fit = RolloutFit.of(vehicle, rollout);
        if (!fit.wanted() || !claims.mayTake(rollout) || claims.heldByOther(rollout, live)) {
            return Optional.empty();
        }
        List<Assignment.Download> downloads = fit.pending().stream().map(p -> {
            DownloadUrls.Url url = downloadUrls.forBlob(p.target().sha256());
            return new Assignment.Download(p.ecu().serial(), p.target(), url.url(), url.expiresAt());
        }).toList();
        Optional<VehicleRepository.Reached> told = claims.reached(rollout);
        String correlationId = told.isPresent() ? told.get().correlationId() : tell(c, vehicle, rollout);
        return Optional.of(new Assignment(rollout.name(), correlationId, downloads, rollout.installPolicy()));
    }

    /** Records, with an ASSIGNED event, that the rollout tells the vehicle to install; returns the assignment's correlation id. */
    private String tell(Connection c, Vehicle vehicle, LiveRollout rollout) throws SQLException {
        String correlationId = vehicles.assign(c, vehicle.vin(), rollout.name(), UUID.randomUUID().toString());
        vehicles.insertEvent(c, new StatusEvent(0, "assigned:" + correlationId, vehicle.vin(), rollout.name(), correlationId,
                UpdatePhase.ASSIGNED, "", "", "told to install", Instant.now(), Instant.now()));
        return correlationId;
    }

    /**
     * Stores the events of vehicle {@code vin} durably (known ids are skipped) and returns the ids now safe to drop;
     * UNAUTHENTICATED, storing nothing, unless {@code certificateSerial} is the vehicle's current certificate.
     */
    public List<String> report(String vin, String certificateSerial, List<StatusEvent> events) {
        return db.inTransaction(c -> {
            requireCurrentCertificate(vin, certificateSerial, vehicles.certificateSerial(c, vin));
            List<String> acknowledged = new ArrayList<>();
            for (StatusEvent event : events) {
                vehicles.insertEvent(c, event);
                if (event.phase().isFinal() && !event.rollout().isEmpty()) {
                    vehicles.finish(c, event.vin(), event.rollout());
                }
                acknowledged.add(event.eventId());
            }
            return acknowledged;
        });
    }
}
