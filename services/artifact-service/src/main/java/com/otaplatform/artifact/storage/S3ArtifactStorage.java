package com.otaplatform.artifact.storage;

import com.otaplatform.artifact.UploadPart;
import com.otaplatform.artifact.config.ArtifactConfig;
import com.otaplatform.common.ApiException;
import com.otaplatform.platform.S3Config;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.ComposeObjectArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.UploadPartArgs;
import io.minio.UploadPartCopyArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Artifact storage in an S3-compatible store, through the MinIO client: uploads as multipart
 * uploads under their staging key, blobs copied from there to their content address.
 */
@ApplicationScoped
public class S3ArtifactStorage implements ArtifactStorage {
    private final MinioClient s3;
    // The multipart calls are public on the async client only.
    private final MinioAsyncClient parts;
    private final String bucket;
    private final long copyPartBytes;

    S3ArtifactStorage(MinioClient s3, S3Config config, ArtifactConfig artifacts) {
        this.s3 = s3;
        this.parts = MinioAsyncClient.builder().endpoint(config.endpoint()).region(config.region())
                .credentials(config.accessKey(), config.secretKey()).build();
        this.bucket = config.bucket();
        this.copyPartBytes = artifacts.copyPartBytes();
    }

    @Override
    public String startParts(String stagingKey) {
        return call("start a multipart upload", () -> parts.createMultipartUpload(
                CreateMultipartUploadArgs.builder().bucket(bucket).object(stagingKey).build())).result().uploadId();
    }

    @Override
    public UploadPart storePart(String stagingKey, String multipartId, int number, byte[] bytes, int length) {
        Part part = call("store part " + number, () -> parts.uploadPart(UploadPartArgs.builder().bucket(bucket).object(stagingKey)
                .uploadId(multipartId).partNumber(number).data(bytes, length).build())).part();
        return new UploadPart(number, part.etag(), length);
    }

    @Override
    public void completeParts(String stagingKey, String multipartId, List<UploadPart> stored) {
        Part[] list = stored.stream().map(part -> new Part(part.number(), part.etag())).toArray(Part[]::new);
        call("join the parts", () -> parts.completeMultipartUpload(CompleteMultipartUploadArgs.builder().bucket(bucket)
                .object(stagingKey).uploadId(multipartId).parts(list).build()));
    }

    @Override
    public void abortParts(String stagingKey, String multipartId) {
        try {
            parts.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket).object(stagingKey).uploadId(multipartId).build()).get();
        } catch (ExecutionException e) {
            if (!isMissing(e.getCause())) {
                throw unavailable("delete the parts of " + stagingKey, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("delete the parts of " + stagingKey, e);
        }
    }

    @Override
    public List<UploadPart> storedParts(String stagingKey, String multipartId) {
        try {
            List<Part> listed = parts.listParts(ListPartsArgs.builder().bucket(bucket).object(stagingKey).uploadId(multipartId).build())
                    .get().result().parts();
            List<UploadPart> found = new ArrayList<>();
            for (Part part : listed == null ? List.<Part>of() : listed) {
                found.add(new UploadPart(part.partNumber(), part.etag(), part.partSize()));
            }
            return found;
        } catch (ExecutionException e) {
            if (isMissing(e.getCause())) {
                return List.of();
            }
            throw unavailable("list the parts of " + stagingKey, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("list the parts of " + stagingKey, e);
        }
    }

    @Override
    public InputStream read(String key) {
        try {
            return s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw unavailable("read " + key, e);
        }
    }

    @Override
    public void promote(String stagingKey, String sha256, long length) {
        String blobKey = ArtifactStorage.blobKey(sha256);
        try {
            if (!exists(blobKey)) {
                copy(stagingKey, blobKey, length);
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable("store the blob", e);
        }
        discard(stagingKey);
    }

    /**
     * A single CopyObject up to the copy limit (5 GiB on S3); larger objects are copied range by
     * range with UploadPartCopy into a multipart upload at the blob's key, which S3Proxy supports as well.
     */
    private void copy(String from, String to, long length) throws Exception {
        if (length <= copyPartBytes) {
            s3.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to)
                    .source(SourceObject.builder().bucket(bucket).object(from).build()).build());
            return;
        }
        String multipartId = startParts(to);
        try {
            List<UploadPart> copied = new ArrayList<>();
            int number = 1;
            for (long first = 0; first < length; first += copyPartBytes, number++) {
                long last = Math.min(length, first + copyPartBytes) - 1;
                Http.Headers headers = new Http.Headers();
                headers.set("x-amz-copy-source", "/" + bucket + "/" + from);
                headers.set("x-amz-copy-source-range", "bytes=" + first + "-" + last);
                // UploadPartCopyArgs.builder() fails by reflection in minio 9.0.4; its public constructor works.
                UploadPartCopyArgs args = new UploadPartCopyArgs(ComposeObjectArgs.builder().bucket(bucket).object(to)
                        .sources(List.of(SourceObject.builder().bucket(bucket).object(from).build())).build(), multipartId, number, headers);
                Part part = call("copy part " + number, () -> parts.uploadPartCopy(args)).part();
                copied.add(new UploadPart(number, part.etag(), last - first + 1));
            }
            completeParts(to, multipartId, copied);
        } catch (RuntimeException e) {
            abortParts(to, multipartId);
            throw e;
        }
    }

    @Override
    public void discard(String stagingKey) {
        remove(stagingKey);
    }

    @Override
    public boolean blobExists(String sha256) {
        try {
            return exists(ArtifactStorage.blobKey(sha256));
        } catch (Exception e) {
            throw unavailable("look up the blob " + sha256, e);
        }
    }

    @Override
    public void deleteBlob(String sha256) {
        remove(ArtifactStorage.blobKey(sha256));
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

    private void remove(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw ApiException.unavailable("object store refused to delete " + key + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(String key) throws Exception {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isMissing(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ErrorResponseException response) {
            String code = response.errorResponse().code();
            return "NoSuchKey".equals(code) || "NotFound".equals(code) || "NoSuchUpload".equals(code);
        }
        return false;
    }

    private static <T> T call(String what, Supplier<CompletableFuture<T>> request) {
        try {
            return request.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (Exception e) {
            throw unavailable(what, e);
        }
    }

    private static ApiException unavailable(String what, Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        return ApiException.unavailable("object store could not " + what + ": " + root.getMessage(), root);
    }
}
