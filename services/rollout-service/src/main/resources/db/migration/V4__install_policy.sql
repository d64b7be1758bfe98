-- What a vehicle must satisfy before installing (parked, battery, Wi-Fi, maintenance windows).
alter table rollout add column install_policy jsonb not null
    default '{"requireParked": false, "minBatteryPercent": 0, "wifiOnlyAboveBytes": 0, "maintenanceWindows": []}';
