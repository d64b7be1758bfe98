-- The director repository (Uptane): its keys, encrypted at rest with the service's passphrase, its root
-- metadata, and each vehicle's signed targets, snapshot and timestamp, kept until the vehicle's
-- assignment changes or the metadata nears expiry.
create table director_key (
    role                  text primary key,
    key_id                text        not null,
    encrypted_private_key text        not null,
    created_at            timestamptz not null
);

create table director_root (
    version    bigint primary key,
    metadata   bytea       not null,
    expires_at timestamptz not null
);

create table director_vehicle (
    vin         text primary key,
    version     bigint      not null,
    fingerprint text        not null,
    targets     bytea       not null,
    snapshot    bytea       not null,
    timestamp   bytea       not null,
    expires_at  timestamptz not null
);
