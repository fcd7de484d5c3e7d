package io.decant.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiErrorTest {
    @Test
    void decantErrorCodesMapToTheirHttpStatuses() {
        assertThat(ApiError.httpStatus(ErrorCode.BAD_CONFIG)).isEqualTo(400);
        assertThat(ApiError.httpStatus(ErrorCode.GUARD_REFUSED)).isEqualTo(409);
        assertThat(ApiError.httpStatus(ErrorCode.DIFFERENCES)).isEqualTo(409);
        assertThat(ApiError.httpStatus(ErrorCode.BARRIER_TIMEOUT)).isEqualTo(504);
        assertThat(ApiError.httpStatus(ErrorCode.FAILURE)).isEqualTo(500);
    }

    @Test
    void aRefusedGuardKeepsEachFailedGuardAsADetail() {
        var e = new DecantException(ErrorCode.GUARD_REFUSED, "cannot advance orders to SHADOW_READ",
                List.of("FAILED journal-empty: journal depth 3 (expected 0)"), null);

        ApiError error = ApiError.of(e);

        assertThat(error.status()).isEqualTo(409);
        assertThat(error.code()).isEqualTo("GUARD_REFUSED");
        assertThat(error.details()).containsExactly("FAILED journal-empty: journal depth 3 (expected 0)");
        assertThat(ApiJson.text(error)).contains("\"details\":[\"FAILED journal-empty: journal depth 3 (expected 0)\"]");
    }
}
