package com.otaplatform.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.agent.testing.TestImageServer;
import com.otaplatform.agent.testing.TestUptane;
import com.otaplatform.agent.testing.TestVehicleService;
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulatorTest {
  @TempDir Path base;
  @TempDir Path repositories;
  private TestImageServer images;
  private TestVehicleService service;
  private Path serverCa;
  private Path imageRoot;
  private Path directorRoot;

  @BeforeEach
  void start() throws Exception {
    images = new TestImageServer();
    TestVehicleCa.ServerTls tls = TestVehicleCa.serverTls();
    serverCa = Files.writeString(base.resolve("server-ca.pem"), tls.certificatePem());
    service = new TestVehicleService(tls.certificatePem(), tls.privateKeyPem());
    TestUptane uptane = new TestUptane(repositories, images);
    service.uptane(uptane);
    imageRoot = Files.write(repositories.resolve("image-root.json"), uptane.roots().image());
    directorRoot = Files.write(repositories.resolve("director-root.json"), uptane.roots().director());
    // provisioned already, so that these runs go straight to checking in (provisioning is tested in checkin-service)
    TestVehicleCa ca = new TestVehicleCa("CN=Simulator Test CA");
    for (String vin : vins(200)) {
      ca.vehicle(vin).store(base.resolve(vin), false);
    }
    byte[] image = new byte[8 * 1024];
    new Random(7).nextBytes(image);
    service.assignByHardwareId("adas-v3", uptane.publish("", "adas-v3", "adas-main-2.0.0.bin", "2.0.0", image,
        images.put("/adas-main-2.0.0.bin", image), 1));
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    images.close();
  }

  private record Run(int exit, String output) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(output);
    }
  }

  private Run simulate(String... extra) {
    StringWriter text = new StringWriter();
    String[] base = {"--endpoint", "127.0.0.1:" + service.port(), "--server-ca", serverCa.toString(), "--base-dir", this.base.toString(),
        "--model", "SU7", "--region", "CN", "--ecu", "adas-main:adas-v3",
        "--image-root", imageRoot.toString(), "--director-root", directorRoot.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    int exit = FleetSimulator.run(new PrintWriter(text), args);
    return new Run(exit, text.toString());
  }

  private List<String> vins(int n) {
    VinGenerator generator = new VinGenerator(1);
    return java.util.stream.IntStream.range(0, n).mapToObj(generator::vin).toList();
  }

  private StatusEvent lastEvent(String vin) {
    List<StatusEvent> events = service.events(vin);
    assertThat(events).as("events of %s", vin).isNotEmpty();
    return events.get(events.size() - 1);
  }

  @Test
  void twoHundredVehiclesEachCompleteOneUpdate() throws Exception {
    Run run = simulate("--vehicles", "200", "--cycles", "1", "--output", "json");

    assertThat(run.exit()).isZero();
    JsonNode s = run.json();
    assertThat(s.get("vehicles").asInt()).isEqualTo(200);
    assertThat(s.get("checkIns").asInt()).isEqualTo(200);
    assertThat(s.get("updatesSucceeded").asInt()).isEqualTo(200);
    assertThat(s.get("updatesFailed").asInt()).isZero();
    assertThat(s.get("updatesRolledBack").asInt()).isZero();
    assertThat(s.get("eventsDelivered").asInt()).isEqualTo(800);
    assertThat(s.get("eventsPending").asInt()).isZero();
    assertThat(service.vinsWithEvents()).hasSize(200);
    for (String vin : vins(200)) {
      StatusEvent last = lastEvent(vin);
      assertThat(last.getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_SUCCEEDED);
      assertThat(last.getCorrelationId()).isEqualTo(TestVehicleService.correlationId(vin));
      assertThat(service.checkIns(vin).get(0).getAttributesMap()).containsEntry("model", "SU7").containsEntry("region", "CN");
    }
  }

  @Test
  void untilUpdatedStopsEachVehicleAfterItsUpdateInsteadOfPollingToTheEnd() throws Exception {
    Run run = simulate("--vehicles", "20", "--cycles", "0", "--duration", "120s", "--poll-interval", "50ms",
        "--until-updated", "--output", "json");

    assertThat(run.exit()).isZero();
    JsonNode s = run.json();
    assertThat(s.get("updatesSucceeded").asInt()).isEqualTo(20);
    assertThat(s.get("eventsPending").asInt()).isZero();
    // polling every 50 ms for 120 s would be thousands of check-ins per vehicle
    assertThat(s.get("checkIns").asInt()).as(s.toString()).isEqualTo(20);
    assertThat(s.get("failingAtEnd").size()).isZero();
  }

  @Test
  void withEveryBootFailingEveryVehicleRollsBack() throws Exception {
    Run run = simulate("--vehicles", "200", "--cycles", "1", "--fail-boot", "1.0", "--output", "json");

    JsonNode s = run.json();
    assertThat(s.get("updatesRolledBack").asInt()).isEqualTo(200);
    assertThat(s.get("updatesSucceeded").asInt()).isZero();
    assertThat(s.get("errorCodes").get("BOOT_CHECK_FAILED").asInt()).isEqualTo(200);
    for (String vin : vins(200)) {
      assertThat(lastEvent(vin).getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_ROLLED_BACK);
    }
  }

  @Test
  void injectedDownloadAndInstallFailuresAreReportedAsFailed() throws Exception {
    Run run = simulate("--vehicles", "20", "--cycles", "1", "--fail-download", "1.0", "--output", "json");
    assertThat(run.json().get("updatesFailed").asInt()).isEqualTo(20);
    assertThat(run.json().get("errorCodes").get("DOWNLOAD_FAILED").asInt()).isEqualTo(20);
    assertThat(lastEvent(vins(1).get(0)).getErrorCode()).isEqualTo("DOWNLOAD_FAILED");
  }

  @Test
  void installFailuresLeaveTheOldSlotAndReportFailed() throws Exception {
    Run run = simulate("--vehicles", "20", "--cycles", "1", "--fail-install", "1.0", "--output", "json");
    assertThat(run.json().get("updatesFailed").asInt()).isEqualTo(20);
    assertThat(run.json().get("errorCodes").get("INSTALL_FAILED").asInt()).isEqualTo(20);
  }

  @Test
  void vehiclesRefuseTamperedAssignmentsAndReportTheDirectorMismatch() throws Exception {
    Run run = simulate("--vehicles", "20", "--cycles", "1", "--tamper-assignment", "1.0", "--output", "json");

    assertThat(run.json().get("updatesFailed").asInt()).isEqualTo(20);
    assertThat(run.json().get("updatesSucceeded").asInt()).isZero();
    assertThat(run.json().get("errorCodes").get("DIRECTOR_MISMATCH").asInt()).isEqualTo(20);
    for (String vin : vins(20)) {
      assertThat(lastEvent(vin).getPhase()).isEqualTo(UpdatePhase.UPDATE_PHASE_FAILED);
      assertThat(lastEvent(vin).getErrorCode()).isEqualTo("DIRECTOR_MISMATCH");
    }
    assertThat(images.requests()).noneMatch(request -> request.startsWith("/adas-main-2.0.0.bin"));
  }

  @Test
  void severalCyclesWithAPollOverrideAndATextSummary() {
    Run run = simulate("--vehicles", "20", "--cycles", "3", "--poll-interval", "100ms", "--duration", "30s");

    assertThat(run.exit()).isZero();
    assertThat(run.output())
        .contains("fleet-simulator: 20 vehicles, 60 cycles")
        .contains("60 ok, 0 failed")
        .contains("20 succeeded, 0 failed, 0 rolled back");
    // After the update, the next check-ins report the installed version.
    String vin = vins(1).get(0);
    assertThat(service.checkIns(vin)).hasSize(3);
  }

  @Test
  void rejectsBadArguments() {
    assertThat(simulate("--vehicles", "0").exit()).isEqualTo(2);
    assertThat(simulate("--fail-boot", "1.5").exit()).isEqualTo(2);
    assertThat(simulate("--cycles", "0").exit()).isEqualTo(2);
  }
}
