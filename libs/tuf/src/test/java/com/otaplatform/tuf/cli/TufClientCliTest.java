package com.otaplatform.tuf.cli;

import com.otaplatform.tuf.client.Fixture;
import com.otaplatform.tuf.model.TargetFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TufClientCliTest {
    @TempDir
    Path tmp;
    Fixture f;
    Path md;
    Path targets;
    StringWriter err = new StringWriter();
    TargetFile target;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(tmp);
        target = f.repo.addTarget("dir/app.bin", "application".getBytes(StandardCharsets.UTF_8), null);
        f.repo.publish();
        md = tmp.resolve("cli/metadata");
        targets = tmp.resolve("cli/targets");
        Path root = tmp.resolve("initial_root.json");
        Files.write(root, f.repo.metadataBytes("1.root.json"));
        assertThat(run("--metadata-dir", md.toString(), "init", root.toString())).isZero();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private int run(String... args) {
        return TufClientCli.run(new PrintWriter(err, true), args);
    }

    private int download(String name) {
        return run("--metadata-dir", md.toString(), "--metadata-url", f.metadataUrl().toString(),
                "--target-name", name, "--target-base-url", f.targetsUrl().toString(),
                "--target-dir", targets.toString(), "download");
    }

    @Test
    void initRefreshDownload() throws Exception {
        assertThat(run("--metadata-dir", md.toString(), "--metadata-url", f.metadataUrl().toString(), "refresh"))
                .as(err.toString()).isZero();
        assertThat(md.resolve("timestamp.json")).exists();
        assertThat(md.resolve("snapshot.json")).exists();
        assertThat(md.resolve("targets.json")).exists();
        assertThat(download("dir/app.bin")).as(err.toString()).isZero();
        try (var s = Files.list(targets)) {
            Path p = s.filter(x -> !x.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            assertThat(Files.readString(p)).isEqualTo("application");
        }
        // cached: the second download does not fetch the file again
        f.server.requests.clear();
        assertThat(download("dir/app.bin")).isZero();
        assertThat(f.server.requests).noneMatch(r -> r.contains("/targets/"));
    }

    @Test
    void failuresExitWithOne() {
        f.server.serveBytes(f.tgt("dir/" + target.hashes().get("sha256") + ".app.bin"),
                "APPLICATION".getBytes(StandardCharsets.UTF_8));
        assertThat(download("dir/app.bin")).isEqualTo(1);
        assertThat(err.toString()).contains("HASH_MISMATCH");
        assertThat(download("../escape")).isEqualTo(1);
        assertThat(err.toString()).contains("PATH_TRAVERSAL");
        assertThat(download("missing.bin")).isEqualTo(1);
        assertThat(err.toString()).contains("TARGET_NOT_FOUND");
        assertThat(run("--metadata-dir", tmp.resolve("empty").toString(), "--metadata-url",
                f.metadataUrl().toString(), "refresh")).isEqualTo(1);
        assertThat(err.toString()).contains("NOT_INITIALIZED");
        assertThat(run("--metadata-dir", md.toString(), "bogus")).isEqualTo(1);
    }
}
