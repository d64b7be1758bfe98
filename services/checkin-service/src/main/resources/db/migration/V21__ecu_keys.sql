-- What check-in verifies a vehicle's manifests with: the ECU public keys the vehicle registered at
-- provisioning (TUF key objects by ECU serial), which of them is the primary ECU (its key signs the
-- manifest), and the nonce check-in issued it last (null before the first check-in), which its next
-- manifest must carry. Vehicles provisioned before this migration have no keys: they provision again.
alter table vehicle_registration
    add column primary_ecu_serial text,
    add column ecu_keys           jsonb,
    add column nonce              text;
