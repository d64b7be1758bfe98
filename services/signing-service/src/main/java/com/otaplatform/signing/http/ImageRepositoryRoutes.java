package com.otaplatform.signing.http;

import com.otaplatform.signing.ImageRepositoryManagement;
import com.otaplatform.signing.ImageTarget;
import com.otaplatform.signing.RoleMetadata;
import com.otaplatform.signing.TargetDownloads;
import com.otaplatform.tuf.model.RoleName;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The image repository read-only over plain HTTP in the standard TUF layout (consistent snapshots), under
 * {@value #BASE}: {@code N.root.json}, {@code root.json}, {@code timestamp.json}, {@code N.snapshot.json},
 * {@code N.targets.json}, and {@code targets/<dirs>/<sha256>.<file>} answered by a redirect to a presigned S3 URL.
 * Public: the metadata is signed, and what is secret stays in S3 behind short-lived URLs.
 */
@ApplicationScoped
public class ImageRepositoryRoutes {
    static final String BASE = "/repo/image/";
    private static final Logger LOG = Logger.getLogger(ImageRepositoryRoutes.class);
    private static final Pattern VERSIONED = Pattern.compile("([1-9][0-9]{0,18})\\.(root|snapshot|targets)\\.json");
    private static final Pattern HASHED_FILE = Pattern.compile("([0-9a-f]{64})\\.(.+)");

    private final ImageRepositoryManagement repository;
    private final TargetDownloads downloads;

    ImageRepositoryRoutes(ImageRepositoryManagement repository, TargetDownloads downloads) {
        this.repository = repository;
        this.downloads = downloads;
    }

    void register(@Observes Router router) {
        router.get(BASE + "*").blockingHandler(this::serve, false);
    }

    private void serve(RoutingContext context) {
        try {
            String path = context.normalizedPath().substring(BASE.length());
            if (path.startsWith("targets/")) {
                redirectToTarget(context, URLDecoder.decode(path.substring("targets/".length()), StandardCharsets.UTF_8));
                return;
            }
            metadata(path).ifPresentOrElse(md -> context.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache").end(Buffer.buffer(md.bytes())), () -> notFound(context));
        } catch (RuntimeException e) {
            LOG.warnf(e, "serving %s failed", context.normalizedPath());
            context.response().setStatusCode(503).end("image repository unavailable\n");
        }
    }

    private Optional<RoleMetadata> metadata(String file) {
        switch (file) {
            case "root.json":
                return Optional.of(repository.current(RoleName.ROOT));
            case "timestamp.json":
                return Optional.of(repository.current(RoleName.TIMESTAMP));
            case "snapshot.json":
                return Optional.of(repository.current(RoleName.SNAPSHOT));
            case "targets.json":
                return Optional.of(repository.current(RoleName.TARGETS));
            default:
                Matcher m = VERSIONED.matcher(file);
                return m.matches() ? repository.metadata(m.group(2), Long.parseLong(m.group(1))) : Optional.empty();
        }
    }

    private void redirectToTarget(RoutingContext context, String hashedPath) {
        int slash = hashedPath.lastIndexOf('/');
        Matcher m = HASHED_FILE.matcher(hashedPath.substring(slash + 1));
        if (!m.matches()) {
            notFound(context);
            return;
        }
        String name = hashedPath.substring(0, slash + 1) + m.group(2);
        Optional<ImageTarget> target = repository.target(name).filter(t -> t.sha256().equals(m.group(1)));
        if (target.isEmpty()) {
            notFound(context);
            return;
        }
        context.response().setStatusCode(302).putHeader("Location", downloads.presignedUrl(target.get()))
                .putHeader("Cache-Control", "no-store").end();
    }

    private static void notFound(RoutingContext context) {
        context.response().setStatusCode(404).end("not found\n");
    }
}
