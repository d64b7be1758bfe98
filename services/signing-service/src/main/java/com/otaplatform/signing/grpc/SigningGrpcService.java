package com.otaplatform.signing.grpc;

import com.otaplatform.signing.v1.SigningServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * SigningService over gRPC. No RPC is implemented yet: every call answers UNIMPLEMENTED until the
 * TUF/Uptane repositories and the vehicle CA are built, so that nothing unsigned passes for signed.
 */
@GrpcService
public class SigningGrpcService extends SigningServiceGrpc.SigningServiceImplBase {
}
