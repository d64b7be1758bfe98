package com.otaplatform.tuf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.tuf.client.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI ({@code java -jar tuf-<version>-cli.jar}) as a conformance suite drives it: one process per step. */
class TufClientJarIT {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(tmp);
        f.repo.addTarget("dir/app.bin", "application".getBytes(StandardCharsets.UTF_8), null);
        f.repo.publish();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    record Run(int exitCode, String output) {
    }

    private Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("tuf.cli.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void shouldInitRefreshAndDownloadAsSeparateProcesses() throws Exception {
        Path metadata = tmp.resolve("client/metadata");
        Path targets = tmp.resolve("client/targets");
        Path root = tmp.resolve("root.json");
        Files.write(root, f.repo.metadataBytes("1.root.json"));

        assertThat(java("--metadata-dir", metadata.toString(), "init", root.toString()).exitCode()).isZero();
        Run refresh = java("--metadata-dir", metadata.toString(), "--metadata-url", f.metadataUrl().toString(), "refresh");
        assertThat(refresh.exitCode()).as(refresh.output()).isZero();
        Run download = java("--metadata-dir", metadata.toString(), "--metadata-url", f.metadataUrl().toString(), "--target-name",
                "dir/app.bin", "--target-base-url", f.targetsUrl().toString(), "--target-dir", targets.toString(), "download");
        assertThat(download.exitCode()).as(download.output()).isZero();
        try (var files = Files.list(targets)) {
            List<Path> downloaded = files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertThat(downloaded).hasSize(1);
            assertThat(Files.readString(downloaded.get(0))).isEqualTo("application");
        }

        Run missing = java("--metadata-dir", metadata.toString(), "--metadata-url", f.metadataUrl().toString(), "--target-name",
                "dir/missing.bin", "--target-base-url", f.targetsUrl().toString(), "--target-dir", targets.toString(), "download");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).contains("TARGET_NOT_FOUND");
        assertThat(java("--help").output()).contains("init").contains("refresh").contains("download");
    }
}
