package com.otaplatform.tuf.client;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

/** A failed HTTP exchange; carries the status code when there was one (0 otherwise). */
public class DownloadException extends TufException {
    private final int status;

    public DownloadException(String message, int status, Throwable cause) {
        super(ErrorCode.DOWNLOAD_FAILED, message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404 || status == 403;
    }
}
