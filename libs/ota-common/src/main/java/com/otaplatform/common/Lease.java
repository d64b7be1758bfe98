package com.otaplatform.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A named lease in a PostgreSQL table {@code lease(name, holder, expires_at)}, so that work that
 * must happen once (gate evaluation, re-signing) runs on exactly one replica at a time. The holder
 * renews it while it works; when the holder dies, another replica takes it over after it expires.
 */
public final class Lease {
    private Lease() {
    }

    /** Takes or renews the lease for {@code holder}; false when another live holder has it. */
    public static boolean acquire(Connection c, String name, String holder, Duration ttl) throws SQLException {
        return Database.update(c, "insert into lease (name, holder, expires_at) values (?, ?, now() + ? * interval '1 millisecond')"
                        + " on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at"
                        + " where lease.holder = excluded.holder or lease.expires_at < now()",
                name, holder, ttl.toMillis()) == 1;
    }

    /** Gives the lease up if {@code holder} has it, so that another replica takes over at once (on shutdown). */
    public static void release(Connection c, String name, String holder) throws SQLException {
        Database.update(c, "delete from lease where name = ? and holder = ?", name, holder);
    }

    /** Who holds the lease now, if anyone does. */
    public static java.util.Optional<String> holder(Connection c, String name) throws SQLException {
        return Database.queryOne(c, "select holder from lease where name = ? and expires_at >= now()", row -> row.getString(1), name);
    }
}
