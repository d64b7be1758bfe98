package com.otaplatform.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.common.Database;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.common.Lease;
import com.otaplatform.tuf.model.RoleName;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' re-signing rounds, played by two independent {@link Resigner}s with different holder ids running
 * concurrently in threads against the same database.
 */
@QuarkusTest
class ResignerTest {
    private static final int ROUNDS = 15;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ImageRepositoryManagement repository;
    @Inject
    SigningConfig config;

    private Database db;

    @BeforeEach
    void clearLease() {
        db = new Database(dataSource);
        db.inTransaction(c -> Database.update(c, "delete from lease"));
    }

    private Resigner replica(String holder, Duration lease) {
        return new Resigner(db, repository, holder, lease, config.resign().margin());
    }

    @Test
    void shouldResignTimestampExactlyOncePerExpiryWindowWithTwoReplicas() throws Exception {
        Resigner a = replica("replica-a", Duration.ofMinutes(1));
        Resigner b = replica("replica-b", Duration.ofMinutes(1));
        long snapshotBefore = repository.current(RoleName.SNAPSHOT).version();
        List<String> publishers = new ArrayList<>();

        for (int window = 1; window <= 2; window++) {
            RoleMetadata timestamp = repository.current(RoleName.TIMESTAMP);
            Instant nearExpiry = timestamp.expiresAt().minus(config.resign().margin()).plusSeconds(1);

            List<Publication> byA = new ArrayList<>();
            List<Publication> byB = new ArrayList<>();
            runConcurrently(() -> rounds(a, nearExpiry, byA), () -> rounds(b, nearExpiry, byB));

            assertThat(byA.size() + byB.size()).as("publications in window %d", window).isEqualTo(1);
            assertThat(repository.current(RoleName.TIMESTAMP).version()).isEqualTo(timestamp.version() + 1);
            assertThat(repository.current(RoleName.TIMESTAMP).expiresAt()).isAfter(nearExpiry.plus(config.resign().margin()));
            String publisher = byA.isEmpty() ? b.holder() : a.holder();
            assertThat(holder()).as("the publisher holds the lease").contains(publisher);
            publishers.add(publisher);
        }
        assertThat(publishers).as("the lease holder keeps the job across windows").containsOnly(publishers.get(0));
        Resigner other = publishers.get(0).equals(a.holder()) ? b : a;
        assertThat(other.renewLease()).as("the other replica cannot take a running lease").isFalse();
        assertThat(repository.current(RoleName.SNAPSHOT).version()).as("snapshot was not due").isEqualTo(snapshotBefore);
    }

    @Test
    void shouldResignNothingBeforeTheMargin() {
        RoleMetadata timestamp = repository.current(RoleName.TIMESTAMP);
        Instant early = timestamp.expiresAt().minus(config.resign().margin()).minusSeconds(60);

        assertThat(replica("replica-a", Duration.ofMinutes(1)).runOnce(early)).isEmpty();
        assertThat(repository.current(RoleName.TIMESTAMP).version()).isEqualTo(timestamp.version());
    }

    @Test
    void shouldHandTheLeaseOverOnlyAfterItLapses() throws Exception {
        Resigner a = replica("replica-a", Duration.ofMillis(800));
        Resigner b = replica("replica-b", Duration.ofMillis(800));

        assertThat(a.renewLease()).isTrue();
        assertThat(b.renewLease()).isFalse();
        assertThat(a.renewLease()).as("the holder renews").isTrue();
        Thread.sleep(1200);
        assertThat(b.renewLease()).as("after the lease lapsed").isTrue();
        assertThat(a.renewLease()).isFalse();
        assertThat(holder()).contains("replica-b");
    }

    private Optional<String> holder() {
        return db.inTransaction(c -> Lease.holder(c, Resigner.LEASE));
    }

    private static Void rounds(Resigner resigner, Instant now, List<Publication> published) {
        for (int i = 0; i < ROUNDS; i++) {
            Optional<Publication> p = resigner.runOnce(now);
            p.ifPresent(published::add);
        }
        return null;
    }

    @SafeVarargs
    private static void runConcurrently(Callable<Void>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
