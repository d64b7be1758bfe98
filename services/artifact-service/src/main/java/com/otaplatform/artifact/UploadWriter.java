package com.otaplatform.artifact;

import com.otaplatform.artifact.storage.BlobWriter;
import com.otaplatform.common.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams one upload's bytes into storage, counting and hashing them on the way. */
public final class UploadWriter {
    private final Upload upload;
    private final BlobWriter blob;
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");
    private final ArtifactManagement management;
    private long written;
    private boolean closed;

    UploadWriter(Upload upload, BlobWriter blob, ArtifactManagement management) {
        this.upload = upload;
        this.blob = blob;
        this.management = management;
    }

    /** Appends the next chunk; refuses bytes past the declared length. */
    public void write(byte[] chunk) {
        if (written + chunk.length > upload.declaredLength()) {
            ApiException tooLong = ApiException.invalidField("chunk",
                    "the stream carries more bytes than declared_length (" + upload.declaredLength() + ")");
            abort(tooLong);
            throw tooLong;
        }
        sha256.update(chunk);
        sha512.update(chunk);
        blob.write(chunk);
        written += chunk.length;
    }

    /** The upload being written. */
    public java.util.UUID uploadId() {
        return upload.id();
    }

    /** Ends the stream: commits the artifact when every declared byte arrived and the hashes match. */
    public Artifact finish() {
        if (written != upload.declaredLength()) {
            ApiException cut = ApiException.failedPrecondition("the stream ended after " + written + " of "
                    + upload.declaredLength() + " declared bytes; nothing was stored, upload again");
            abort(cut);
            throw cut;
        }
        try {
            blob.finish();
        } catch (RuntimeException e) {
            abort(e);
            throw e;
        }
        closed = true;
        Digests digests = new Digests(HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sha512.digest()), written);
        return management.commit(upload, digests);
    }

    /** Gives up the upload: nothing becomes visible and the staged bytes are deleted. */
    public void abort(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        blob.abort(cause);
        management.cancel(upload);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
