package com.otaplatform.tuf;

/** A verification failure with a specific {@link ErrorCode}; the code leads the message. */
public class TufException extends RuntimeException {
    private final ErrorCode code;

    public TufException(ErrorCode code, String message) {
        super(code.name() + ": " + message);
        this.code = code;
    }

    public TufException(ErrorCode code, String message, Throwable cause) {
        super(code.name() + ": " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
