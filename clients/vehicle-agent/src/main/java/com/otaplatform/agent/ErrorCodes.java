package com.otaplatform.agent;

/** The machine-readable {@code StatusEvent.error_code} values the agent reports. */
public final class ErrorCodes {
  /** The image could not be fetched (HTTP error, connection lost, retries exhausted). */
  public static final String DOWNLOAD_FAILED = "DOWNLOAD_FAILED";
  /** The server stopped sending bytes for longer than the stall timeout. */
  public static final String SLOW_RETRIEVAL = "SLOW_RETRIEVAL";
  /** The server sent (or announced) more bytes than the signed length. */
  public static final String LENGTH_EXCEEDED = "LENGTH_EXCEEDED";
  /** The downloaded bytes do not match the signed length or digests. */
  public static final String HASH_MISMATCH = "HASH_MISMATCH";
  /** The assignment itself is unusable (unknown ECU, missing digests, bad URL). */
  public static final String INVALID_ASSIGNMENT = "INVALID_ASSIGNMENT";
  /** Writing the inactive slot failed; the running slot is untouched. */
  public static final String INSTALL_FAILED = "INSTALL_FAILED";
  /** The new slot failed its boot check; the previous slot is active again. */
  public static final String BOOT_CHECK_FAILED = "BOOT_CHECK_FAILED";

  private ErrorCodes() {}
}
