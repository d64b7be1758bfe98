package com.otaplatform.otactl.upload;

import com.otaplatform.artifact.v1.ArtifactKind;
import com.otaplatform.artifact.v1.ArtifactSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResumeStatesTest {
    private static final ArtifactSpec DEFAULT_SPEC = ArtifactSpec.newBuilder().setKind(ArtifactKind.ARTIFACT_KIND_FIRMWARE)
            .setVersion("1.0.0").putLabels("team", "adas").build();

    @TempDir
    Path dir;

    @Test
    void remembersTheUploadOfTheSameFileAndSpecUntilForgotten() throws Exception {
        Path file = Files.write(dir.resolve("image.bin"), new byte[1000]);
        ResumeStates states = new ResumeStates(dir.resolve("config"));

        states.save(file, DEFAULT_SPEC, "uploads/u1");

        assertThat(new ResumeStates(dir.resolve("config")).find(file, DEFAULT_SPEC)).contains("uploads/u1");
        assertThat(states.find(file, DEFAULT_SPEC.toBuilder().setVersion("1.0.1").build())).isEmpty();
        states.forget(file);
        assertThat(states.find(file, DEFAULT_SPEC)).isEmpty();
    }

    @Test
    void aChangedFileIsANewUpload() throws Exception {
        Path file = Files.write(dir.resolve("image.bin"), new byte[1000]);
        ResumeStates states = new ResumeStates(dir.resolve("config"));
        states.save(file, DEFAULT_SPEC, "uploads/u1");

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(states.find(file, DEFAULT_SPEC)).isEmpty();

        Files.write(file, new byte[1001]);
        assertThat(states.find(file, DEFAULT_SPEC)).isEmpty();
    }

    @Test
    void anUnreadableStateStartsAFreshUpload() throws Exception {
        Path file = Files.write(dir.resolve("image.bin"), new byte[10]);
        ResumeStates states = new ResumeStates(dir.resolve("config"));
        states.save(file, DEFAULT_SPEC, "uploads/u1");
        Files.writeString(states.stateFile(file), "{not json");
        assertThat(states.find(file, DEFAULT_SPEC)).isEmpty();
    }
}
