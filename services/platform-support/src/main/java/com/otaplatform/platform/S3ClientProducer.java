package com.otaplatform.platform;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the one MinIO client of a service and makes sure its bucket exists. */
@ApplicationScoped
public class S3ClientProducer {

    // Singleton, not a lazy client proxy: the bucket must exist before a bean that holds this
    // client makes its first call through another client (the async one for multipart uploads).
    @Produces
    @Singleton
    MinioClient minioClient(S3Config config) throws Exception {
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
        }
        return client;
    }
}
