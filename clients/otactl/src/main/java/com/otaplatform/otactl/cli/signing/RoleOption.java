package com.otaplatform.otactl.cli.signing;

import com.otaplatform.signing.v1.Role;

/** The TUF roles as otactl spells them. */
enum RoleOption {
    root(Role.ROLE_ROOT), targets(Role.ROLE_TARGETS), snapshot(Role.ROLE_SNAPSHOT), timestamp(Role.ROLE_TIMESTAMP);

    private final Role proto;

    RoleOption(Role proto) {
        this.proto = proto;
    }

    Role proto() {
        return proto;
    }

    static String of(Role role) {
        for (RoleOption option : values()) {
            if (option.proto == role) {
                return option.name();
            }
        }
        return role.name();
    }
}
