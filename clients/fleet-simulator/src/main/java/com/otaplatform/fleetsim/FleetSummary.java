package com.otaplatform.fleetsim;

import com.otaplatform.agent.CycleResult;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide counters, updated concurrently by the vehicles' cycles. */
public final class FleetSummary {
  private final LongAdder cycles = new LongAdder();
  private final LongAdder checkIns = new LongAdder();
  private final LongAdder checkInFailures = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder rolledBack = new LongAdder();
  private final LongAdder deferred = new LongAdder();
  private final LongAdder eventsDelivered = new LongAdder();
  private final LongAdder agentErrors = new LongAdder();
  private final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> checkInErrors = new ConcurrentHashMap<>();
  private final List<Long> cycleMillis = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> failingAtEnd = new ConcurrentHashMap<>();

  void record(CycleResult r, long elapsedMillis) {
    cycles.increment();
    cycleMillis.add(elapsedMillis);
    eventsDelivered.add(r.eventsDelivered());
    if (r.checkedIn()) {
      checkIns.increment();
    } else {
      checkInFailures.increment();
      checkInErrors.computeIfAbsent(r.checkInError().name(), k -> new LongAdder()).increment();
    }
    switch (r.update()) {
      case SUCCEEDED -> succeeded.increment();
      case FAILED -> failed.increment();
      case ROLLED_BACK -> rolledBack.increment();
      case DEFERRED -> deferred.increment();
      default -> { }
    }
    if (!r.errorCode().isEmpty()) {
      errorCodes.computeIfAbsent(r.errorCode(), k -> new LongAdder()).increment();
    }
  }

  void recordAgentError(Throwable t) {
    cycles.increment();
    agentErrors.increment();
    errorCodes.computeIfAbsent("AGENT_ERROR:" + t.getClass().getSimpleName(), k -> new LongAdder()).increment();
  }

  /** A vehicle whose last check-in failed when the run ended: what a test names when a vehicle missed an update. */
  void recordFailingAtEnd(String vin, Status.Code checkInError) {
    failingAtEnd.put(vin, checkInError.name());
  }

  public long cycles() { return cycles.sum(); }
  public long checkIns() { return checkIns.sum(); }
  public long checkInFailures() { return checkInFailures.sum(); }
  public long updatesSucceeded() { return succeeded.sum(); }
  public long updatesFailed() { return failed.sum(); }
  public long updatesRolledBack() { return rolledBack.sum(); }
  public long updatesDeferred() { return deferred.sum(); }
  public long eventsDelivered() { return eventsDelivered.sum(); }
  public long agentErrors() { return agentErrors.sum(); }

  /** The summary as an ordered map (the JSON output), given the run's fixed facts. */
  public Map<String, Object> toMap(int vehicles, long elapsedMillis, long eventsPending, boolean timedOut) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vehicles", vehicles);
    m.put("cycles", cycles());
    m.put("checkIns", checkIns());
    m.put("checkInFailures", checkInFailures());
    m.put("updatesSucceeded", updatesSucceeded());
    m.put("updatesFailed", updatesFailed());
    m.put("updatesRolledBack", updatesRolledBack());
    m.put("updatesDeferred", updatesDeferred());
    m.put("eventsDelivered", eventsDelivered());
    m.put("eventsPending", eventsPending);
    m.put("agentErrors", agentErrors());
    m.put("errorCodes", counts(errorCodes));
    m.put("checkInErrors", counts(checkInErrors));
    m.put("failingAtEnd", new TreeMap<>(failingAtEnd));
    Map<String, Object> latency = new LinkedHashMap<>();
    List<Long> sorted;
    synchronized (cycleMillis) {
      sorted = new ArrayList<>(cycleMillis);
    }
    Collections.sort(sorted);
    latency.put("p50", percentile(sorted, 0.50));
    latency.put("p95", percentile(sorted, 0.95));
    latency.put("p99", percentile(sorted, 0.99));
    latency.put("max", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    m.put("cycleMillis", latency);
    m.put("elapsedMillis", elapsedMillis);
    m.put("timedOut", timedOut);
    return m;
  }

  private static Map<String, Long> counts(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
