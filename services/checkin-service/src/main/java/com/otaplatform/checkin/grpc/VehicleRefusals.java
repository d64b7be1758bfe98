package com.otaplatform.checkin.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/** Refusals of vehicle calls with a machine-readable reason: a google.rpc.ErrorInfo in domain "ota.vehicle.v1". */
final class VehicleRefusals {
    static final String DOMAIN = "ota.vehicle.v1";

    private VehicleRefusals() {
    }

    /** A {@code code} refusal with {@code message}, whose ErrorInfo holds {@code reason}, the {@code field} and {@code metadata}. */
    static StatusRuntimeException of(Status.Code code, String reason, String field, String message, Map<String, String> metadata) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).putMetadata("field", field)
                        .putAllMetadata(metadata).build()))
                .build());
    }
}
