-- Vehicles as they last reported, their update status events (the durable outcome feed), and
-- which rollouts already reached each vehicle.
create table vehicle (
    vin        text primary key,
    attributes jsonb       not null,
    ecus       jsonb       not null,
    last_seen  timestamptz not null,
    created_at timestamptz not null
);

create table status_event (
    sequence       bigserial primary key,
    event_id       text        not null unique,
    vin            text        not null,
    rollout        text        not null,
    correlation_id text        not null,
    phase          text        not null,
    ecu_serial     text        not null,
    error_code     text        not null,
    message        text        not null,
    occurred_at    timestamptz not null,
    received_at    timestamptz not null
);
create index status_event_vin_idx on status_event (vin, sequence desc);

create table vehicle_rollout (
    vin            text not null,
    rollout        text not null,
    correlation_id text not null,
    finished       boolean not null default false,
    primary key (vin, rollout)
);
