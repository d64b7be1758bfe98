package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases signed with offline targets keys reach vehicles: a platform of its own whose operator moves the targets role
 * to two offline keys (threshold 2) with otactl, as signing-service's README says; `release create` then ends awaiting
 * signatures (exit 9) and nothing vehicles read lists the release, nor can a rollout of it be created; the two key
 * holders fetch, sign and submit; then artifact-service shows the release signed and a rollout of it brings a simulated
 * fleet, verifying the director and the image repository (root v1 -> v2, targets signed by the offline keys), to it.
 */
class OfflineTargetsIT {
    private static final int ARTIFACT = 27481;
    private static final int SIGNING = 27482;
    private static final int ROLLOUT = 27483;
    private static final int CHECKIN = 27484;
    private static final int FLEET = 4;
    /** A key holder's offline machine: no credentials, only the passphrase of their key file. */
    private static final Map<String, String> KEY_HOLDER = Map.of("OTACTL_KEY_PASSPHRASE", "offline-targets-e2e-passphrase");
    private static final Map<String, String> FLEET_ADMIN = Map.of("OTACTL_USERNAME", "fleet-admin", "OTACTL_PASSWORD", "demo-fleet-admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private OtactlDriver otactl;

    /** One person holding one offline targets key on their own machine. */
    private record KeyHolder(String name, Path keyFile, String keyId) {
    }

    @Test
    void shouldDeliverAReleaseToVehiclesOnlyOnceTwoOfflineTargetsKeysHaveSignedIt() throws Exception {
        Map<String, String> peers = PlatformProcesses.env("OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT), "OTA_SIGNING_PORT", String.valueOf(SIGNING),
                "OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT), "OTA_CHECKIN_PORT", String.valueOf(CHECKIN),
                "OTA_IMAGE_REPOSITORY_URL", PlatformProcesses.imageRepositoryUrl(SIGNING));
        try (PlatformProcesses platform = PlatformProcesses.create("ota_offline_targets", "ota-offline-targets")) {
            platform.start("artifact-service", ARTIFACT, peers);
            platform.start("signing-service", SIGNING, peers);
            platform.start("rollout-service", ROLLOUT, peers);
            platform.start("checkin-service", CHECKIN, peers);
            otactl = new OtactlDriver(work.resolve("otactl"), ARTIFACT, SIGNING, ROLLOUT, CHECKIN);

            KeyHolder alice = keygen("alice", "ed25519");
            KeyHolder bob = keygen("bob", "ecdsa-p256");
            OtactlDriver.Result online = otactl.run(OtactlDriver.CI, "signing", "status");
            assertThat(online.exitCode()).as(online.out() + online.err()).isZero();
            assertThat(online.out()).containsPattern("targets +\\d+ .* 89d +the server, before it expires \\(1 of 1 online\\)");
            moveTargetsOffline(alice, bob);

            // the targets keys are offline now: status says who must re-sign, and warns once expiry is within its window
            assertThat(otactl.json("signing", "status", "--output", "json").get(1).toString())
                    .contains("\"role\":\"targets\"", "\"threshold\":2", "\"onlineKeys\":0", "\"resignedByServer\":false");
            OtactlDriver.Result calm = otactl.run(OtactlDriver.CI, "signing", "status", "--warn", "30d");
            assertThat(calm.exitCode()).as(calm.out() + calm.err()).isZero();
            assertThat(calm.out()).contains("offline key holders (0 of 2 online)");
            OtactlDriver.Result due = otactl.run(OtactlDriver.CI, "signing", "status", "--warn", "100d");
            assertThat(due.exitCode()).as(due.out() + due.err()).isEqualTo(9);
            assertThat(due.out()).contains("targets expires in 89d. Next: otactl signing prepare --role targets --out targets.json,"
                    + " then `otactl signing sign` it with 2 offline key(s)").doesNotContain("snapshot expires", "root expires");

            byte[] image = new byte[96 * 1024];
            new Random(17).nextBytes(image);
            Path file = work.resolve("adas-6.0.0.img");
            Files.write(file, image);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
            String artifact = otactl.json("push", file.toString(), "--kind", "firmware", "--ecu", "adas-main", "--hw", "adas-v3",
                    "--version", "6.0.0", "--output", "json").get("name").asText();

            OtactlDriver.Result created = otactl.run(OtactlDriver.CI, "release", "create", "--name", "adas-6.0.0-offline",
                    "--artifact", "adas-main=" + artifact);
            assertThat(created.exitCode()).as("created, awaiting offline signatures: %s", created.err()).isEqualTo(9);
            String release = created.out().lines().filter(l -> l.startsWith("Created ")).findFirst().orElseThrow().split(" ")[1];
            assertThat(created.out()).contains(release + " awaits offline signatures").contains("0 of 2 signature(s)")
                    .contains(alice.keyId()).contains(bob.keyId());
            String staged = created.out().lines().filter(l -> l.trim().startsWith("otactl signing fetch ")).findFirst().orElseThrow()
                    .trim().split(" ")[3];

            // what the platform promises while it waits: nothing vehicles or rollouts read lists the release
            assertThat(otactl.json("release", "show", release, "--output", "json").get("state").asText()).isEqualTo("RELEASE_STATE_CREATED");
            assertThat(served("targets.json")).as("served targets do not list the image").doesNotContain(sha256);
            OtactlDriver.Result early = otactl.run(OtactlDriver.CI, "rollout", "create", "--release", release, "--name", "too-early",
                    "--stages", "100");
            assertThat(early.exitCode()).as("a rollout of an unsigned release: %s", early.err()).isEqualTo(8);
            assertThat(early.err()).contains(release + " is not signed yet").contains("otactl release sign " + release);
            assertThat(otactl.json("signing", "staged", "--output", "json").get(0).toString()).contains(staged, "STAGED_STATE_OPEN", release);

            // each key holder fetches what waits, signs it on their own machine and submits the signature
            Path aliceFile = fetchAndSign(alice, staged);
            assertThat(otactl.run(OtactlDriver.CI, "signing", "submit", aliceFile.toString()).out()).contains("1 of 2 signature(s)", "not published yet");
            assertThat(otactl.json("release", "show", release, "--output", "json").get("state").asText()).isEqualTo("RELEASE_STATE_CREATED");
            assertThat(served("targets.json")).doesNotContain(sha256);
            Path bobFile = fetchAndSign(bob, staged);
            OtactlDriver.Result published = otactl.run(OtactlDriver.CI, "signing", "submit", bobFile.toString());
            assertThat(published.exitCode()).as(published.err()).isZero();
            assertThat(published.out()).contains("2 of 2 signature(s)", "published targets v3");

            // artifact-service learns at publication, not a re-signing round later
            JsonNode signed = otactl.json("release", "show", release, "--output", "json");
            assertThat(signed.get("state").asText()).isEqualTo("RELEASE_STATE_SIGNED");
            assertThat(signed.get("targetsVersion").asLong()).isEqualTo(3);
            assertThat(served("targets.json")).contains(sha256);
            assertThat(otactl.run(OtactlDriver.CI, "release", "sign", release).out()).startsWith("Signed " + release).contains("targets v3");

            String rollout = otactl.json("rollout", "create", "--release", release, "--name", "offline-targets", "--select",
                    "e2e-run = 'offline-targets'", "--stages", "100", "--output", "json").get("name").asText();
            assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();
            var simulated = PlatformProcesses.simulate(CHECKIN, "-n", String.valueOf(FLEET), "--cycles", "2",
                    "--poll-interval", "1s", "--seed", "27", "--attr", "e2e-run=offline-targets", "--base-dir", work.resolve("fleet").toString());
            assertThat(simulated.exitCode()).as(simulated.output()).isZero();
            JsonNode summary = simulated.summary();
            assertThat(summary.get("updatesSucceeded").asLong()).as("every vehicle on 6.0.0: " + summary).isEqualTo(FLEET);
            assertThat(summary.get("updatesFailed").asLong()).isZero();
            JsonNode completed = otactl.awaitRollout(rollout, r -> r.at("/progress/0/vehiclesSucceeded").asLong() == FLEET,
                    "counting every vehicle's success");
            assertThat(completed.at("/progress/0/vehiclesFailed").asLong()).isZero();
        }
    }

    private KeyHolder keygen(String name, String scheme) throws Exception {
        Path keyFile = work.resolve(name).resolve("targets.key");
        Files.createDirectories(keyFile.getParent());
        OtactlDriver.Result keygen = otactl.run(KEY_HOLDER, "signing", "keygen", "--out", keyFile.toString(), "--scheme", scheme,
                "--output", "json");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        return new KeyHolder(name, keyFile, JSON.readTree(keygen.out()).get("keyId").asText());
    }

    /** signing-service's README, "Running targets offline": register the public halves, root v2 names them, targets signed by them. */
    private void moveTargetsOffline(KeyHolder first, KeyHolder second) throws Exception {
        for (KeyHolder holder : new KeyHolder[]{first, second}) {
            OtactlDriver.Result registered = otactl.run(FLEET_ADMIN, "signing", "key", "create", "--storage", "offline", "--public-key",
                    holder.keyFile() + ".pub", "--role", "targets");
            assertThat(registered.exitCode()).as(registered.err()).isZero();
        }
        OtactlDriver.Result root = otactl.run(FLEET_ADMIN, "signing", "prepare", "--role", "root", "--keys",
                "targets=" + first.keyId() + "," + second.keyId(), "--threshold", "targets=2", "--out", work.resolve("root-v2.json").toString());
        assertThat(root.exitCode()).as(root.err()).isZero();
        assertThat(root.out()).as("the root key is still online").contains("published root v2");

        // the served targets v1 is signed by the old online key: the new keys sign targets once
        Path targets = work.resolve("targets-v2.json");
        OtactlDriver.Result prepared = otactl.run(OtactlDriver.CI, "signing", "prepare", "--role", "targets", "--out", targets.toString());
        assertThat(prepared.exitCode()).as(prepared.err()).isZero();
        assertThat(prepared.out()).contains("Staged targets v2", "0 of 2 signature(s)");
        for (KeyHolder holder : new KeyHolder[]{first, second}) {
            OtactlDriver.Result sign = otactl.run(KEY_HOLDER, "signing", "sign", targets.toString(), "--key", holder.keyFile().toString());
            assertThat(sign.exitCode()).as(sign.err()).isZero();
        }
        OtactlDriver.Result submitted = otactl.run(OtactlDriver.CI, "signing", "submit", targets.toString());
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(submitted.out()).contains("2 of 2 signature(s)", "published targets v2");
    }

    private Path fetchAndSign(KeyHolder holder, String staged) throws Exception {
        Path file = work.resolve(holder.name()).resolve("targets-v3.json");
        OtactlDriver.Result fetched = otactl.run(OtactlDriver.CI, "signing", "fetch", staged, "--out", file.toString());
        assertThat(fetched.exitCode()).as(fetched.err()).isZero();
        OtactlDriver.Result sign = otactl.run(KEY_HOLDER, "signing", "sign", file.toString(), "--key", holder.keyFile().toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        return file;
    }

    private static String served(String file) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(PlatformProcesses.imageRepositoryUrl(SIGNING) + file)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(file).isEqualTo(200);
        return response.body();
    }
}
