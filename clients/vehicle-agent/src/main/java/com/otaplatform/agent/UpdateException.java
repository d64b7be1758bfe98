package com.otaplatform.agent;

/** A failed update step, with the error code to report. */
public class UpdateException extends Exception {
  private final String errorCode;
  private final boolean transientFailure;

  public UpdateException(String errorCode, String message) {
    this(errorCode, message, false, null);
  }

  public UpdateException(String errorCode, String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.transientFailure = transientFailure;
  }

  public String errorCode() {
    return errorCode;
  }

  /** Whether trying again (resuming the download) may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
