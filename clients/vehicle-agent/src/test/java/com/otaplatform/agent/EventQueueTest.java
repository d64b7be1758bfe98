package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.ReportStatusResponse;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventQueueTest {
  private static final String VIN = "LSJA24U67MS000001";

  @TempDir Path dir;

  private static StatusEvent event(String id, UpdatePhase phase) {
    return StatusEvent.newBuilder().setEventId(id).setCorrelationId("corr-1").setPhase(phase).build();
  }

  @Test
  void eventsSurviveReopeningTheQueueInOrder() throws Exception {
    EventQueue queue = EventQueue.open(dir);
    queue.append(event("e1", UpdatePhase.UPDATE_PHASE_DOWNLOADING));
    queue.append(event("e2", UpdatePhase.UPDATE_PHASE_VERIFIED));
    queue.append(event("e3", UpdatePhase.UPDATE_PHASE_INSTALLING));

    EventQueue reopened = EventQueue.open(dir);
    assertThat(reopened.pending()).extracting(StatusEvent::getEventId).containsExactly("e1", "e2", "e3");

    reopened.append(event("e4", UpdatePhase.UPDATE_PHASE_SUCCEEDED));
    assertThat(EventQueue.open(dir).pending()).extracting(StatusEvent::getEventId)
        .containsExactly("e1", "e2", "e3", "e4");
  }

  @Test
  void drainDeletesOnlyAcknowledgedEvents() throws Exception {
    EventQueue queue = EventQueue.open(dir);
    queue.append(event("e1", UpdatePhase.UPDATE_PHASE_DOWNLOADING));
    queue.append(event("e2", UpdatePhase.UPDATE_PHASE_VERIFIED));
    queue.append(event("e3", UpdatePhase.UPDATE_PHASE_INSTALLING));
    List<ReportStatusRequest> sent = new ArrayList<>();

    int delivered = queue.drain(VIN, request -> {
      sent.add(request);
      return ReportStatusResponse.newBuilder().addAcknowledgedEventIds("e1").addAcknowledgedEventIds("e3").build();
    });

    assertThat(delivered).isEqualTo(2);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getVin()).isEqualTo(VIN);
    assertThat(sent.get(0).getEventsList()).extracting(StatusEvent::getEventId).containsExactly("e1", "e2", "e3");
    assertThat(EventQueue.open(dir).pending()).extracting(StatusEvent::getEventId).containsExactly("e2");
  }

  @Test
  void aFailedSendKeepsEverything() throws Exception {
    EventQueue queue = EventQueue.open(dir);
    queue.append(event("e1", UpdatePhase.UPDATE_PHASE_SUCCEEDED));

    assertThatThrownBy(() -> queue.drain(VIN, request -> {
      throw Status.UNAVAILABLE.asRuntimeException();
    })).isInstanceOf(io.grpc.StatusRuntimeException.class);

    assertThat(EventQueue.open(dir).pending()).extracting(StatusEvent::getEventId).containsExactly("e1");
  }

  @Test
  void sendsLargeQueuesInBatchesOfAtMost500() throws Exception {
    EventQueue queue = EventQueue.open(dir, false); // no fsync: 1203 appends, only batching is under test
    for (int i = 0; i < 1203; i++) {
      queue.append(event("e" + i, UpdatePhase.UPDATE_PHASE_DOWNLOADING));
    }
    List<Integer> sizes = new ArrayList<>();

    int delivered = queue.drain(VIN, request -> {
      sizes.add(request.getEventsCount());
      ReportStatusResponse.Builder ack = ReportStatusResponse.newBuilder();
      request.getEventsList().forEach(e -> ack.addAcknowledgedEventIds(e.getEventId()));
      return ack.build();
    });

    assertThat(delivered).isEqualTo(1203);
    assertThat(sizes).containsExactly(500, 500, 203);
    assertThat(queue.size()).isZero();
  }

  @Test
  void leftoverTempFilesFromACrashAreIgnored() throws Exception {
    EventQueue queue = EventQueue.open(dir);
    queue.append(event("e1", UpdatePhase.UPDATE_PHASE_DOWNLOADING));
    Files.write(dir.resolve("00000000000000000002-e2.evt.tmp"), new byte[] {1, 2, 3});

    assertThat(EventQueue.open(dir).pending()).extracting(StatusEvent::getEventId).containsExactly("e1");
    assertThat(dir.resolve("00000000000000000002-e2.evt.tmp")).doesNotExist();
  }
}
