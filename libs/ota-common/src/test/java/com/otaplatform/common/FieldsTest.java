package com.otaplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void shouldNameTheFieldWhenRequiredValueIsMissing() {
        assertThatThrownBy(() -> Fields.required("display_name", " ", 10))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("display_name: is required");
                });
    }

    @Test
    void shouldRefuseHugeStringsAndNul() {
        assertThatThrownBy(() -> Fields.optional("notes", "x".repeat(11), 10)).hasMessageContaining("notes: is longer than 10");
        assertThatThrownBy(() -> Fields.optional("notes", "a\0b", 10)).hasMessageContaining("notes: contains a NUL");
    }

    @Test
    void shouldRefuseIdentifiersThatTraversePaths() {
        assertThat(Fields.identifier("file_name", "build-2.4.1.img", 64)).isEqualTo("build-2.4.1.img");
        for (String bad : new String[] {"../etc/passwd", "a/b", "..", "%2e%2e", ".hidden"}) {
            assertThatThrownBy(() -> Fields.identifier("file_name", bad, 64)).hasMessageStartingWith("INVALID_ARGUMENT: file_name:");
        }
    }

    @Test
    void shouldAcceptSemverOnly() {
        assertThat(Fields.semver("version", "2.4.1-rc.1+build.5")).isEqualTo("2.4.1-rc.1+build.5");
        assertThatThrownBy(() -> Fields.semver("spec.version", "2.4")).hasMessageContaining("spec.version: must be a semantic version");
    }

    @Test
    void shouldParseResourceNames() {
        UUID id = UUID.randomUUID();
        assertThat(Fields.resourceId("name", "rollouts/" + id, "rollouts")).isEqualTo(id);
        assertThatThrownBy(() -> Fields.resourceId("name", "releases/" + id, "rollouts")).hasMessageContaining("name: must look like rollouts/{id}");
        assertThatThrownBy(() -> Fields.resourceId("name", "rollouts/nope", "rollouts")).hasMessageContaining("name: has a malformed id");
    }

    @Test
    void shouldBoundPageSizes() {
        assertThat(Fields.pageSize("page_size", 0, 100, 1000)).isEqualTo(100);
        assertThatThrownBy(() -> Fields.pageSize("page_size", 1001, 100, 1000)).hasMessageContaining("page_size: must be between 1 and 1000");
        assertThatThrownBy(() -> Fields.pageSize("page_size", -1, 100, 1000)).hasMessageContaining("page_size");
    }

    @Test
    void shouldRoundTripPageTokensAndRefuseForgedOnes() {
        String token = PageToken.next(200, 100, 100);
        assertThat(PageToken.offset("page_token", token)).isEqualTo(300);
        assertThat(PageToken.next(200, 7, 100)).isEmpty();
        assertThatThrownBy(() -> PageToken.offset("page_token", "garbage!")).hasMessageContaining("page_token: is not a token");
    }
}
