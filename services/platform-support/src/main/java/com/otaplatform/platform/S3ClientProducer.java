package com.otaplatform.platform;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the one MinIO client of a service and makes sure its bucket exists. */
@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @ApplicationScoped
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
