package com.otaplatform.signing;

import com.otaplatform.tuf.model.Role;

/** How far staged metadata is from publication: valid distinct signatures against each threshold it must meet. */
public record SigningProgress(StagedMetadata staged, Role required, int signatures, int previousSignatures, boolean published) {
}
