-- The vehicle CA: one self-signed ECDSA P-256 certificate, its private key encrypted like the signing keys.
create table vehicle_ca (
    id                    int primary key check (id = 1),
    certificate_pem       text        not null,
    encrypted_private_key text        not null,
    created_at            timestamptz not null
);

-- Every vehicle client certificate issued, and its revocation.
create table vehicle_certificate (
    serial          text primary key,
    vin             text        not null,
    certificate_pem text        not null,
    issued_at       timestamptz not null,
    not_after       timestamptz not null,
    revoked_at      timestamptz,
    revoke_reason   text
);
create index vehicle_certificate_vin on vehicle_certificate (vin);
create index vehicle_certificate_revoked on vehicle_certificate (revoked_at) where revoked_at is not null;

-- CRL numbers must only grow (RFC 5280 5.2.3).
create sequence vehicle_crl_number;
