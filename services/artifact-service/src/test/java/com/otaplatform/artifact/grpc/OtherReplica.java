package com.otaplatform.artifact.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.artifact.Upload;
import com.otaplatform.artifact.UploadPart;
import com.otaplatform.artifact.repository.ArtifactRepository;
import com.otaplatform.artifact.storage.ArtifactStorage;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Arrays;

/** Plays another artifact-service replica on the same store and database: it stores and records parts this one never saw. */
@Singleton
class OtherReplica {
    private final ArtifactStorage storage;
    private final ArtifactRepository repository;
    private final AgroalDataSource dataSource;

    OtherReplica(ArtifactStorage storage, ArtifactRepository repository, AgroalDataSource dataSource) {
        this.storage = storage;
        this.repository = repository;
        this.dataSource = dataSource;
    }

    /** Stores part {@code number} of the open upload, bytes [from, to), and records it at committed offset {@code from}. */
    void storePart(Upload open, int number, byte[] bytes, int from, int to) throws Exception {
        UploadPart part = storage.storePart(open.stagingKey(), open.multipartId(), number, Arrays.copyOfRange(bytes, from, to), to - from);
        try (Connection c = dataSource.getConnection()) {
            assertThat(repository.checkpoint(c, open.id(), from, part)).as("recorded at committed offset " + from).isTrue();
        }
    }
}
