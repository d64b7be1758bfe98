-- Private keys, encrypted at rest (PEM "ENCRYPTED PRIVATE KEY", PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC, the
-- passphrase comes from ota.signing.key-passphrase); null for keys held offline or in an HSM.
alter table signing_key add column encrypted_private_key text;
alter table signing_key add column revoke_reason text;

-- Every signed version of every role of the image repository, exactly as served.
create table role_metadata (
    role       text        not null,
    version    bigint      not null,
    metadata   bytea       not null,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    primary key (role, version)
);

-- The targets of the image repository; each targets version lists all of them.
create table image_target (
    name            text primary key,
    length          bigint      not null,
    sha256          text        not null,
    sha512          text        not null,
    custom          jsonb       not null,
    release         text        not null,
    targets_version bigint      not null,
    added_at        timestamptz not null
);
create index image_target_sha256 on image_target (sha256);

-- Releases whose images are in the image repository, and the versions that first listed them.
create table signed_release (
    release           text primary key,
    targets_version   bigint      not null,
    snapshot_version  bigint      not null,
    timestamp_version bigint      not null,
    signed_at         timestamptz not null
);

-- Who may run singleton jobs (re-signing snapshot and timestamp) until when.
create table lease (
    name       text primary key,
    holder     text        not null,
    expires_at timestamptz not null
);
