-- FleetService finds vehicles by attribute (ListVehicles and GetVersionDistribution with a selector):
-- each '=' comparison of a selector is a jsonb containment test, which this index answers without a
-- scan of the fleet. Check-ins that report unchanged attributes still update the row in place (HOT).
create index vehicle_attributes_idx on vehicle using gin (attributes jsonb_path_ops);
