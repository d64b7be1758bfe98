package com.otaplatform.fleetsim;

import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdateAssignment;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Random;

/**
 * A metadata attack played on the vehicle's side of the wire: a man in the middle rewrites a
 * check-in response so that its assignment names another image (every hex digit of the first
 * download's digests flipped, the URL left alone). The agent must refuse it against the director's
 * signed targets ({@code DIRECTOR_MISMATCH}) and report that, without downloading anything.
 */
final class AssignmentTampering implements ClientInterceptor {
  private final double rate;
  private final Random random;

  AssignmentTampering(double rate, Random random) {
    this.rate = rate;
    this.random = random;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!method.getFullMethodName().equals(VehicleServiceGrpc.getCheckInMethod().getFullMethodName())) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          @SuppressWarnings("unchecked")
          public void onMessage(R message) {
            super.onMessage((R) tamper((CheckInResponse) message));
          }
        }, headers);
      }
    };
  }

  private CheckInResponse tamper(CheckInResponse response) {
    if (!response.hasAssignment() || response.getAssignment().getDownloadsCount() == 0 || random.nextDouble() >= rate) {
      return response;
    }
    UpdateAssignment assignment = response.getAssignment();
    TargetDownload first = assignment.getDownloads(0);
    TargetDownload forged = first.toBuilder().setDigests(first.getDigests().toBuilder()
        .setSha256(flip(first.getDigests().getSha256())).setSha512(flip(first.getDigests().getSha512()))).build();
    return response.toBuilder().setAssignment(assignment.toBuilder().setDownloads(0, forged)).build();
  }

  private static String flip(String hex) {
    StringBuilder out = new StringBuilder(hex.length());
    for (char c : hex.toCharArray()) {
      out.append(Character.forDigit(15 - Character.digit(c, 16), 16));
    }
    return out.toString();
  }
}
