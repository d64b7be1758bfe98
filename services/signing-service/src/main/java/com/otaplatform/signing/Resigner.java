package com.otaplatform.signing;

import com.otaplatform.common.Database;
import com.otaplatform.common.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-signs snapshot and timestamp before they expire, on exactly one replica: only the holder of the PostgreSQL lease
 * {@value #LEASE} does the work; the others find it taken and wait for it to lapse.
 */
public class Resigner {
    /** Name of the lease row. */
    public static final String LEASE = "image-repository-resign";

    private final Database db;
    private final ImageRepositoryManagement repository;
    private final String holder;
    private final Duration leaseDuration;
    private final Duration margin;

    public Resigner(Database db, ImageRepositoryManagement repository, String holder,
                    Duration leaseDuration, Duration margin) {
        this.db = db;
        this.repository = repository;
        this.holder = holder;
        this.leaseDuration = leaseDuration;
        this.margin = margin;
    }

    public String holder() {
        return holder;
    }

    /** Whether this replica holds (and has just renewed) the lease. */
    public boolean renewLease() {
        return db.inTransaction(c -> Lease.acquire(c, LEASE, holder, leaseDuration));
    }

    /** One round at {@code now}: what this replica published, empty when it is not the holder or nothing was due. */
    public Optional<Publication> runOnce(Instant now) {
        if (!renewLease()) {
            return Optional.empty();
        }
        return repository.resignIfDue(now, margin);
    }

    /** Gives the lease up (on shutdown), so that another replica takes over without waiting for it to lapse. */
    public void releaseLease() {
        db.inTransaction(c -> {
            Lease.release(c, LEASE, holder);
            return null;
        });
    }
}
