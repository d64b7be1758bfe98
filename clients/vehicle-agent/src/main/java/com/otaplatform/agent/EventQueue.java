package com.otaplatform.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.ReportStatusResponse;
import com.otaplatform.vehicle.v1.StatusEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A persistent FIFO of {@link StatusEvent}s: one file per event in {@code <dir>}, named
 * {@code <sequence>-<event id>.evt}, written atomically with fsync, so queued events survive a
 * restart. {@link #drain} sends the oldest events with {@code ReportStatus} and deletes only the
 * ones the server acknowledged.
 */
public final class EventQueue {
  private static final System.Logger LOG = System.getLogger(EventQueue.class.getName());
  /** The server accepts 1..500 events per request. */
  public static final int MAX_BATCH = 500;
  private static final String SUFFIX = ".evt";

  private final Path dir;
  private final AtomicLong sequence;
  private final boolean sync;

  private EventQueue(Path dir, long lastSequence, boolean sync) {
    this.dir = dir;
    this.sync = sync;
    this.sequence = new AtomicLong(lastSequence);
  }

  /** Sends one ReportStatus request; gRPC failures propagate as StatusRuntimeException. */
  @FunctionalInterface
  public interface Sender {
    ReportStatusResponse send(ReportStatusRequest request);
  }

  private record Entry(Path file, StatusEvent event) {}

  public static EventQueue open(Path dir) throws IOException {
    return open(dir, true);
  }

  /**
   * Opens the queue; with {@code sync=false} appends are atomic but not fsynced (simulations with
   * thousands of vehicles on one disk), so they may be lost on power loss but never half-written.
   */
  public static EventQueue open(Path dir, boolean sync) throws IOException {
    Files.createDirectories(dir);
    long last = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(file); // a write interrupted by a crash, never renamed in
        } else if (name.endsWith(SUFFIX)) {
          last = Math.max(last, sequenceOf(name));
        }
      }
    }
    return new EventQueue(dir, last, sync);
  }

  /** Appends an event; with sync (the default) it is durably on disk when this returns. */
  public void append(StatusEvent event) throws IOException {
    if (event.getEventId().isEmpty()) {
      throw new IllegalArgumentException("event_id is required");
    }
    String name = String.format("%020d-%s%s", sequence.incrementAndGet(), safe(event.getEventId()), SUFFIX);
    AtomicFiles.write(dir.resolve(name), event.toByteArray(), sync);
  }

  /** The queued events, oldest first. */
  public List<StatusEvent> pending() throws IOException {
    return entries().stream().map(Entry::event).toList();
  }

  public int size() throws IOException {
    return entries().size();
  }

  /**
   * Sends queued events, oldest first, in batches of at most {@value #MAX_BATCH}, deleting the
   * acknowledged ones. Stops when the queue is empty or a batch gets no acknowledgement.
   *
   * @return how many events were acknowledged and deleted
   * @throws io.grpc.StatusRuntimeException from the sender; unacknowledged events stay queued
   */
  public synchronized int drain(String vin, Sender sender) throws IOException {
    int delivered = 0;
    while (true) {
      List<Entry> batch = entries();
      if (batch.isEmpty()) {
        return delivered;
      }
      if (batch.size() > MAX_BATCH) {
        batch = batch.subList(0, MAX_BATCH);
      }
      ReportStatusRequest.Builder request = ReportStatusRequest.newBuilder().setVin(vin);
      batch.forEach(e -> request.addEvents(e.event()));
      ReportStatusResponse response = sender.send(request.build());
      Set<String> acked = new HashSet<>(response.getAcknowledgedEventIdsList());
      int deletedNow = 0;
      for (Entry e : batch) {
        if (acked.contains(e.event().getEventId())) {
          Files.deleteIfExists(e.file());
          deletedNow++;
        }
      }
      if (deletedNow > 0 && sync) {
        AtomicFiles.syncDirectory(dir);
      }
      delivered += deletedNow;
      if (deletedNow < batch.size()) {
        return delivered; // the server kept some back; try them again next cycle
      }
    }
  }

  private List<Entry> entries() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    }
    files.sort(null); // zero-padded sequence numbers sort in append order
    List<Entry> entries = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        entries.add(new Entry(file, StatusEvent.parseFrom(Files.readAllBytes(file))));
      } catch (InvalidProtocolBufferException e) {
        LOG.log(Level.WARNING, "dropping unreadable event file {0}: {1}", file, e.getMessage());
        Files.deleteIfExists(file);
      } catch (java.nio.file.NoSuchFileException e) {
        // deleted concurrently
      }
    }
    return entries;
  }

  private static long sequenceOf(String name) {
    int dash = name.indexOf('-');
    try {
      return dash > 0 ? Long.parseLong(name.substring(0, dash)) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
