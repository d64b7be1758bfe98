-- Public keys of the repositories and the roles they sign for; private key material arrives
-- with the signing work (encrypted at rest, or a PKCS#11 handle).
create table signing_key (
    key_id         text primary key,
    scheme         text        not null,
    storage        text        not null,
    public_key_pem text        not null,
    roles          text[]      not null,
    created_at     timestamptz not null,
    revoked_at     timestamptz
);
