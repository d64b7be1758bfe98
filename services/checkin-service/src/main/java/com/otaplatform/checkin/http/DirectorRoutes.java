package com.otaplatform.checkin.http;

import com.otaplatform.checkin.DirectorManagement;
import com.otaplatform.checkin.DirectorMetadata;
import com.otaplatform.checkin.mapping.VehicleMapper;
import com.otaplatform.common.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The director repository read-only over plain HTTP in the TUF layout (consistent snapshots), one repository per
 * vehicle under {@value #BASE}{@code <vin>/}: {@code N.root.json}, {@code root.json}, {@code timestamp.json},
 * {@code N.snapshot.json}, {@code N.targets.json}. The root, shared by all vehicles, is also at {@value #BASE}{@code
 * N.root.json} for provisioning. Only the current version of a vehicle's snapshot and targets is kept: a client that
 * read an older timestamp gets 404 and refreshes again. The metadata carries no secret; everything in it is signed.
 */
@ApplicationScoped
public class DirectorRoutes {
    static final String BASE = "/repo/director/";
    private static final Logger LOG = Logger.getLogger(DirectorRoutes.class);
    private static final Pattern ROOT = Pattern.compile("([1-9][0-9]{0,18})\\.root\\.json");
    private static final Pattern VERSIONED = Pattern.compile("([1-9][0-9]{0,18})\\.(snapshot|targets)\\.json");

    private final DirectorManagement director;

    DirectorRoutes(DirectorManagement director) {
        this.director = director;
    }

    void register(@Observes Router router) {
        router.get(BASE + "*").blockingHandler(this::serve, false);
    }

    private void serve(RoutingContext context) {
        try {
            String path = context.normalizedPath().substring(BASE.length());
            int slash = path.indexOf('/');
            Optional<byte[]> file = slash < 0 ? root(path) : vehicleFile(path.substring(0, slash), path.substring(slash + 1));
            file.ifPresentOrElse(bytes -> context.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache").end(Buffer.buffer(bytes)), () -> notFound(context));
        } catch (ApiException e) {
            notFound(context);
        } catch (RuntimeException e) {
            LOG.warnf(e, "serving %s failed", context.normalizedPath());
            context.response().setStatusCode(503).end("director repository unavailable\n");
        }
    }

    private Optional<byte[]> root(String file) {
        if (file.equals("root.json")) {
            return Optional.of(director.latestRoot());
        }
        Matcher m = ROOT.matcher(file);
        return m.matches() ? director.root(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private Optional<byte[]> vehicleFile(String vin, String file) {
        if (file.startsWith("root.json") || ROOT.matcher(file).matches()) {
            return root(file);
        }
        Optional<DirectorMetadata> stored = director.stored(VehicleMapper.vin("vin", vin));
        if (file.equals("timestamp.json")) {
            return stored.map(DirectorMetadata::timestamp);
        }
        Matcher m = VERSIONED.matcher(file);
        return m.matches() ? stored.filter(md -> md.version() == Long.parseLong(m.group(1)))
                .map(md -> m.group(2).equals("snapshot") ? md.snapshot() : md.targets()) : Optional.empty();
    }

    private static void notFound(RoutingContext context) {
        context.response().setStatusCode(404).end("not found\n");
    }
}
