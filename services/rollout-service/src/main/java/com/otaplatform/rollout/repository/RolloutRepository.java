package com.otaplatform.rollout.repository;

import static com.otaplatform.common.Database.jsonb;
import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.rollout.ActorKind;
import com.otaplatform.rollout.Rollout;
import com.otaplatform.rollout.RolloutEvent;
import com.otaplatform.rollout.RolloutState;
import com.otaplatform.rollout.RolloutTarget;
import com.otaplatform.rollout.Stage;
import com.otaplatform.rollout.StageProgress;
import com.otaplatform.rollout.StageState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rollouts, stage counters and the audit trail in the {@code rollout} schema. */
@ApplicationScoped
public class RolloutRepository {
    private static final TypeReference<List<Stage>> STAGES = new TypeReference<>() {
    };
    private static final TypeReference<List<RolloutTarget>> TARGETS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    RolloutRepository(ObjectMapper json) {
        this.json = json;
    }

    public void insert(Connection c, Rollout rollout) throws SQLException {
        update(c, "insert into rollout (id, display_name, release, selector, stages, targets, install_policy, priority, rollback_of, state,"
                        + " current_stage, created_by, created_at, updated_at, revision) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rollout.id(), rollout.displayName(), rollout.release(), rollout.selector(), jsonb(json, rollout.stages()),
                jsonb(json, rollout.targets()), jsonb(json, rollout.installPolicy()), rollout.priority(), rollout.rollbackOf(), rollout.state().name(), rollout.currentStage(), rollout.createdBy(),
                Timestamp.from(rollout.createdAt()), Timestamp.from(rollout.updatedAt()), rollout.revision());
        for (int stage = 0; stage < rollout.stages().size(); stage++) {
            update(c, "insert into stage_progress (rollout_id, stage, state) values (?, ?, ?)", rollout.id(), stage, StageState.PENDING.name());
        }
    }

    /** The rollout, locked for update when {@code forUpdate}. */
    public Optional<Rollout> find(Connection c, UUID id, boolean forUpdate) throws SQLException {
        Optional<Rollout> header = queryOne(c, "select * from rollout where id = ?" + (forUpdate ? " for update" : ""), this::header, id);
        return header.isEmpty() ? header : Optional.of(withProgress(c, header.get()));
    }

    public List<Rollout> list(Connection c, long offset, int limit) throws SQLException {
        List<Rollout> page = new ArrayList<>();
        for (Rollout header : query(c, "select * from rollout order by created_at desc, id limit ? offset ?", this::header, limit, offset)) {
            page.add(withProgress(c, header));
        }
        return page;
    }

    /** Every running or paused rollout, and those completed within the retention, which still serve late vehicles. */
    public List<Rollout> live(Connection c, Duration completedRetention) throws SQLException {
        List<Rollout> live = new ArrayList<>();
        for (Rollout header : query(c, "select * from rollout where state in ('RUNNING', 'PAUSED')"
                + " or (state = 'COMPLETED' and updated_at > now() - ? * interval '1 second') order by created_at, id",
                this::header, completedRetention.toSeconds())) {
            live.add(withProgress(c, header));
        }
        return live;
    }

    /** Serialises starts until the transaction ends, so that two starts never miss each other. */
    public void lockStarts(Connection c) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(hashtext('rollout.start'))", row -> true);
    }

    /** Running and paused rollouts of this priority, header only. */
    public List<Rollout> liveWithPriority(Connection c, int priority) throws SQLException {
        return query(c, "select * from rollout where state in ('RUNNING', 'PAUSED') and priority = ?", this::header, priority);
    }

    /**
     * A number that changes whenever any rollout changes, and whenever a stage reaches more vehicles
     * (check-in enforces stage caps from those counts). Each term only grows, so their sum never repeats.
     */
    public long changeMark(Connection c) throws SQLException {
        return queryOne(c, "select (select coalesce(sum(revision), 0) + count(*) from rollout)"
                + " + (select coalesce(sum(reached), 0) from stage_progress)", row -> row.getLong(1)).orElse(0L);
    }

    public void updateState(Connection c, Rollout rollout) throws SQLException {
        update(c, "update rollout set state = ?, current_stage = ?, updated_at = ?, revision = ? where id = ?",
                rollout.state().name(), rollout.currentStage(), Timestamp.from(rollout.updatedAt()), rollout.revision(), rollout.id());
    }

    public void updateStageState(Connection c, UUID rollout, int stage, StageState state, Instant startedAt) throws SQLException {
        update(c, "update stage_progress set state = ?, started_at = coalesce(started_at, ?) where rollout_id = ? and stage = ?",
                state.name(), startedAt == null ? null : Timestamp.from(startedAt), rollout, stage);
    }

    /** Makes the stage's gate judge only outcomes from now on. */
    public void moveBaseline(Connection c, UUID rollout, int stage) throws SQLException {
        update(c, "update stage_progress set baseline_succeeded = succeeded, baseline_failed = failed where rollout_id = ? and stage = ?",
                rollout, stage);
    }

    /** Running rollouts, oldest first: what the gates look at. */
    public List<UUID> running(Connection c) throws SQLException {
        return query(c, "select id from rollout where state = 'RUNNING' order by created_at, id", row -> row.getObject(1, UUID.class));
    }

    /** The rollout that rolls this one back, if one was created. */
    public Optional<UUID> rollbackOf(Connection c, UUID rolledBack) throws SQLException {
        return queryOne(c, "select id from rollout where rollback_of = ?", row -> row.getObject(1, UUID.class), rolledBack);
    }

    public void appendEvent(Connection c, RolloutEvent event) throws SQLException {
        update(c, "insert into rollout_event (rollout_id, sequence, from_state, to_state, stage, actor_kind, actor, reason, at)"
                        + " values (?, (select coalesce(max(sequence), 0) + 1 from rollout_event where rollout_id = ?), ?, ?, ?, ?, ?, ?, ?)",
                event.rollout(), event.rollout(), event.fromState().name(), event.toState().name(), event.stage(),
                event.actorKind().name(), event.actor(), event.reason(), Timestamp.from(event.at()));
    }

    /** The sequence of the rollout's last audit event, 0 when there is none. */
    public long lastEventSequence(Connection c, UUID rollout) throws SQLException {
        return queryOne(c, "select coalesce(max(sequence), 0) from rollout_event where rollout_id = ?", row -> row.getLong(1), rollout).orElse(0L);
    }

    public List<RolloutEvent> events(Connection c, UUID rollout, long offset, int limit) throws SQLException {
        return query(c, "select * from rollout_event where rollout_id = ? order by sequence limit ? offset ?", row -> new RolloutEvent(
                row.getObject("rollout_id", UUID.class), row.getLong("sequence"), RolloutState.valueOf(row.getString("from_state")),
                RolloutState.valueOf(row.getString("to_state")), row.getInt("stage"), ActorKind.valueOf(row.getString("actor_kind")),
                row.getString("actor"), row.getString("reason"), row.getTimestamp("at").toInstant()), rollout, limit, offset);
    }

    private Rollout withProgress(Connection c, Rollout header) throws SQLException {
        List<StageProgress> progress = query(c, "select * from stage_progress where rollout_id = ? order by stage", row -> new StageProgress(
                StageState.valueOf(row.getString("state")),
                row.getTimestamp("started_at") == null ? null : row.getTimestamp("started_at").toInstant(),
                row.getLong("reached"), row.getLong("succeeded"), row.getLong("failed"), row.getLong("in_progress"),
                row.getLong("baseline_succeeded"), row.getLong("baseline_failed")), header.id());
        return header.withProgress(progress);
    }

    private Rollout header(ResultSet row) throws SQLException {
        try {
            return new Rollout(row.getObject("id", UUID.class), row.getString("display_name"), row.getString("release"),
                    row.getString("selector"), json.readValue(row.getString("stages"), STAGES),
                    json.readValue(row.getString("targets"), TARGETS), json.readValue(row.getString("install_policy"), InstallPolicy.class),
                    row.getInt("priority"), row.getObject("rollback_of", UUID.class),
                    RolloutState.valueOf(row.getString("state")),
                    row.getInt("current_stage"), List.of(), row.getString("created_by"), row.getTimestamp("created_at").toInstant(),
                    row.getTimestamp("updated_at").toInstant(), row.getLong("revision"));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable rollout row", e);
        }
    }
}
