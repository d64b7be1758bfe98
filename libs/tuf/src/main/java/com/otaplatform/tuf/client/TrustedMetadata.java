package com.otaplatform.tuf.client;

import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;

/** The top-level metadata a refresh verified, all consistent with each other. */
public record TrustedMetadata(RootMetadata root, TimestampMetadata timestamp, SnapshotMetadata snapshot,
                              TargetsMetadata targets) {
}
