package com.otaplatform.agent;

import com.otaplatform.vehicle.v1.TargetDownload;
import java.nio.file.Path;

/**
 * Fetches the image of one {@link TargetDownload} and returns a local file whose length and
 * digests match the signed ones. {@link ImageDownloader} is the real implementation; the seam
 * lets a fleet simulator inject download failures.
 */
@FunctionalInterface
public interface ImageSource {
  Path fetch(TargetDownload download) throws UpdateException;
}
