package com.otaplatform.fleetsim;

import com.otaplatform.agent.BootCheck;
import com.otaplatform.agent.ErrorCodes;
import com.otaplatform.agent.ImageSource;
import com.otaplatform.agent.ImageWriter;
import com.otaplatform.agent.UpdateException;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import java.io.IOException;
import java.util.Random;

/**
 * Failure injection through the agent's pluggable hooks, each firing with a probability from a
 * per-vehicle seeded {@link Random} (reproducible for a given seed):
 * downloads fail with {@code DOWNLOAD_FAILED}, slot writes fail ({@code INSTALL_FAILED}), boot
 * checks fail (the agent rolls back and reports {@code ROLLED_BACK}), and check-in responses are
 * tampered with on the wire (the agent refuses them with {@code DIRECTOR_MISMATCH}).
 */
public record FaultInjection(double downloadFailureRate, double installFailureRate, double bootFailureRate,
    double tamperRate) {

  public FaultInjection {
    check(downloadFailureRate, "--fail-download");
    check(installFailureRate, "--fail-install");
    check(bootFailureRate, "--fail-boot");
    check(tamperRate, "--tamper-assignment");
  }

  public static FaultInjection none() {
    return new FaultInjection(0, 0, 0, 0);
  }

  /** The vehicle's channel, with a man in the middle rewriting assignments when the rate is above 0. */
  public Channel checkIns(Channel real, Random random) {
    return tamperRate == 0 ? real : ClientInterceptors.intercept(real, new AssignmentTampering(tamperRate, random));
  }

  private static void check(double rate, String what) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(what + " must be between 0 and 1, got " + rate);
    }
  }

  private static boolean fires(Random random, double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  public ImageSource downloads(ImageSource real, Random random) {
    if (downloadFailureRate == 0) {
      return real;
    }
    return download -> {
      if (fires(random, downloadFailureRate)) {
        throw new UpdateException(ErrorCodes.DOWNLOAD_FAILED, "injected download failure (simulator)");
      }
      return real.fetch(download);
    };
  }

  public ImageWriter writes(ImageWriter real, Random random) {
    if (installFailureRate == 0) {
      return real;
    }
    return (image, destination) -> {
      if (fires(random, installFailureRate)) {
        throw new IOException("injected slot write failure (simulator)");
      }
      real.write(image, destination);
    };
  }

  public BootCheck boots(Random random) {
    if (bootFailureRate == 0) {
      return BootCheck.passing();
    }
    return (ecu, image, slotDir) -> fires(random, bootFailureRate)
        ? BootCheck.Result.failed("injected boot failure (simulator)")
        : BootCheck.Result.ok();
  }
}
