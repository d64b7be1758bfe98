package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.OtactlRunner;
import com.otaplatform.otactl.cli.rollout.DurationConverter;
import com.otaplatform.otactl.cli.rollout.RateConverter;
import com.otaplatform.otactl.errors.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command lines that must be refused before any call (nothing listens on the endpoints used here). */
class ArgumentParsingTest {
    @TempDir
    Path dir;

    OtactlRunner otactl;

    @BeforeEach
    void setUp() {
        otactl = new OtactlRunner(dir).env("OTACTL_TOKEN", "unused")
                .env("OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:1").env("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:1");
    }

    @Test
    void decreasingStagesAreAUsageError() {
        OtactlRunner.Result r = otactl.run("rollout", "create", "--release", "releases/r1", "--name", "x", "--stages", "10,5");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--stages").contains("strictly increasing").contains("otactl rollout create --help");
    }

    @Test
    void stagesNotEndingAtOneHundredAreAUsageError() {
        OtactlRunner.Result r = otactl.run("rollout", "create", "--release", "releases/r1", "--name", "x", "--stages", "1,50");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("the last stage must be 100");
    }

    @Test
    void rolloutCreateBuildsTheRequestInBasisPoints() {
        com.otaplatform.otactl.cli.rollout.CreateRolloutCommandAccess access = new com.otaplatform.otactl.cli.rollout.CreateRolloutCommandAccess();
        var req = access.request("--release", "r1", "--name", "adas fall", "--select", "model = 'SU7'", "--stages", "1,10,50,100",
                "--max-failure-rate", "2%", "--min-reported", "5", "--soak", "10m", "--on-failure", "abort");
        assertThat(req.getRelease()).isEqualTo("releases/r1");
        assertThat(req.getSelector()).isEqualTo("model = 'SU7'");
        assertThat(req.getStagesList()).extracting(s -> s.getPercentageBp()).containsExactly(100, 1000, 5000, 10000);
        assertThat(req.getStages(0).getGate().getMaxFailureRateBp()).isEqualTo(200);
        assertThat(req.getStages(0).getGate().getMinVehiclesReported()).isEqualTo(5);
        assertThat(req.getStages(0).getGate().getSoakTime().getSeconds()).isEqualTo(600);
        assertThat(req.getStages(3).getGate().getOnFailure().name()).isEqualTo("GATE_ACTION_ABORT");
    }

    @Test
    void rolloutCreateCarriesTheInstallPolicyAndItsWindows() {
        com.otaplatform.otactl.cli.rollout.CreateRolloutCommandAccess access = new com.otaplatform.otactl.cli.rollout.CreateRolloutCommandAccess();
        var policy = access.request("--release", "r1", "--name", "x", "--stages", "100", "--require-parked", "--min-battery", "30",
                "--wifi-only-above", "500000000", "--window", "0 2 * * *,3h,Europe/Berlin", "--window", "30 22 * * 6,90m,UTC")
                .getInstallPolicy();
        assertThat(policy.getRequireParked()).isTrue();
        assertThat(policy.getMinBatteryPercent()).isEqualTo(30);
        assertThat(policy.getWifiOnlyAboveBytes()).isEqualTo(500_000_000L);
        assertThat(policy.getMaintenanceWindowsList()).extracting(w -> w.getCron() + "|" + w.getDuration().getSeconds() + "|" + w.getTimeZone())
                .containsExactly("0 2 * * *|10800|Europe/Berlin", "30 22 * * 6|5400|UTC");
    }

    @Test
    void aWindowThatIsNotCronDurationZoneIsAUsageError() {
        OtactlRunner.Result r = otactl.run("rollout", "create", "--release", "r1", "--name", "x", "--stages", "100", "--window", "0 2 * * *");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("is not CRON,DURATION,ZONE");
    }

    @Test
    void ratesAndDurations() {
        assertThat(RateConverter.parse("2%")).isEqualTo(200);
        assertThat(RateConverter.parse("2")).isEqualTo(200);
        assertThat(RateConverter.parse("0.5%")).isEqualTo(50);
        assertThat(RateConverter.parse("150bp")).isEqualTo(150);
        assertThatThrownBy(() -> RateConverter.parse("101%")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> RateConverter.parse("lots")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(DurationConverter.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DurationConverter.parse("10 minutes")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("m10")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void badFailureRateIsAUsageError() {
        OtactlRunner.Result r = otactl.run("rollout", "create", "--release", "r1", "--name", "x", "--stages", "100", "--max-failure-rate", "lots");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--max-failure-rate");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(otactl.run("frobnicate").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl.run("rollout", "status").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl.run("rollout", "list", "--bogus").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl.run().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl.run("rollout").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl.run("rollout", "advance", "r1").err()).contains("--reason");
        assertThat(otactl.run("artifact", "list", "--output", "yaml").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void pushChecksItsArgumentsFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("fw.bin"), "hello");
        OtactlRunner.Result missing = otactl.run("push", dir.resolve("nope.bin").toString(), "--kind", "firmware", "--ecu", "adas-main",
                "--hw", "adas-v3", "--version", "1.0.0");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("does not exist");

        OtactlRunner.Result badVersion = otactl.run("push", file.toString(), "--kind", "firmware", "--ecu", "adas-main",
                "--hw", "adas-v3", "--version", "1.0");
        assertThat(badVersion.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badVersion.err()).contains("semantic version");

        OtactlRunner.Result badKind = otactl.run("push", file.toString(), "--kind", "bootloader", "--ecu", "adas-main",
                "--hw", "adas-v3", "--version", "1.0.0");
        assertThat(badKind.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badKind.err()).contains("firmware, ad-model or configuration");

        OtactlRunner.Result missingEcu = otactl.run("push", file.toString(), "--kind", "ad-model", "--hw", "adas-v3", "--version", "1.0.0");
        assertThat(missingEcu.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missingEcu.err()).contains("--ecu");
    }

    @Test
    void unreachableServiceSaysWhichEndpoint() {
        OtactlRunner.Result r = otactl.run("rollout", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("rollout-service (127.0.0.1:1)").contains("dev/stack up");
    }

    @Test
    void noCredentialsMeansLogin() {
        OtactlRunner.Result r = new OtactlRunner(dir).env("OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:1").run("rollout", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_AUTHENTICATED);
        assertThat(r.err()).contains("Run `otactl login`");
    }

    @Test
    void configShowHonoursFileAndEnvironment() throws Exception {
        Files.writeString(dir.resolve("config.properties"), "artifact.endpoint=artifacts.example:443\nrollout.endpoint=file:1\n");
        OtactlRunner.Result r = new OtactlRunner(dir).env("OTACTL_ROLLOUT_ENDPOINT", "env:2").run("config", "show");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("artifact\\.endpoint\\s+artifacts\\.example:443\\s+file")
                .containsPattern("rollout\\.endpoint\\s+env:2\\s+env")
                .containsPattern("fleet\\.endpoint\\s+127\\.0\\.0\\.1:8084\\s+default");
        OtactlRunner.Result json = new OtactlRunner(dir).run("config", "show", "-o", "json");
        assertThat(json.out()).contains("\"artifact.endpoint\"").contains("\"artifacts.example:443\"");
    }

    @Test
    void completionPrintsABashScript() {
        OtactlRunner.Result r = otactl.run("completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("otactl").contains("rollout");
    }
}
