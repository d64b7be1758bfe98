-- Rollouts, their per-stage counters, the vehicles they reached, and the audit trail.
create table rollout (
    id            uuid primary key,
    display_name  text        not null,
    release       text        not null,
    selector      text        not null,
    stages        jsonb       not null,
    targets       jsonb       not null,
    state         text        not null,
    current_stage int         not null,
    created_by    text        not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    revision      bigint      not null
);
create index rollout_created_idx on rollout (created_at desc, id);
create index rollout_live_idx on rollout (state) where state in ('RUNNING', 'PAUSED');

create table stage_progress (
    rollout_id  uuid   not null references rollout (id),
    stage       int    not null,
    state       text   not null,
    started_at  timestamptz,
    reached     bigint not null default 0,
    succeeded   bigint not null default 0,
    failed      bigint not null default 0,
    in_progress bigint not null default 0,
    primary key (rollout_id, stage)
);

-- One row per vehicle a rollout reached, written as outcomes arrive (never up front).
create table rollout_vehicle (
    rollout_id uuid not null references rollout (id),
    vin        text not null,
    stage      int  not null,
    status     text not null,
    primary key (rollout_id, vin)
);

create table rollout_event (
    rollout_id uuid        not null references rollout (id),
    sequence   bigint      not null,
    from_state text        not null,
    to_state   text        not null,
    stage      int         not null,
    actor_kind text        not null,
    actor      text        not null,
    reason     text        not null,
    at         timestamptz not null,
    primary key (rollout_id, sequence)
);

-- How far the outcome feed of checkin-service has been folded into stage_progress.
create table outcome_cursor (
    id             int primary key check (id = 1),
    after_sequence bigint not null
);
insert into outcome_cursor (id, after_sequence) values (1, 0);
