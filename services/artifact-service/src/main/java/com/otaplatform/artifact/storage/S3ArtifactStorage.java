package com.otaplatform.artifact.storage;

import com.otaplatform.common.ApiException;
import com.otaplatform.platform.S3Config;
import io.minio.CopyObjectArgs;
import io.minio.SourceObject;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.Http;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Artifact storage in an S3-compatible store, through the MinIO client. */
@ApplicationScoped
public class S3ArtifactStorage implements ArtifactStorage {
    private static final int PIPE_CHUNKS = 8;

    private final MinioClient s3;
    private final String bucket;
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "s3-upload");
        thread.setDaemon(true);
        return thread;
    });

    S3ArtifactStorage(MinioClient s3, S3Config config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    @Override
    public BlobWriter openStaging(String stagingKey, long length) {
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        CompletableFuture<Void> stored = CompletableFuture.runAsync(() -> {
            try {
                // With the length known, the client picks part sizes and uploads in parts past 5 MiB.
                s3.putObject(PutObjectArgs.builder().bucket(bucket).object(stagingKey).stream(pipe, length, null).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, writers);
        return new BlobWriter() {
            @Override
            public void write(byte[] bytes) {
                if (stored.isDone()) {
                    await(stored);
                }
                pipe.put(bytes);
            }

            @Override
            public void finish() {
                pipe.end();
                await(stored);
            }

            @Override
            public void abort(Throwable cause) {
                pipe.close(new IOException("upload aborted", cause));
                try {
                    stored.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException expected) {
                    // the store refused the cut-off stream, as intended
                }
                discard(stagingKey);
            }
        };
    }

    @Override
    public void promote(String stagingKey, String sha256) {
        String blobKey = ArtifactStorage.blobKey(sha256);
        try {
            if (!exists(blobKey)) {
                s3.copyObject(CopyObjectArgs.builder().bucket(bucket).object(blobKey)
                        .source(SourceObject.builder().bucket(bucket).object(stagingKey).build()).build());
            }
            discard(stagingKey);
        } catch (Exception e) {
            throw ApiException.unavailable("object store refused to store the blob: " + e.getMessage(), e);
        }
    }

    @Override
    public void discard(String stagingKey) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(stagingKey).build());
        } catch (Exception e) {
            throw ApiException.unavailable("object store refused to delete " + stagingKey + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String presignDownload(String sha256, Duration ttl) {
        try {
            return s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(bucket)
                    .object(ArtifactStorage.blobKey(sha256)).expiry((int) ttl.toSeconds()).build());
        } catch (Exception e) {
            throw ApiException.unavailable("could not presign a download URL: " + e.getMessage(), e);
        }
    }

    private boolean exists(String key) throws Exception {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NotFound".equals(e.errorResponse().code())) {
                return false;
            }
            throw e;
        }
    }

    private static void await(CompletableFuture<Void> stored) {
        try {
            stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while storing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            throw ApiException.unavailable("object store refused the upload: " + cause.getMessage(), cause);
        }
    }
}
