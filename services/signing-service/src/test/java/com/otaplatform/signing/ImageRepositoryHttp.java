package com.otaplatform.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.client.UpdaterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;

/** The image repository of the service under test over plain HTTP, as a TUF client sees it. */
public final class ImageRepositoryHttp {
    private final String base;

    public ImageRepositoryHttp(int port) {
        this.base = "http://127.0.0.1:" + port + "/repo/image/";
    }

    public HttpResponse<byte[]> get(String file) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + file)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The body of a file that must be served. */
    public byte[] served(String file) throws Exception {
        HttpResponse<byte[]> response = get(file);
        assertThat(response.statusCode()).as(file).isEqualTo(200);
        return response.body();
    }

    /** A TUF client whose trusted metadata is in {@code metadataDir}. */
    public TufUpdater client(Path metadataDir) {
        return new TufUpdater(metadataDir, URI.create(base), UpdaterConfig.defaults(), Clock.systemUTC());
    }

    /** A TUF client in {@code metadataDir} that trusts root v1. */
    public TufUpdater clientTrustingRootV1(Path metadataDir) throws Exception {
        TufUpdater.init(metadataDir, served("1.root.json"));
        return client(metadataDir);
    }
}
