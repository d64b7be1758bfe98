package com.otaplatform.checkin.client;

import com.otaplatform.checkin.LiveRollout;
import com.otaplatform.checkin.config.CheckinConfig;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.MaintenanceWindow;
import com.otaplatform.common.Selector;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.WatchLiveRolloutsRequest;
import com.otaplatform.rollout.v1.WatchLiveRolloutsResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The live rollouts, kept in memory from rollout-service's stream so that check-in never calls
 * another service per request. Reconnects by itself when the stream breaks.
 */
@ApplicationScoped
public class LiveRolloutView {
    private static final Logger LOG = Logger.getLogger(LiveRolloutView.class);

    @GrpcClient("rollout")
    Channel rolloutChannel;

    private final CheckinConfig config;
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-rollouts");
        thread.setDaemon(true);
        return thread;
    });
    private volatile List<LiveRollout> live = List.of();

    LiveRolloutView(CheckinConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        reconnects.execute(this::connect);
    }

    void onStop(@Observes ShutdownEvent event) {
        reconnects.shutdownNow();
    }

    /** The live rollouts in precedence order: highest priority first, then the oldest. */
    public List<LiveRollout> live() {
        return live;
    }

    private void connect() {
        try {
            RolloutServiceGrpc.newStub(rolloutChannel).watchLiveRollouts(WatchLiveRolloutsRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override
                public void onNext(WatchLiveRolloutsResponse snapshot) {
                    live = snapshot.getRolloutsList().stream().map(LiveRolloutView::toLive).sorted(LiveRollout.PRECEDENCE).toList();
                    LOG.debugf("live rollouts v%d: %d", snapshot.getVersion(), live.size());
                }

                @Override
                public void onError(Throwable failure) {
                    LOG.warnf("live rollout stream from rollout-service broke (%s); reconnecting", failure.getMessage());
                    retry();
                }

                @Override
                public void onCompleted() {
                    retry();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("cannot reach rollout-service (%s); retrying", e.getMessage());
            retry();
        }
    }

    private void retry() {
        if (!reconnects.isShutdown()) {
            reconnects.schedule(this::connect, config.liveRolloutsRetry().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static LiveRollout toLive(Rollout rollout) {
        List<LiveRollout.Target> targets = rollout.getTargetsList().stream().map(t -> new LiveRollout.Target(t.getEcu().getEcu(),
                t.getEcu().getHardwareId(), t.getDigests().getSha256(), t.getDigests().getSha512(), t.getDigests().getLength(),
                t.getVersion(), t.getTargetName(), t.getReleaseCounter())).toList();
        return new LiveRollout(UUID.fromString(rollout.getName().substring("rollouts/".length())),
                Selector.parse("selector", rollout.getSelector()),
                rollout.getStagesList().stream().map(Stage::getPercentageBp).toList(), rollout.getCurrentStage(),
                rollout.getState() == RolloutState.ROLLOUT_STATE_RUNNING || rollout.getState() == RolloutState.ROLLOUT_STATE_COMPLETED,
                targets, rollout.getPriority(), Instant.ofEpochSecond(rollout.getCreateTime().getSeconds(), rollout.getCreateTime().getNanos()),
                IntStream.range(0, rollout.getStagesCount()).mapToObj(i -> new LiveRollout.Stage(rollout.getStages(i).getMaxVehicles(),
                        i < rollout.getProgressCount() ? rollout.getProgress(i).getVehiclesReached() : 0)).toList(),
                installPolicy(rollout.getInstallPolicy()));
    }

    private static InstallPolicy installPolicy(com.otaplatform.rollout.v1.InstallPolicy policy) {
        return new InstallPolicy(policy.getRequireParked(), policy.getMinBatteryPercent(), policy.getWifiOnlyAboveBytes(),
                policy.getMaintenanceWindowsList().stream().map(w -> new MaintenanceWindow(w.getCron(),
                        Duration.ofSeconds(w.getDuration().getSeconds(), w.getDuration().getNanos()), w.getTimeZone())).toList());
    }
}
