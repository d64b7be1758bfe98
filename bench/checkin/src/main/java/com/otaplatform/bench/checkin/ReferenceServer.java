package com.otaplatform.bench.checkin;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.net.InetSocketAddress;

/**
 * The reference of the check-in benchmark: a bare grpc-java server whose CheckIn answers a fixed
 * ~200-byte reply without looking at the request, either on grpc-java's default executor or on
 * the event loop ({@code directExecutor()}). It speaks mutual TLS like checkin-service's vehicle
 * port (its certificate, vehicles' certificates from the vehicle CA), so that both pay the same
 * handshake and encryption. Run as its own process:
 * {@code ReferenceServer PORT default|direct SERVER_CERT SERVER_KEY VEHICLE_CA}.
 */
public final class ReferenceServer {
    /** A reply shaped like a real one: a nonce, the next poll, and repository URLs; 200 bytes or so. */
    static final CheckInResponse REPLY = CheckInResponse.newBuilder()
            .setNonce("6f1c2b9e-3d4a-4e5f-8a7b-1c2d3e4f5a6b")
            .setNextPoll(Duration.newBuilder().setSeconds(300).setNanos(123_000_000))
            .setImageRepositoryUrl("https://ota.example.com/repo/image/")
            .setDirectorRepositoryUrl("https://ota.example.com/repo/director/BNCH0000000000001/")
            .setDirectorTargets(ByteString.copyFromUtf8("{\"signed\":{\"_type\":\"targets\",\"version\":1,\"targets\":{}},\"signatures\":[]}"))
            .build();

    private ReferenceServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !(args[1].equals("default") || args[1].equals("direct"))) {
            throw new IllegalArgumentException("usage: ReferenceServer PORT default|direct SERVER_CERT SERVER_KEY VEHICLE_CA (PEM files)");
        }
        ServerCredentials tls = TlsServerCredentials.newBuilder().keyManager(new File(args[2]), new File(args[3]))
                .trustManager(new File(args[4])).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), tls)
                .addService(new VehicleServiceGrpc.VehicleServiceImplBase() {
                    @Override
                    public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> response) {
                        response.onNext(REPLY);
                        response.onCompleted();
                    }
                });
        if (args[1].equals("direct")) {
            builder.directExecutor();
        }
        Server server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        server.awaitTermination();
    }
}
