package com.otaplatform.otactl.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageState;
import com.otaplatform.rollout.v1.WatchRolloutRequest;
import com.otaplatform.rollout.v1.WatchRolloutResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged otactl ({@code target/otactl.jar}) as its own process, watching a rollout whose stream a loopback
 * RolloutService keeps open: Ctrl-C (SIGINT) ends the watch with exit 0, cancels the stream and prints no error.
 */
class WatchInterruptIT {
    private static final String ROLLOUT = "rollouts/0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final Path JAR = Path.of("target", "otactl.jar");

    @TempDir
    Path dir;

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new RolloutServiceGrpc.RolloutServiceImplBase() {
            @Override
            public void watchRollout(WatchRolloutRequest request, StreamObserver<WatchRolloutResponse> responses) {
                ((ServerCallStreamObserver<WatchRolloutResponse>) responses).setOnCancelHandler(cancelled::countDown);
                // the rollout runs on: the stream stays open until the client goes
                responses.onNext(WatchRolloutResponse.newBuilder().setRollout(Rollout.newBuilder().setName(request.getName())
                        .setState(RolloutState.ROLLOUT_STATE_RUNNING).addStages(Stage.newBuilder().setPercentageBp(10_000))
                        .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_ACTIVE).setVehiclesReached(4))).build());
            }
        }).build().start();
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void shouldStopWatchingWithExitZeroOnCtrlC() throws Exception {
        assertThat(JAR).as("packaged by mvn package").exists();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "rollout", "watch", ROLLOUT).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("OTACTL_CONFIG_DIR", dir.resolve("config").toString());
        builder.environment().put("OTACTL_TOKEN", "test-token");
        builder.environment().put("OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:" + server.getPort());
        builder.environment().put("OTACTL_STDERR_TTY", "0");
        Process otactl = builder.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.readString(out).contains(ROLLOUT + ": RUNNING")) {
                assertThat(otactl.isAlive()).as("otactl watches; it printed: " + Files.readString(out) + Files.readString(err)).isTrue();
                assertThat(Instant.now()).as("otactl printed the rollout").isBefore(deadline);
                Thread.sleep(100);
            }

            // what the terminal sends on Ctrl-C; without otactl's handler the JVM would exit 130
            assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(otactl.pid())).start().waitFor()).isZero();

            assertThat(otactl.waitFor(20, TimeUnit.SECONDS)).as("otactl ends on SIGINT").isTrue();
            assertThat(otactl.exitValue()).as(Files.readString(err)).isZero();
            assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the server saw the stream cancelled").isTrue();
            assertThat(Files.readString(err)).isEmpty();
        } finally {
            otactl.destroyForcibly().waitFor();
        }
    }
}
