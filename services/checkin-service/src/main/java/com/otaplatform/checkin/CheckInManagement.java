package com.otaplatform.checkin;

import com.otaplatform.checkin.client.LiveRolloutView;
import com.otaplatform.checkin.config.CheckinConfig;
import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.platform.S3Config;
import io.agroal.api.AgroalDataSource;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
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

/** Check-in: records what a vehicle runs and decides, from the live rollouts, what it should run. */
@ApplicationScoped
public class CheckInManagement {
    private final Database db;
    private final VehicleRepository vehicles;
    private final LiveRolloutView liveRollouts;
    private final MinioClient s3;
    private final S3Config s3Config;
    private final CheckinConfig config;
    private final DirectorManagement director;

    CheckInManagement(AgroalDataSource dataSource, VehicleRepository vehicles, LiveRolloutView liveRollouts, MinioClient s3,
            S3Config s3Config, CheckinConfig config, DirectorManagement director) {
        this.db = new Database(dataSource);
        this.vehicles = vehicles;
        this.liveRollouts = liveRollouts;
        this.s3 = s3;
        this.s3Config = s3Config;
        this.config = config;
        this.director = director;
    }

    /**
     * Records the vehicle's report and returns its assignment, if a live rollout reaches it, with the director
     * metadata that lists the assignment's images (signed only when they changed). A vehicle without an assignment
     * costs the director nothing: a vehicle only reads director metadata to verify an assignment.
     */
    public CheckIn checkIn(Vehicle reported) {
        return db.inTransaction(c -> {
            // one statement on the hot path: the upsert keeps created_at of a known vehicle
            vehicles.upsert(c, reported);
            Optional<Assignment> assignment = assignment(c, reported);
            return new CheckIn(assignment, assignment.isEmpty() ? Optional.empty()
                    : Optional.of(director.forVehicle(c, reported.vin(), assignment.get().downloads())));
        });
    }

    private Optional<Assignment> assignment(Connection c, Vehicle reported) throws SQLException {
        for (LiveRollout rollout : liveRollouts.live()) {
            Optional<Assignment> assignment = assignment(c, reported, rollout);
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

    private Optional<Assignment> assignment(Connection c, Vehicle vehicle, LiveRollout rollout) throws SQLException {
        if (!rollout.serving() || !rollout.selector().matches(vehicle.attributes()) || !rollout.reaches(vehicle.vin())) {
            return Optional.empty();
        }
        List<Assignment.Download> downloads = new ArrayList<>();
        for (LiveRollout.Target target : rollout.targets()) {
            Optional<Ecu> ecu = vehicle.ecus().stream()
                    .filter(e -> e.ecu().equals(target.ecu()) && e.hardwareId().equals(target.hardwareId())).findFirst();
            if (ecu.isEmpty()) {
                return Optional.empty(); // the vehicle cannot take every image of the release: none is sent
            }
            if (!target.sha256().equals(ecu.get().installedSha256())) {
                downloads.add(new Assignment.Download(ecu.get().serial(), target, presign(target.sha256()),
                        Instant.now().plus(config.downloadUrlTtl())));
            }
        }
        if (downloads.isEmpty() || vehicles.rolloutFinished(c, vehicle.vin(), rollout.name()).orElse(false)) {
            return Optional.empty();
        }
        String correlationId = vehicles.assign(c, vehicle.vin(), rollout.name(), UUID.randomUUID().toString());
        vehicles.insertEvent(c, new StatusEvent(0, "assigned:" + correlationId, vehicle.vin(), rollout.name(), correlationId,
                UpdatePhase.ASSIGNED, "", "", "told to install", Instant.now(), Instant.now()));
        return Optional.of(new Assignment(rollout.name(), correlationId, downloads));
    }

    private String presign(String sha256) {
        try {
            return s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(s3Config.bucket())
                    .object("blobs/sha256/" + sha256).expiry((int) config.downloadUrlTtl().toSeconds()).build());
        } catch (Exception e) {
            throw ApiException.unavailable("could not presign a download URL: " + e.getMessage(), e);
        }
    }

    /** Stores the events durably (known ids are skipped) and returns the ids now safe to drop. */
    public List<String> report(List<StatusEvent> events) {
        return db.inTransaction(c -> {
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
