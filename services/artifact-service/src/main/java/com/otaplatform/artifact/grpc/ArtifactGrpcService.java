package com.otaplatform.artifact.grpc;

import com.otaplatform.artifact.ArtifactManagement;
import com.otaplatform.artifact.ArtifactManagement.DownloadUrl;
import com.otaplatform.artifact.ReleaseManagement;
import com.otaplatform.artifact.UploadWriter;
import com.otaplatform.artifact.mapping.ArtifactMapper;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** ArtifactService over gRPC: checks roles, maps messages, delegates. */
@GrpcService
@Blocking
public class ArtifactGrpcService extends ArtifactServiceGrpc.ArtifactServiceImplBase {
    private static final int MAX_PAGE = 1000;
    private static final int IN_FLIGHT_MESSAGES = 2;

    @Inject
    ArtifactManagement artifacts;
    @Inject
    ReleaseManagement releases;
    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void createUpload(CreateUploadRequest request, StreamObserver<CreateUploadResponse> response) {
        var spec = ArtifactMapper.toSpec(request.getSpec(), identity.getPrincipal().getName());
        long length = Fields.positive("declared_length", request.getDeclaredLength(), Long.MAX_VALUE);
        var upload = artifacts.createUpload(spec, length, Fields.optionalHex("declared_sha256", request.getDeclaredSha256(), 64),
                Fields.optionalHex("declared_sha512", request.getDeclaredSha512(), 128));
        reply(response, CreateUploadResponse.newBuilder().setUpload(ArtifactMapper.toProto(upload)).build());
    }

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public StreamObserver<WriteUploadRequest> writeUpload(StreamObserver<WriteUploadResponse> response) {
        // Quarkus hands a @Blocking stream's messages to a worker through an unbounded queue; asking for
        // them one by one keeps the transport's flow control in charge, so memory stays flat.
        var call = (ServerCallStreamObserver<WriteUploadResponse>) response;
        call.disableAutoRequest();
        call.request(IN_FLIGHT_MESSAGES);
        return new StreamObserver<>() {
            private UploadWriter writer;
            private boolean done;

            @Override
            public void onNext(WriteUploadRequest message) {
                if (done) {
                    return;
                }
                try {
                    if (writer == null) {
                        if (!message.hasStart()) {
                            throw ApiException.invalidField("start", "the first message must name the upload and offset");
                        }
                        UUID id = Fields.resourceId("start.upload", message.getStart().getUpload(), "uploads");
                        writer = artifacts.openWriter(id, message.getStart().getOffset());
                    } else if (message.hasStart()) {
                        throw ApiException.invalidField("start", "only the first message may carry start");
                    } else {
                        writer.write(message.getChunk());
                    }
                } catch (RuntimeException e) {
                    end();
                    throw e;
                }
                call.request(1);
            }

            @Override
            public void onError(Throwable cause) {
                end();
            }

            @Override
            public void onCompleted() {
                if (done) {
                    return;
                }
                if (writer == null) {
                    done = true;
                    throw ApiException.invalidField("start", "the stream carried no message");
                }
                try {
                    UploadWriter.Result result = writer.finish();
                    var reply = WriteUploadResponse.newBuilder().setUpload(ArtifactMapper.toProto(result.upload()));
                    if (result.artifact() != null) {
                        reply.setArtifact(ArtifactMapper.toProto(result.artifact()));
                    }
                    response.onNext(reply.build());
                    response.onCompleted();
                } finally {
                    done = true;
                    artifacts.closeWriter(writer);
                }
            }

            /** The stream is over without a commit: keep the complete parts, forget the writer. */
            private void end() {
                done = true;
                if (writer != null) {
                    writer.abort();
                    artifacts.closeWriter(writer);
                }
            }
        };
    }

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void getUpload(GetUploadRequest request, StreamObserver<GetUploadResponse> response) {
        var upload = artifacts.getUpload(Fields.resourceId("name", request.getName(), "uploads"));
        reply(response, GetUploadResponse.newBuilder().setUpload(ArtifactMapper.toProto(upload)).build());
    }

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void cancelUpload(CancelUploadRequest request, StreamObserver<CancelUploadResponse> response) {
        var upload = artifacts.cancelUpload(Fields.resourceId("name", request.getName(), "uploads"));
        reply(response, CancelUploadResponse.newBuilder().setUpload(ArtifactMapper.toProto(upload)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getArtifact(GetArtifactRequest request, StreamObserver<GetArtifactResponse> response) {
        var artifact = artifacts.getArtifact(Fields.resourceId("name", request.getName(), "artifacts"));
        reply(response, GetArtifactResponse.newBuilder().setArtifact(ArtifactMapper.toProto(artifact)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listArtifacts(ListArtifactsRequest request, StreamObserver<ListArtifactsResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = artifacts.listArtifacts(offset, size);
        var reply = ListArtifactsResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(artifact -> reply.addArtifacts(ArtifactMapper.toProto(artifact)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN, Roles.SERVICE})
    public void getDownloadUrl(GetDownloadUrlRequest request, StreamObserver<GetDownloadUrlResponse> response) {
        DownloadUrl url = artifacts.downloadUrl(Fields.resourceId("name", request.getName(), "artifacts"));
        reply(response, GetDownloadUrlResponse.newBuilder().setUrl(url.url()).setExpireTime(ArtifactMapper.timestamp(url.expiresAt()))
                .setDigests(ArtifactMapper.toProto(url.digests())).build());
    }

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void createRelease(CreateReleaseRequest request, StreamObserver<CreateReleaseResponse> response) {
        String displayName = Fields.identifier("display_name", request.getDisplayName(), 128);
        List<Map.Entry<String, UUID>> items = new ArrayList<>();
        for (int i = 0; i < request.getArtifactsCount(); i++) {
            ReleaseArtifact item = request.getArtifacts(i);
            items.add(new AbstractMap.SimpleEntry<>(Fields.identifier("artifacts[" + i + "].ecu", item.getEcu(), 64),
                    Fields.resourceId("artifacts[" + i + "].artifact", item.getArtifact(), "artifacts")));
        }
        UUID supersedes = request.getSupersedes().isEmpty() ? null : Fields.resourceId("supersedes", request.getSupersedes(), "releases");
        var release = releases.create(displayName, items, Fields.optional("notes", request.getNotes(), 65536), supersedes,
                identity.getPrincipal().getName());
        reply(response, CreateReleaseResponse.newBuilder().setRelease(ArtifactMapper.toProto(release)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN, Roles.SERVICE})
    public void getRelease(GetReleaseRequest request, StreamObserver<GetReleaseResponse> response) {
        var release = releases.get(Fields.resourceId("name", request.getName(), "releases"));
        reply(response, GetReleaseResponse.newBuilder().setRelease(ArtifactMapper.toProto(release)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listReleases(ListReleasesRequest request, StreamObserver<ListReleasesResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = releases.list(offset, size);
        var reply = ListReleasesResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(release -> reply.addReleases(ArtifactMapper.toProto(release)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void deleteArtifact(DeleteArtifactRequest request, StreamObserver<DeleteArtifactResponse> response) {
        artifacts.deleteArtifact(Fields.resourceId("name", request.getName(), "artifacts"));
        reply(response, DeleteArtifactResponse.getDefaultInstance());
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public void markReleaseSigned(MarkReleaseSignedRequest request, StreamObserver<MarkReleaseSignedResponse> response) {
        UUID id = Fields.resourceId("name", request.getName(), "releases");
        var release = releases.markSigned(id, Fields.positive("targets_version", request.getTargetsVersion(), Long.MAX_VALUE));
        reply(response, MarkReleaseSignedResponse.newBuilder().setRelease(ArtifactMapper.toProto(release)).build());
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
